/**
 * The on-behalf-of exchange (SSO token → Graph token) through msal-node, one
 * ConfidentialClientApplication per tenant (the user's own tenant is the authority; single-tenant
 * deployments have exactly one), and a Graph-token cache per user (graphTokenCache.ts) in front:
 * msal's own cache is keyed by the assertion and would call Entra again for each fresh SSO
 * token, so it is bypassed (`skipCache`) and emptied after each exchange to keep memory bounded.
 *
 * Authority and cloud-discovery metadata are supplied from AUTHORITY_HOST so msal makes no
 * discovery call: the only request it sends is the token POST (works offline against the emulator).
 */
import { ConfidentialClientApplication, LogLevel as MsalLogLevel } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import { msalCredential, type ClientCredential } from './clientCredential';
import { MsalNetworkClient } from './msalNetworkClient';
import { classifyOboError } from './oboErrors';
import type { AuthenticatedUser } from './ssoTokenValidator';
import { GraphTokenCache, type SharedTokenTier } from './graphTokenCache';
import { createAppError } from '../errors/AppError';
import type { Log } from '../log';
import type { Telemetry } from '../telemetry/telemetry';

export interface OboClientOptions {
  authorityHost: string;
  clientId: string;
  clientCredential: ClientCredential;
  graphScopes: string[];
  dispatcher: Dispatcher;
  logger: Log;
  now?: () => number;
  /** The cache tier shared with the other instances, if any. */
  sharedCache?: SharedTokenTier;
  /** Counts exchanges and their failures by AADSTS code. */
  exchangeTelemetry?: Pick<Telemetry, 'oboExchange'>;
}

/** A Graph access token (never logged, never sent to the browser), and whether it came from the cache. */
export interface GraphToken {
  token: string;
  fromCache: boolean;
}

export interface GraphTokenProvider {
  /** A Graph access token for this user. */
  graphTokenFor(user: AuthenticatedUser, log: Log): Promise<GraphToken>;
  /** Drops this user's cached Graph token if it is still `token` (Graph answered 401 to it), so the next call exchanges again. */
  forget(user: AuthenticatedUser, token: string): Promise<void>;
  /**
   * Graph answered `token` with a claims challenge: drops it, and sends `claims` with this user's
   * next exchange (until one succeeds), so Entra issues a token that satisfies them.
   */
  requireClaims(user: AuthenticatedUser, token: string, claims: string): Promise<void>;
}

/**
 * The middle tier handles claims challenges, so it declares the `cp1` client capability: Graph
 * sends continuous access evaluation challenges only to clients that do
 * (https://learn.microsoft.com/en-us/entra/identity-platform/app-resilience-continuous-access-evaluation).
 */
export const CLIENT_CAPABILITIES = ['CP1'];
/** Users with claims waiting for their next exchange, at most (oldest dropped first). */
const MAX_PENDING_CLAIMS = 10_000;

/** The OpenID metadata msal would otherwise download from `.well-known/openid-configuration`. */
function authorityMetadataFor(authorityHost: string, tenantId: string): string {
  const base = `${authorityHost}/${tenantId}`;
  return JSON.stringify({
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
  });
}

/** The instance-discovery answer msal would otherwise request: this host is its own cloud. */
function cloudDiscoveryMetadataFor(authorityHost: string, tenantId: string): string {
  const host = new URL(authorityHost).host;
  return JSON.stringify({
    tenant_discovery_endpoint: `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

export function createOboClient(options: OboClientOptions): GraphTokenProvider {
  const now = options.now ?? Date.now;
  const clients = new Map<string, ConfidentialClientApplication>();
  const cache = new GraphTokenCache({ now, shared: options.sharedCache });

  // Tenants are already restricted to the allow-list by token validation, so this map is bounded.
  const clientFor = (tenantId: string): ConfidentialClientApplication => {
    let cca = clients.get(tenantId);
    if (cca === undefined) {
      cca = new ConfidentialClientApplication({
        auth: {
          clientId: options.clientId,
          ...msalCredential(options.clientCredential),
          authority: `${options.authorityHost}/${tenantId}`,
          knownAuthorities: [new URL(options.authorityHost).host],
          authorityMetadata: authorityMetadataFor(options.authorityHost, tenantId),
          cloudDiscoveryMetadata: cloudDiscoveryMetadataFor(options.authorityHost, tenantId),
          clientCapabilities: CLIENT_CAPABILITIES,
        },
        system: {
          networkClient: new MsalNetworkClient(options.dispatcher),
          loggerOptions: {
            // msal's own logs without personal data, routed into pino at debug level.
            piiLoggingEnabled: false,
            logLevel: MsalLogLevel.Warning,
            loggerCallback: (_level, message) => options.logger.debug({ component: 'msal' }, message),
          },
        },
      });
      clients.set(tenantId, cca);
    }
    return cca;
  };

  // Claims a Graph challenge asked for, per cache key, for that user's next exchange (msal merges in the capabilities).
  const pendingClaims = new Map<string, string>();
  const keyOf = (user: AuthenticatedUser): string =>
    GraphTokenCache.keyFor(user.tenantId, user.userOid, options.graphScopes);

  const exchange = async (user: AuthenticatedUser, log: Log): Promise<{ token: string; expiresAt: number }> => {
    const cca = clientFor(user.tenantId);
    const claims = pendingClaims.get(keyOf(user));
    let result: Awaited<ReturnType<ConfidentialClientApplication['acquireTokenOnBehalfOf']>>;
    try {
      result = await cca.acquireTokenOnBehalfOf({
        oboAssertion: user.assertion,
        scopes: options.graphScopes,
        skipCache: true,
        ...(claims === undefined ? {} : { claims }),
      });
    } catch (error) {
      options.exchangeTelemetry?.oboExchange(oboFailureCode(error));
      const classified = classifyOboError(error);
      if (classified.log.adminDetail !== undefined)
        log.error({ code: classified.error.code }, classified.log.adminDetail);
      else log.warn({ code: classified.error.code, msalErrorCode: errorCodeOf(error) }, 'on-behalf-of exchange failed');
      throw classified.error;
    } finally {
      // Our cache is the one that counts; msal's would grow by one entry per SSO token.
      cca.clearCache();
    }
    const token = result?.accessToken;
    if (token === undefined || token === '')
      throw createAppError('upstreamError', { message: 'Microsoft Entra ID returned no access token.' });
    if (claims !== undefined && pendingClaims.get(keyOf(user)) === claims) pendingClaims.delete(keyOf(user));
    options.exchangeTelemetry?.oboExchange();
    log.info({ component: 'obo', withClaims: claims !== undefined }, 'on-behalf-of exchange succeeded');
    // No expiry given: used for this request only (expiresAt now → not cached).
    return { token, expiresAt: result?.expiresOn?.getTime() ?? now() };
  };

  return {
    graphTokenFor(user, log) {
      return cache.get(keyOf(user), () => exchange(user, log));
    },
    async forget(user, token) {
      await cache.forget(keyOf(user), token);
    },
    async requireClaims(user, token, claims) {
      const key = keyOf(user);
      pendingClaims.delete(key);
      if (pendingClaims.size >= MAX_PENDING_CLAIMS) {
        const oldest = pendingClaims.keys().next();
        if (oldest.done !== true) pendingClaims.delete(oldest.value);
      }
      pendingClaims.set(key, claims);
      await cache.forget(key, token);
    },
  };
}

/** `AADSTS50013`-style when Entra gave a number, else msal's code (`network_error`…), for the failure metric. */
function oboFailureCode(error: unknown): string {
  const number = typeof error === 'object' && error !== null ? (error as { errorNo?: unknown }).errorNo : undefined;
  if (
    (typeof number === 'string' && /^\d{1,9}$/.test(number)) ||
    (typeof number === 'number' && Number.isInteger(number))
  )
    return `AADSTS${number}`;
  const code = errorCodeOf(error);
  return code !== undefined && /^[a-z_]{1,64}$/.test(code) ? code : 'unknown';
}

function errorCodeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { errorCode?: unknown }).errorCode : undefined;
  return typeof code === 'string' ? code : undefined;
}

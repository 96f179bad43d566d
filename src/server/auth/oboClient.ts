/**
 * The on-behalf-of exchange (SSO token → Graph token) with ONE msal-node
 * ConfidentialClientApplication for the process: msal caches OBO results keyed by a hash of the
 * assertion, so repeated requests with the same SSO token are served without calling Entra.
 *
 * Authority and cloud-discovery metadata are supplied from AUTHORITY_HOST so msal makes no
 * discovery call: the only request it sends is the token POST (works offline against the emulator).
 */
import { ConfidentialClientApplication, LogLevel as MsalLogLevel } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import type { FastifyBaseLogger } from 'fastify';
import { MsalNetworkClient } from './msalNetworkClient';
import { classifyOboError } from './oboErrors';
import type { AuthenticatedUser } from './ssoTokenValidator';
import { createAppError } from '../errors/AppError';

export interface OboClientOptions {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphScopes: string[];
  dispatcher: Dispatcher;
  logger: FastifyBaseLogger;
}

export interface GraphTokenProvider {
  /** A Graph access token for this user (never logged, never sent to the browser). */
  graphTokenFor(user: AuthenticatedUser, log: FastifyBaseLogger): Promise<string>;
}

/** The OpenID metadata msal would otherwise download from `.well-known/openid-configuration`. */
export function authorityMetadataFor(authorityHost: string, tenantId: string): string {
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
export function cloudDiscoveryMetadataFor(authorityHost: string, tenantId: string): string {
  const host = new URL(authorityHost).host;
  return JSON.stringify({
    tenant_discovery_endpoint: `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

export function createOboClient(options: OboClientOptions): GraphTokenProvider {
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `${options.authorityHost}/${options.tenantId}`,
      knownAuthorities: [new URL(options.authorityHost).host],
      authorityMetadata: authorityMetadataFor(options.authorityHost, options.tenantId),
      cloudDiscoveryMetadata: cloudDiscoveryMetadataFor(options.authorityHost, options.tenantId),
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

  return {
    async graphTokenFor(user: AuthenticatedUser, log: FastifyBaseLogger): Promise<string> {
      let accessToken: string | undefined;
      try {
        const result = await cca.acquireTokenOnBehalfOf({ oboAssertion: user.assertion, scopes: options.graphScopes });
        accessToken = result?.accessToken;
      } catch (error) {
        const classified = classifyOboError(error);
        if (classified.log.adminDetail !== undefined) log.error({ code: classified.error.code }, classified.log.adminDetail);
        else log.warn({ code: classified.error.code, msalErrorCode: errorCodeOf(error) }, 'on-behalf-of exchange failed');
        throw classified.error;
      }
      if (accessToken === undefined || accessToken === '') throw createAppError('upstreamError', { message: 'Microsoft Entra ID returned no access token.' });
      return accessToken;
    },
  };
}

function errorCodeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { errorCode?: unknown }).errorCode : undefined;
  return typeof code === 'string' ? code : undefined;
}

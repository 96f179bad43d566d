/**
 * Entra-like routes of every tenant the emulator plays and of the multi-tenant authorities
 * (`organizations`, `common`; authority.ts): discovery, keys and the v2 token endpoint (OBO
 * grant). The interactive `/authorize` endpoint lives in entra/authorize*. Any other tenant in
 * the path answers AADSTS90002, as Entra does. Every answer carries Entra's own headers
 * (entraHeaders.ts).
 *
 * The token endpoint passes the fault gate as route `token` (keyed by the assertion's `oid`,
 * read without verification: the gate acts before any check, as a front door would).
 */
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { entraErrors } from './entraErrors';
import { type FaultGate } from '../faults/FaultGate';
import { dropConnection, headerValue, rawBody } from '../common/requestContext';
import { type EntraSwitchStore } from './EntraSwitchStore';
import { type Authority, resolveAuthority } from './authority';
import { ENTRA_PATH, entraHeaders, DISCOVERY_CACHING, TOKEN_CACHING } from './entraHeaders';
import { type Issuer } from './Issuer';
import { handleTokenRequest, type ClientRegistration } from './tokenEndpoint';

export interface IssuerRouteExtras {
  gate: FaultGate;
  switches: EntraSwitchStore;
  /** The authorization_code grant (issuer/authorizeRoutes.ts); without it that grant answers 501. */
  authorizationCode?: (form: URLSearchParams, authorizationHeader: string | undefined) => Promise<unknown>;
  /** Puts a request whose connection a `reset` fault dropped into the request log. */
  recordReset: (request: FastifyRequest) => void;
}

const STATUS_OF = { throttle: 429, unavailable: 503, gatewayTimeout: 504 } as const;

interface TenantParams {
  tenant: string;
}

export function registerIssuerRoutes(
  app: FastifyInstance,
  issuer: Issuer,
  client: ClientRegistration,
  extras: IssuerRouteExtras,
): void {
  function requireTenant(tenant: string): Authority {
    const authority = resolveAuthority(tenant, (id) => issuer.isKnownTenant(id));
    if (authority === undefined) throw entraErrors.tenantNotFound(tenant);
    return authority;
  }

  app.addHook('onRequest', async (request, reply) => {
    if (ENTRA_PATH.test(request.url.split('?')[0] ?? '')) reply.headers(entraHeaders(request.id));
  });

  app.get<{ Params: TenantParams }>('/:tenant/v2.0/.well-known/openid-configuration', async (request, reply) => {
    const authority = requireTenant(request.params.tenant);
    return reply.headers(DISCOVERY_CACHING).send(issuer.metadata(authority));
  });

  app.get<{ Params: TenantParams }>('/:tenant/discovery/v2.0/keys', async (request, reply) => {
    const authority = requireTenant(request.params.tenant);
    return reply.headers(DISCOVERY_CACHING).send(await issuer.jwks(authority));
  });

  // Entra's v1 discovery and keys, which v1 clients and many JWT libraries read.
  app.get<{ Params: TenantParams }>('/:tenant/.well-known/openid-configuration', async (request, reply) => {
    const authority = requireTenant(request.params.tenant);
    return reply.headers(DISCOVERY_CACHING).send(issuer.v1Metadata(authority));
  });

  app.get<{ Params: TenantParams }>('/:tenant/discovery/keys', async (request, reply) => {
    requireTenant(request.params.tenant);
    return reply.headers(DISCOVERY_CACHING).send(await issuer.jwksV1());
  });

  for (const endpoint of ['token', 'authorize'] as const) {
    app.all<{ Params: TenantParams }>(`/:tenant/oauth2/${endpoint}`, async (request) => {
      requireTenant(request.params.tenant);
      throw entraErrors.v1EndpointNotImplemented(`/oauth2/${endpoint}`);
    });
  }

  app.post<{ Params: TenantParams }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const authority = requireTenant(request.params.tenant);
    reply.headers(TOKEN_CACHING);
    const form = new URLSearchParams(rawBody(request));
    const path = request.url.split('?')[0] ?? request.url;
    const gate = await extras.gate.pass({
      method: 'POST',
      path,
      userOid: unverifiedOid(form.get('assertion')),
      key: 'token',
      faultTarget: 'token',
    });
    if (gate.kind === 'reset') return dropConnection(request, reply, extras.recordReset);
    if (gate.kind === 'status') {
      // graphError and insufficientClaims rules cannot target the token endpoint (faultRules.ts); 503 keeps the type total.
      const status =
        gate.fault.kind === 'graphError' || gate.fault.kind === 'insufficientClaims' ? 503 : STATUS_OF[gate.fault.kind];
      throw entraErrors.temporarilyUnavailable(
        status,
        gate.fault.retryAfterSeconds ?? (gate.fault.kind === 'throttle' ? 1 : undefined),
      );
    }
    const contentType = headerValue(request, 'content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw entraErrors.invalidParameter(
        'Content-Type',
        "the token endpoint takes 'application/x-www-form-urlencoded'.",
      );
    }
    if (form.get('grant_type') === 'authorization_code' && extras.authorizationCode !== undefined) {
      const redeemed = await extras.authorizationCode(form, headerValue(request, 'authorization'));
      return reply.send(redeemed);
    }
    const success = await handleTokenRequest(
      form,
      headerValue(request, 'authorization'),
      issuer,
      client,
      extras.switches,
      authority,
    );
    return reply.send(success);
  });
}

/** The `oid` of an assertion, unverified (only to key Retry-After windows); `unknown` if unreadable. */
function unverifiedOid(assertion: string | null): string {
  if (assertion === null) return 'unknown';
  try {
    const { oid } = decodeJwt(assertion);
    return typeof oid === 'string' ? oid : 'unknown';
  } catch {
    return 'unknown';
  }
}

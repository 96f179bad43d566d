/**
 * Entra-like routes of the one tenant the emulator knows: discovery, keys, the v2 token
 * endpoint (OBO grant), and the authorize endpoint the metadata names (501 until the sign-in
 * flow is built). Any other tenant in the path answers AADSTS90002, as Entra does.
 */
import { type FastifyInstance } from 'fastify';
import { entraErrors } from '../errors/entraErrors';
import { EntraError } from '../errors/EmulatorError';
import { headerValue, rawBody } from '../http/requestContext';
import { type Issuer } from './Issuer';
import { handleTokenRequest, type ClientRegistration } from './tokenEndpoint';

interface TenantParams {
  tenant: string;
}

export function registerIssuerRoutes(app: FastifyInstance, issuer: Issuer, client: ClientRegistration): void {
  function requireTenant(tenant: string): void {
    if (tenant.toLowerCase() !== issuer.tenantId.toLowerCase()) throw entraErrors.tenantNotFound(tenant);
  }

  app.get<{ Params: TenantParams }>('/:tenant/v2.0/.well-known/openid-configuration', async (request, reply) => {
    requireTenant(request.params.tenant);
    return reply.header('cache-control', 'no-store').send(issuer.metadata());
  });

  app.get<{ Params: TenantParams }>('/:tenant/discovery/v2.0/keys', async (request, reply) => {
    requireTenant(request.params.tenant);
    return reply.header('cache-control', 'no-store').send(await issuer.jwks());
  });

  app.post<{ Params: TenantParams }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    requireTenant(request.params.tenant);
    const contentType = headerValue(request, 'content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw entraErrors.invalidParameter('Content-Type', "the token endpoint takes 'application/x-www-form-urlencoded'.");
    }
    const success = await handleTokenRequest(new URLSearchParams(rawBody(request)), headerValue(request, 'authorization'), issuer, client);
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(success);
  });

  app.get<{ Params: TenantParams }>('/:tenant/oauth2/v2.0/authorize', async (request) => {
    requireTenant(request.params.tenant);
    throw new EntraError(501, 'not_implemented', 0, 'The local emulator does not implement the interactive sign-in (/authorize) yet.');
  });
}

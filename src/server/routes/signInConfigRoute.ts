/**
 * `GET /api/sign-in-config`: what MSAL.js in the task pane needs for the sign-in fallbacks
 * (client id, authority, the API scope, the Graph permissions consent must cover). It is public
 * (the pane asks for it before it has a token) and contains nothing secret.
 */
import type { FastifyInstance } from 'fastify';
import { API_PATHS, type SignInConfig } from '../../shared/api';
import { applicationIdUri } from '../../shared/localMode';
import { REQUIRED_SCOPE } from '../auth/ssoTokenValidator';
import type { ServerConfig } from '../config';

export function signInConfigOf(
  config: Pick<ServerConfig, 'authorityHost' | 'tenantId' | 'clientId' | 'publicUrl' | 'graphScopes'>,
): SignInConfig {
  return {
    clientId: config.clientId,
    // A multi-tenant deployment's TENANT_ID is "organizations"/"common": MSAL signs in there too.
    authority: `${config.authorityHost}/${config.tenantId}`,
    apiScope: `${applicationIdUri(new URL(config.publicUrl).host, config.clientId)}/${REQUIRED_SCOPE}`,
    graphScopes: [...config.graphScopes],
  };
}

export function registerSignInConfigRoute(app: FastifyInstance, config: SignInConfig): void {
  const body = JSON.stringify(config);
  app.get(API_PATHS.signInConfig, async (_request, reply) =>
    // Short cache: a redeployment with another registration is picked up within minutes.
    reply.header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(body),
  );
}

/**
 * The composition root of the middle tier: the only place where the parts are built and wired.
 *
 * Order of what every request goes through (and why):
 *   1. onRequest: `request-id` + security headers — first, so every answer carries them,
 *      including 404s, 405s, auth failures and crashes.
 *   2. Routing. /api routes live in one encapsulated scope whose onRequest hook authenticates
 *      the SSO token BEFORE the body is read (anonymous callers cannot make us parse anything);
 *      405/404 fallbacks for /api sit outside that scope; static files are served last.
 *   3. Body parsing: JSON only (≤ API_LIMITS.maxBodyBytes); other types → 415.
 *   4. Schema validation (additionalProperties: false, no type coercion) → 400 with a target.
 *   5. Handler → session service → registry / OBO / Graph.
 *   6. One error handler turns any failure into the shared envelope with its real status.
 * On close: the HTTP server stops accepting and drains in-flight requests, then the registry
 * database and the outbound connection pool are closed.
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { API_LIMITS } from '../shared/api';
import type { ServerConfig } from './config';
import { createAuthenticateHook } from './auth/authenticate';
import { JwksKeySource } from './auth/jwksKeySource';
import { createOboClient } from './auth/oboClient';
import { createTokenValidator } from './auth/ssoTokenValidator';
import { installErrorHandling } from './errors/errorHandler';
import { createGraphClient } from './graph/graphClient';
import type { Sleep } from './graph/retry';
import { installJsonParser } from './http/jsonBody';
import { createOutboundAgent } from './http/outboundAgent';
import { securityHeaders } from './http/securityHeaders';
import { registerStaticFiles } from './http/staticFiles';
import { SqliteSessionStore } from './registry/SqliteSessionStore';
import { registerApiFallbacks, registerSessionRoutes } from './routes/sessionRoutes';
import { createSessionService } from './sessions/sessionService';
import { LOG_REDACT_PATHS } from './logging';

export interface ServerOverrides {
  /** Clock (ms since epoch) for token validation and session lifetimes. */
  now?: () => number;
  /** Sleep used between Graph retries. */
  sleep?: Sleep;
  /** Where pino writes its JSON lines (default stdout); tests capture logs with it. */
  logStream?: { write(line: string): void };
}

export type MiddleTierApp = FastifyInstance<HttpsServer>;

export interface RunningServer {
  app: MiddleTierApp;
  /** Starts listening on config.host:config.port (0 = a free port); resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, finishes in-flight requests, closes the registry and outbound connections. */
  close(): Promise<void>;
}

export async function createServer(config: ServerConfig, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const now = overrides.now ?? Date.now;
  const app = Fastify({
    https: { cert: config.tlsCertPem, key: config.tlsKeyPem },
    logger: {
      level: config.logLevel,
      redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' },
      ...(overrides.logStream === undefined ? {} : { stream: overrides.logStream }),
    },
    // Our ids, never a caller-chosen one: they appear in logs and in error envelopes.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: API_LIMITS.maxBodyBytes,
    forceCloseConnections: 'idle',
    // Reject rather than silently strip unknown properties or coerce "true" into true.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });

  const agent = createOutboundAgent(config.outboundCaPem);
  const store = new SqliteSessionStore(config.registryPath);
  app.addHook('onClose', async () => {
    store.close();
    await agent.close();
  });

  // 1. Request id + security headers on every answer.
  const headers = securityHeaders(config.officeJsUrl);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('request-id', request.id);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  });
  // 6. One error handler and one not-found handler (installed before any route so all inherit them).
  installErrorHandling(app);
  // 3. JSON bodies only.
  installJsonParser(app);

  const validator = createTokenValidator({
    authorityHost: config.authorityHost,
    tenantId: config.tenantId,
    clientId: config.clientId,
    publicUrl: config.publicUrl,
    keys: new JwksKeySource({ jwksUrl: `${config.authorityHost}/${config.tenantId}/discovery/v2.0/keys`, dispatcher: agent, now }),
    now,
  });
  const sessions = createSessionService({
    store,
    now,
    tokens: createOboClient({ ...config, dispatcher: agent, logger: app.log }),
    graph: createGraphClient({ baseUrl: config.graphBaseUrl, dispatcher: agent, sleep: overrides.sleep, now }),
  });

  // 2. The authenticated API scope, then the /api fallbacks, then static files.
  app.decorateRequest('user', null);
  await app.register(async (api) => {
    api.addHook('onRequest', createAuthenticateHook(validator));
    registerSessionRoutes(api, sessions);
  });
  registerApiFallbacks(app);
  registerStaticFiles(app, config.staticDir, config.officeJsUrl);
  await app.ready();

  return {
    app,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const { port } = app.server.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
      return `https://${host}:${port}`;
    },
    close: () => app.close(),
  };
}

/**
 * The composition root of the middle tier: the only place where the parts are built and wired.
 *
 * Order of what every request goes through (and why):
 *   0. The socket: HTTPS with our certificate, or plain HTTP from the TLS-terminating proxy named
 *      by TRUST_PROXY (http/transport.ts); connection caps (in all, per client address; at the
 *      cap an idle connection makes room, http/connectionCaps.ts) before the TLS handshake;
 *      timeouts on the handshake, headers, whole request, idle keep-alive and silence
 *      (http/connectionLimits.ts). Then Node's HTTP parser: malformed requests (CR/LF in
 *      headers, oversized headers) and late ones (408) never reach fastify;
 *      errors/clientErrors.ts answers them with the envelope. Malformed URLs and over-long path
 *      parameters go to the error handler through `frameworkErrors`.
 *   1. onRequest: `request-id` + security headers — first, so every answer carries them,
 *      including 404s, 405s, auth failures and crashes — then header hygiene (control
 *      characters, repeated Authorization) → 400; in plain-HTTP mode, anything but the probes
 *      that did not come through the proxy over HTTPS → 400.
 *   2. Routing. /api routes live in one encapsulated scope whose onRequest hook authenticates
 *      the SSO token BEFORE the body is read (anonymous callers cannot make us parse anything)
 *      and applies the rate limits (per user; failed authentications per IP) → 401 / 429;
 *      405/404 fallbacks for /api sit outside that scope; then the probes (/healthz, /readyz)
 *      and the support page, unauthenticated; static files are served last.
 *      CORS is closed: no route answers preflights or sends Access-Control-* headers, so
 *      browsers refuse cross-origin API calls (the pane is same-origin).
 *   3. Body parsing: JSON only (≤ API_LIMITS.maxBodyBytes → else 413); other types → 415.
 *   4. Schema validation (additionalProperties: false, no type coercion) → 400 with a target.
 *      Every API route also refuses query parameters and, when it declares no body schema, a body.
 *   5. Handler → session service → registry / OBO / Graph.
 *   6. One error handler turns any failure into the shared envelope with its real status.
 * On close: the HTTP server stops accepting and drains in-flight requests, then the registry
 * database and the outbound connection pool are closed.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { API_LIMITS } from '../shared/api';
import type { ServerConfig } from './config';
import { createAuthenticateHook } from './auth/authenticate';
import { createTenantKeySources, type JwksTiming } from './auth/jwksKeySource';
import { createOboClient } from './auth/oboClient';
import { PostgresCacheClient, sealedTokenTier } from './auth/sharedTokenTier';
import { createTokenValidator } from './auth/ssoTokenValidator';
import { acceptedTenants, jwksUrlFor } from './auth/tenancy';
import { createReadinessProbe, entraCheck, type RegistryHealth } from './health/readiness';
import { createClientErrorHandler } from './errors/clientErrors';
import { handleError, installErrorHandling } from './errors/errorHandler';
import type { Random, Sleep } from './graph/retry';
import { installApiInputRules } from './http/apiInputRules';
import { installJsonParser } from './http/jsonBody';
import { capConnections } from './http/connectionCaps';
import { applyServerTimeouts, closeAfterEarlyRefusals, serverTimeouts } from './http/connectionLimits';
import { createRateLimiter } from './http/rateLimit';
import { QuietLogController, RefusalTally } from './http/requestLog';
import { checkRequestHeaders } from './http/requestHeaders';
import { createOutboundAgent } from './http/outboundAgent';
import { type HeaderSet, securityHeaders } from './http/securityHeaders';
import { registerStaticFiles } from './http/staticFiles';
import { fastifyTrustProxy, requireHttpsFromProxy, trustProxyRangeWarning } from './http/transport';
import { createCredentialSealer } from './registry/closeCredential';
import { openSessionStore } from './registry/openSessionStore';
import { registerHealthRoutes } from './routes/healthRoutes';
import { registerApiFallbacks, registerSessionRoutes } from './routes/sessionRoutes';
import { registerSupportPage } from './support/supportPage';
import { registerSignInConfigRoute, signInConfigOf } from './routes/signInConfigRoute';
import { wireSessions } from './sessions/sessionWiring';
import { LOG_REDACT_PATHS, LOG_SERIALIZERS } from './log';
import { instrumentSessionService, instrumentSessionStore } from './telemetry/instrumented';
import { NO_TELEMETRY, type Telemetry } from './telemetry/telemetry';

/** How long start-up waits for the registry database before serving without it (not ready). */
const REGISTRY_START_WAIT_MS = 10_000;

export interface ServerOverrides {
  /** Clock (ms since epoch) for token validation and session lifetimes. */
  now?: () => number;
  /** Sleep used between Graph retries. */
  sleep?: Sleep;
  /** Randomness of the retry backoff jitter. */
  random?: Random;
  /** How often the registry is reconciled after the start-up run (default 60 s). */
  reconcileIntervalMs?: number;
  /** Where pino writes its JSON lines (default stdout); tests capture logs with it. */
  logStream?: { write(line: string): void };
  /** How often Entra's signing keys are fetched (default JWKS_TIMING). */
  signingKeys?: Partial<JwksTiming>;
  /** Metrics and traces, started by main.ts (telemetry/loadTelemetry.ts); none by default. Stopped on close. */
  telemetry?: Telemetry;
}

/** HTTPS with its own certificate, or plain HTTP behind a trusted TLS proxy (http/transport.ts). */
export type MiddleTierApp = FastifyInstance<HttpServer>;

export type { RegistryHealth } from './health/readiness';

export interface RunningServer {
  app: MiddleTierApp;
  registry: RegistryHealth;
  /** Starts listening on config.host:config.port (0 = a free port); resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, finishes in-flight requests, closes the registry and outbound connections. */
  close(): Promise<void>;
}

export async function createServer(config: ServerConfig, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const now = overrides.now ?? Date.now;
  const telemetry = overrides.telemetry ?? NO_TELEMETRY;
  const pageHeaders = securityHeaders(config);
  const headers = pageHeaders.everyAnswer;
  // Routine refusals are logged at debug and counted; one info line a minute sums them up.
  const refusals = new RefusalTally((): FastifyBaseLogger => app.log);
  const timeouts = serverTimeouts(config.connections);
  const app: MiddleTierApp = Fastify({
    serverFactory: (fastifyHandler) => {
      // With telemetry on, each request gets its span here, current while fastify handles it.
      const handler = telemetry.wrapRequestHandler(fastifyHandler);
      return applyServerTimeouts(
        config.tls === null
          ? createHttpServer(
              {
                headersTimeout: timeouts.headersTimeout,
                connectionsCheckingInterval: timeouts.connectionsCheckingInterval,
              },
              handler,
            )
          : createHttpsServer({ cert: config.tls.certPem, key: config.tls.keyPem, ...timeouts }, handler),
        config.connections,
      );
    },
    // X-Forwarded-For/-Proto/-Host are believed only from the proxies TRUST_PROXY names.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    logger: {
      level: config.logLevel,
      redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' },
      // Request URLs are logged without their query string.
      serializers: LOG_SERIALIZERS,
      // Log lines carry the trace and span ids when telemetry is on.
      ...(telemetry.enabled ? { mixin: () => telemetry.logFields() } : {}),
      ...(overrides.logStream === undefined ? {} : { stream: overrides.logStream }),
    },
    logController: new QuietLogController(refusals),
    // Our ids, never a caller-chosen one: they appear in logs and in error envelopes.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: API_LIMITS.maxBodyBytes,
    // Long enough that an over-long id still reaches its route and fails the id schema (400);
    // fastify's default (100) would turn it into a 404 from the /api fallback.
    routerOptions: { maxParamLength: 1024 },
    forceCloseConnections: 'idle',
    // Runs only once listening, when `app` exists.
    clientErrorHandler: createClientErrorHandler(
      (): FastifyBaseLogger => app.log,
      headers,
      (code) => refusals.count(code),
    ),
    // Bad percent-encoding and over-long path parameters (ids) → the envelope, not fastify's body.
    frameworkErrors: (error, request, reply) => {
      applyHeaders(reply, request.id, headers);
      handleError(error, request, reply);
    },
    // Reject rather than silently strip unknown properties or coerce "true" into true.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  });

  const proxyWarning = trustProxyRangeWarning(config.trustProxy);
  if (proxyWarning !== undefined) app.log.warn(proxyWarning);

  capConnections(app.server, config.connections, (event, address) => {
    app.log.debug(
      { reason: event, address },
      event === 'idleConnectionClosed' ? 'idle connection closed to make room' : 'connection refused',
    );
    refusals.count(event);
  });

  const agent = createOutboundAgent(config.outboundCaPem);
  const opened = openSessionStore(config, app.log);
  const { firstAttempt } = opened;
  const store = telemetry.enabled ? instrumentSessionStore(opened.store, telemetry) : opened.store;
  if (telemetry.enabled) telemetry.countSessionsWith(() => store.countByStatus());
  const sealer = createCredentialSealer(config.sealingKeys);
  // With PostgreSQL, the Graph-token cache is shared by all instances too.
  const tokenCacheClient =
    config.registryUrl === null ? undefined : new PostgresCacheClient(config.registryUrl, app.log);
  let stopReconciler = async (): Promise<void> => undefined;
  app.addHook('onClose', async () => {
    refusals.stop();
    await stopReconciler();
    await store.close();
    await tokenCacheClient?.close();
    await agent.close();
    await telemetry.shutdown();
  });

  // Draining: a keep-alive connection that carried an in-flight request would otherwise stay
  // open (and keep close() waiting) until the client or the keep-alive timeout ends it.
  let draining = false;
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async () => {
    if (draining) app.server.closeIdleConnections();
  });
  // Early refusals close the connection rather than wait for a body nobody will read.
  closeAfterEarlyRefusals(app);
  // The pane sets its clock by Date (https://www.rfc-editor.org/rfc/rfc9110#field.date): written
  // from this tier's clock, the one expiresAt is computed with, not Node's own reading.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', new Date(now()).toUTCString());
  });

  // 1. Request id + security headers on every answer, then header hygiene.
  app.addHook('onRequest', async (request, reply) => {
    applyHeaders(reply, request.id, headers);
    checkRequestHeaders(request);
    // Plain HTTP is only for the trusted proxy's traffic, which reached it over HTTPS.
    if (config.tls === null) requireHttpsFromProxy(request);
  });
  if (telemetry.enabled)
    app.addHook('onRequest', async (request) => telemetry.routed(request.raw, request.routeOptions.url));
  // 6. One error handler and one not-found handler (installed before any route so all inherit them).
  installErrorHandling(app);
  // 3. JSON bodies only.
  installJsonParser(app);

  const validator = createTokenValidator({
    authorityHost: config.authorityHost,
    tenants: acceptedTenants(config),
    clientId: config.clientId,
    publicUrl: config.publicUrl,
    keysFor: createTenantKeySources({
      jwksUrlFor: (tenantId) => jwksUrlFor(config.authorityHost, tenantId),
      dispatcher: agent,
      now,
      timing: overrides.signingKeys,
    }),
    now,
    log: app.log,
  });
  const limiter = createRateLimiter(config.rateLimit, now);
  const sharedTokens = tokenCacheClient === undefined ? undefined : sealedTokenTier(tokenCacheClient, sealer, app.log);
  const wired = wireSessions({
    graphBaseUrl: config.graphBaseUrl,
    sealer,
    store,
    leaseMs: config.registryLeaseMs,
    tokens: createOboClient({
      ...config,
      dispatcher: agent,
      logger: app.log,
      now,
      sharedCache: sharedTokens,
      exchangeTelemetry: telemetry,
    }),
    dispatcher: agent,
    log: app.log,
    now,
    sleep: overrides.sleep,
    random: overrides.random,
    telemetry,
  });
  const { reconciler, lifecycle } = wired;
  const sessions = telemetry.enabled ? instrumentSessionService(wired.sessions, telemetry) : wired.sessions;
  stopReconciler = () => reconciler.stop();

  // 2. The authenticated API scope, then the /api fallbacks, then static files.
  app.decorateRequest('user', null);
  await app.register(async (api) => {
    installApiInputRules(api);
    api.addHook('onRequest', createAuthenticateHook(validator, limiter));
    if (telemetry.enabled) {
      api.addHook('onRequest', async (request) => {
        if (request.user !== null) telemetry.authenticated(request.raw, request.user);
      });
    }
    registerSessionRoutes(api, sessions);
  });
  registerSignInConfigRoute(app, signInConfigOf(config));
  registerApiFallbacks(app);
  // Probes and the support page: no authentication, nothing about the configuration.
  const registry: RegistryHealth = {
    ping: () => store.ping(),
    unopenableCredentials: () => lifecycle.unopenableCredentials,
    unopenableTokenCacheEntries: () => sharedTokens?.unknownKeyEntries() ?? 0,
  };
  const readiness = createReadinessProbe(
    [
      { name: 'registry', run: () => registry.ping() },
      entraCheck(config.authorityHost, acceptedTenants(config)[0] ?? config.tenantId, agent),
    ],
    { now, log: app.log },
  );
  registerHealthRoutes(app, { readiness, registry, isDraining: () => draining });
  registerSupportPage(app, config.supportContact);
  registerStaticFiles(app, config.staticDir, config.officeJsUrl, pageHeaders, config.officeHostBridgeUrl);
  await app.ready();
  // Serve with the registry connected when it can be had soon; otherwise start anyway (not ready,
  // answering 503 for the API) while it keeps trying in the background.
  await Promise.race([
    firstAttempt,
    new Promise<void>((resolve) => setTimeout(resolve, REGISTRY_START_WAIT_MS).unref()),
  ]);

  return {
    app,
    registry,
    async listen() {
      await app.listen({
        port: config.port,
        host: config.host,
        // Fastify cannot tell that the server from serverFactory speaks TLS and would announce
        // http:// for an HTTPS listener.
        listenTextResolver: (address) =>
          `Server listening at ${config.tls === null ? address : address.replace(/^http:/, 'https:')}`,
      });
      // Finish what a previous process left in the registry, then keep it tidy.
      reconciler.start(overrides.reconcileIntervalMs ?? config.registryLeaseMs);
      refusals.start();
      const { port } = app.server.address() as AddressInfo;
      const host =
        config.host === '0.0.0.0' || config.host === '::'
          ? 'localhost'
          : config.host.includes(':')
            ? `[${config.host}]`
            : config.host;
      return `${config.tls === null ? 'http' : 'https'}://${host}:${port}`;
    },
    async close() {
      draining = true;
      await app.close();
    },
  };
}

function applyHeaders(reply: FastifyReply, requestId: string, headers: HeaderSet): void {
  reply.header('request-id', requestId);
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
}

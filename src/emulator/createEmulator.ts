/**
 * Composition root of the local Microsoft 365 emulator (Entra ID issuer, Graph workbook
 * sessions, Office host). Everything is wired here, in this order:
 *
 *   1. the clock (injected time + the control API's advances), stores: directory (seed),
 *      workbook sessions, long-running createSession operations, host context, request log,
 *      Entra switches — each with reset();
 *   2. faults: the seeded rule engine, the Retry-After ledger, and the gate combining them;
 *   3. the issuer and its keys (generated at the first start, kept in the state file with
 *      `stateDir`; rotated on demand);
 *   4. fastify over HTTPS on one listener per service (web host, Entra, Graph, CDN; see
 *      common/serviceOrigins.ts), request ids as GUIDs (fastify's request id = Graph's `request-id`);
 *   5. body parsing: none by fastify — every body arrives as raw text and the route that owns
 *      it parses and validates it, so a bad body becomes that API's own error shape
 *      (Graph envelope or Entra JSON) instead of fastify's;
 *   6. hooks: id headers on every response (onRequest), each path on its own service's origin
 *      only, the request log (onResponse), the control API's origin and content-type guard;
 *   7. routes: issuer, Graph (operations → dispatcher → plain routes and $batch), Office host,
 *      dev host page, control API;
 *   8. one error handler and one not-found handler (501 under /v1.0, 404 elsewhere).
 *
 * Reset returns every store to the seed and clears faults, Entra switches and Retry-After
 * windows. It keeps the signing keys (tokens issued before stay valid) and the clock (time
 * never runs backwards: tokens and Retry-After instants already handed out stay consistent).
 *
 * With `stateDir` (local mode) the stores start from the saved state file and are saved back
 * after changes and on close (persistence/emulatorPersistence.ts); without it, memory only.
 */
import { basename, dirname, resolve } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { EmulatorClock } from './common/EmulatorClock';
import { registerControlGuard } from './control/controlGuard';
import { registerControlRoutes } from './control/controlRoutes';
import { frameworkErrorHandler, installErrorHandling, GRAPH_PREFIX } from './common/errorHandler';
import { FaultEngine } from './faults/FaultEngine';
import { FaultGate } from './faults/FaultGate';
import { RetryAfterLedger } from './faults/RetryAfterLedger';
import { GraphDispatcher } from './graph/GraphDispatcher';
import { GraphOperations } from './graph/GraphOperations';
import { registerGraphRoutes } from './graph/graphRoutes';
import { registerOfficeJsCdn } from './officeCdn/officeJsCdn';
import { registerDevHostPage } from './officeHost/devHostPage';
import { registerHostRoutes } from './officeHost/hostRoutes';
import { NestedAppAuthBroker } from './officeHost/nestedAppAuth';
import { registerNaaRoutes } from './officeHost/naaRoutes';
import { CONNECTION_RESET_STATUS, stampRequestIds } from './common/requestContext';
import {
  type EmulatorService,
  type OtherService,
  OTHER_SERVICES,
  registerOriginSeparation,
  ServiceListeners,
  type ServiceOrigins,
} from './common/serviceOrigins';
import { newGuid } from './common/ids';
import { Issuer } from './entra/Issuer';
import { createAuthorizeFlow } from './entra/authorizeRoutes';
import { registerIssuerRoutes } from './entra/issuerRoutes';
import { KeyRing } from './entra/KeyRing';
import { directorySeed, SEED_USERS, SEED_WORKBOOKS } from './directory/seed';
import { AsyncCreateStore, MAX_ASYNC_DELAY_MS } from './graph/AsyncCreateStore';
import { InMemoryDirectoryStore } from './directory/DirectoryStore';
import { EntraSwitchStore } from './entra/EntraSwitchStore';
import { HostContextStore } from './officeHost/HostContextStore';
import { RequestLog, redactHeaders } from './control/RequestLog';
import { InMemoryWorkbookSessionStore } from './graph/WorkbookSessionStore';
import { isGuid } from '../shared/guid';
import { EmulatorStateFile } from './persistence/EmulatorStateFile';
import { createStateSaver, loadSavedState, restoreStores } from './persistence/emulatorPersistence';

export interface EmulatorOptions {
  /** The web host's port (what people open; also the control API); 0 = pick a free port. */
  port: number;
  /** The other services' ports (common/serviceOrigins.ts); each 0 or absent = a free port. */
  servicePorts?: Partial<Record<OtherService, number>>;
  /** Listen address, default '127.0.0.1'. */
  host?: string;
  /** Host used in the URLs the emulator emits (iss, metadata, @odata.context, Location), default 'localhost'. */
  publicHostname?: string;
  tls: { certPem: string; keyPem: string };
  /** The app registration the issuer knows. */
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The add-in's origin, e.g. 'https://localhost:3000': CORS for /_emulator/host/*, the dev page's iframe. */
  addinOrigin: string;
  /** The built host page scripts (excel-web-host.js, naa-bridge.js); default <repo>/build/emulator-public. */
  hostScriptsDir?: string;
  /** Time source in ms (default Date.now); the emulator clock adds `POST /_emulator/clock/advance` to it. */
  now?: () => number;
  /**
   * createSession with `Prefer: respond-async` answers 202 + a workbookOperation that finishes
   * after this many ms of emulator time; 0 (default) answers 201 at once. Also set at run time
   * with `POST /_emulator/async-create`.
   */
  asyncCreateDelayMs?: number;
  logger?: boolean;
  /** Folder of the state file (local mode's `.data/`); absent: nothing is kept across restarts. */
  stateDir?: string;
  /** Where state-file problems are reported (default: stderr). */
  stateLog?: (line: string) => void;
  /**
   * `POST /_emulator/reset` calls it after the emulator's own reset: local mode's launcher
   * empties its registry there. A rejection becomes a 502 `resetIncomplete`.
   */
  onReset?: () => Promise<void>;
}

export interface RunningEmulator {
  /** The web host, `https://<publicHostname>:<port>`: the dev host page and the control API. */
  url: string;
  port: number;
  /** Each service's origin (common/serviceOrigins.ts); `origins.webHost` is `url`. */
  origins: ServiceOrigins;
  close(): Promise<void>;
  /** Back to the seed: sessions and the request log forgotten, host context restored. */
  reset(): void;
}

const BODY_LIMIT_BYTES = 64 * 1024;
const MAX_PARAM_LENGTH = 4096;
const TOKEN_PATH = /^\/[^/]+\/oauth2\/v2\.0\/token$/;

export async function createEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  validateOptions(options);
  const clock = new EmulatorClock(options.now);
  const { now } = clock;
  const publicHostname = options.publicHostname ?? 'localhost';
  // Known once every listener is bound, before the first request can arrive.
  const origins: Record<EmulatorService, string> = { webHost: '', entra: '', graph: '', cdn: '' };
  const originOf = (service: EmulatorService) => (): string => origins[service];

  // 1. Stores.
  const directory = new InMemoryDirectoryStore(() => directorySeed(options.tenantId));
  const sessions = new InMemoryWorkbookSessionStore(now);
  const initialHostContext = () => ({
    userOid: SEED_USERS.megan.oid,
    workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
    displayLanguage: SEED_USERS.megan.preferredLanguage,
    ssoBehaviour: 'ok' as const,
  });
  const hostContext = new HostContextStore(initialHostContext);
  const requestLog = new RequestLog();
  const asyncCreates = new AsyncCreateStore({ delayMs: options.asyncCreateDelayMs ?? 0, outcome: 'succeeded' }, now);
  const switches = new EntraSwitchStore();

  // 2. Faults.
  const faults = new FaultEngine();
  const ledger = new RetryAfterLedger(now);
  const gate = new FaultGate(faults, ledger);

  // Persistence: the saved state (if any) goes into the stores before anything is served.
  const stateLog = options.stateLog ?? ((line: string) => console.error(line));
  const stateFile = options.stateDir === undefined ? undefined : new EmulatorStateFile(options.stateDir, stateLog);
  const saved = stateFile === undefined ? undefined : loadSavedState(stateFile, clock.sourceNow());
  if (saved !== undefined) restoreStores(saved, { clock, directory, sessions, asyncCreates, switches, faults });
  const keys = new KeyRing(saved?.keys);
  const saver =
    stateFile === undefined
      ? undefined
      : createStateSaver(stateFile, { clock, keys, directory, sessions, asyncCreates, switches, faults }, stateLog);

  const reset = (): void => {
    directory.reset();
    sessions.reset();
    asyncCreates.reset();
    hostContext.reset();
    requestLog.reset();
    switches.reset();
    faults.clear();
    ledger.reset();
    authorize.reset();
    nestedAppAuth.reset();
    saver?.flush();
  };
  const resetWorld = async (): Promise<void> => {
    reset();
    await options.onReset?.();
  };

  // 3. Issuer.
  const issuer = new Issuer(
    {
      baseUrl: originOf('entra'),
      tenantId: options.tenantId,
      isKnownTenant: (id) => directory.isKnownTenant(id),
      clientId: options.clientId,
      addinOrigin: options.addinOrigin,
      now,
      hostNow: clock.sourceNow,
    },
    keys,
  );
  // The interactive sign-in (/authorize + the authorization_code grant); its codes go on reset.
  const authorize = createAuthorizeFlow({
    issuer,
    directory,
    client: { clientId: options.clientId, clientSecret: options.clientSecret, addinOrigin: options.addinOrigin },
    now,
    switches,
  });
  // The host's nested app authentication broker, backed by the same Entra.
  const nestedAppAuth = new NestedAppAuthBroker({
    issuer,
    directory,
    switches,
    client: { clientId: options.clientId, addinOrigin: options.addinOrigin },
    environment: () => new URL(origins.entra).host,
    now,
  });

  // 4. Server: one app, one HTTPS listener per service.
  const listeners = new ServiceListeners(options.tls);
  const app: FastifyInstance = Fastify({
    serverFactory: listeners.serverFactory,
    logger: options.logger ?? false,
    genReqId: () => newGuid(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // `/shares/u!…` ids encode whole URLs: far longer than the router's default 100 characters.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Undecodable URLs never reach hooks or routes: answer them in the Graph envelope too.
    frameworkErrors: frameworkErrorHandler(now),
  });

  // 5. Raw bodies; each route parses its own.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // 6. Hooks. The request log keeps Graph and token-endpoint requests; a request whose
  // connection a `reset` fault dropped gets no onResponse, so it is recorded when dropped.
  const logRequest = (request: FastifyRequest, status: number): void => {
    const [path = request.url, query = ''] = request.url.split(/\?(.*)/s);
    if (!path.startsWith(GRAPH_PREFIX) && !TOKEN_PATH.test(path)) return;
    requestLog.record({
      at: new Date(now()).toISOString(),
      method: request.method,
      path,
      query,
      status,
      headers: redactHeaders(request.headers),
    });
  };
  const recordReset = (request: FastifyRequest): void => logRequest(request, CONNECTION_RESET_STATUS);
  app.addHook('onRequest', async (request, reply) => stampRequestIds(request, reply));
  // A path answers only on its own service's origin.
  registerOriginSeparation(app, listeners);
  app.addHook('onResponse', async (request, reply) => logRequest(request, reply.statusCode));
  if (saver !== undefined) app.addHook('onResponse', async () => saver.changed());
  // Web pages on other origins must not drive the control API (controlGuard.ts).
  registerControlGuard(app, { ownOrigin: originOf('webHost'), addinOrigin: options.addinOrigin });

  // 7. Routes.
  registerIssuerRoutes(
    app,
    issuer,
    { clientId: options.clientId, clientSecret: options.clientSecret },
    { gate, switches, authorizationCode: authorize.redeem, recordReset },
  );
  authorize.register(app);
  const operations = new GraphOperations({ directory, sessions, asyncCreates, baseUrl: originOf('graph') });
  registerGraphRoutes(app, {
    issuer,
    dispatcher: new GraphDispatcher({
      operations,
      directory,
      gate,
      authorizationUri: () => issuer.endpoints().authorization,
    }),
    now,
    recordReset,
  });
  registerHostRoutes(app, {
    issuer,
    directory,
    hostContext,
    switches,
    addinOrigin: options.addinOrigin,
    hostScriptsDir: options.hostScriptsDir ?? defaultHostScriptsDir(),
  });
  registerNaaRoutes(app, {
    broker: nestedAppAuth,
    hostContext,
    addinOrigin: options.addinOrigin,
    baseUrl: originOf('webHost'),
  });
  registerDevHostPage(app, { directory, hostContext, addinOrigin: options.addinOrigin });
  registerOfficeJsCdn(app);
  registerControlRoutes(app, {
    directory,
    sessions,
    hostContext,
    requestLog,
    clock,
    faults,
    ledger,
    switches,
    asyncCreates,
    issuer,
    reset: resetWorld,
  });

  // 8. Errors.
  installErrorHandling(app, now);

  const host = options.host ?? '127.0.0.1';
  // Saved before closing too: open connections may hold the close up past the launcher's patience.
  const close = async (): Promise<void> => {
    saver?.flush();
    await listeners.closeOthers();
    await app.close();
    saver?.flush();
  };
  try {
    const ports = await listeners.listenOthers({ entra: 0, graph: 0, cdn: 0, ...options.servicePorts }, host);
    for (const service of OTHER_SERVICES) origins[service] = `https://${publicHostname}:${ports[service]}`;
    await app.listen({ port: options.port, host });
  } catch (error) {
    await close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await close();
    throw new Error('The emulator did not get a TCP port.');
  }
  origins.webHost = `https://${publicHostname}:${address.port}`;
  // The first save at once: the keys of a first start are on disk before any token is signed.
  saver?.flush();
  return { url: origins.webHost, port: address.port, origins: { ...origins }, close, reset };
}

function validateOptions(options: EmulatorOptions): void {
  const problems: string[] = [];
  for (const [name, port] of [
    ['port', options.port],
    ...Object.entries(options.servicePorts ?? {}).map(([service, p]) => [`servicePorts.${service}`, p] as const),
  ] as const) {
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      problems.push(`${name} must be an integer from 0 to 65535`);
  }
  const fixedPorts = [options.port, ...Object.values(options.servicePorts ?? {})].filter((port) => port !== 0);
  if (new Set(fixedPorts).size !== fixedPorts.length)
    problems.push('port and servicePorts must differ (0 = a free port)');
  if (!options.tls.certPem.includes('-----BEGIN CERTIFICATE-----'))
    problems.push('tls.certPem must be a PEM certificate');
  if (!options.tls.keyPem.includes('PRIVATE KEY-----')) problems.push('tls.keyPem must be a PEM private key');
  if (!isGuid(options.tenantId)) problems.push('tenantId must be a GUID');
  if (!isGuid(options.clientId)) problems.push('clientId must be a GUID');
  if (options.clientSecret.length < 16) problems.push('clientSecret must be at least 16 characters');
  if (!isHttpsOrigin(options.addinOrigin))
    problems.push('addinOrigin must be an https origin such as https://localhost:3000');
  const delay = options.asyncCreateDelayMs;
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > MAX_ASYNC_DELAY_MS))
    problems.push(`asyncCreateDelayMs must be an integer from 0 to ${MAX_ASYNC_DELAY_MS}`);
  if (problems.length > 0) throw new Error(`Invalid emulator options: ${problems.join('; ')}.`);
}

export function isHttpsOrigin(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' && parsed.origin === value;
  } catch {
    return false;
  }
}

/** Works from src/emulator (swc, jest) and from build/emulator (tsc output). */
function defaultHostScriptsDir(): string {
  const parent = dirname(__dirname);
  const buildDir = basename(parent) === 'build' ? parent : resolve(parent, '..', 'build');
  return resolve(buildDir, 'emulator-public');
}

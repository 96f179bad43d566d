/**
 * Composition root of the local Microsoft 365 emulator (Entra ID issuer, Graph workbook
 * sessions, Office host). Everything is wired here, in this order:
 *
 *   1. stores: directory (seed), workbook sessions (on the injected clock), host context,
 *      request log — each with reset();
 *   2. the issuer and its keys (generated per start, never on disk);
 *   3. fastify over HTTPS, request ids as GUIDs (fastify's request id = Graph's `request-id`);
 *   4. body parsing: none by fastify — every body arrives as raw text and the route that owns
 *      it parses and validates it, so a bad body becomes that API's own error shape
 *      (Graph envelope or Entra JSON) instead of fastify's;
 *   5. hooks: id headers on every response (onRequest), the request log (onResponse);
 *   6. routes: issuer, Graph, Office host, dev host page, control API;
 *   7. one error handler and one not-found handler (501 under /v1.0, 404 elsewhere).
 */
import { basename, dirname, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerControlRoutes } from './control/controlRoutes';
import { installErrorHandling, GRAPH_PREFIX } from './errors/errorHandler';
import { registerGraphRoutes } from './graph/graphRoutes';
import { registerDevHostPage } from './host/devHostPage';
import { registerHostRoutes } from './host/hostRoutes';
import { stampRequestIds } from './http/requestContext';
import { newGuid } from './ids';
import { Issuer } from './issuer/Issuer';
import { registerIssuerRoutes } from './issuer/issuerRoutes';
import { KeyRing } from './issuer/KeyRing';
import { contosoSeed, SEED_USERS, SEED_WORKBOOKS } from './seed';
import { InMemoryDirectoryStore } from './store/DirectoryStore';
import { HostContextStore } from './store/HostContextStore';
import { RequestLog, redactHeaders } from './store/RequestLog';
import { InMemoryWorkbookSessionStore } from './store/WorkbookSessionStore';

export interface EmulatorOptions {
  /** 0 = pick a free port. */
  port: number;
  /** Listen address, default '127.0.0.1'. */
  host?: string;
  /** Host used in the URLs the emulator emits (iss, metadata, @odata.context), default 'localhost'. */
  publicHostname?: string;
  tls: { certPem: string; keyPem: string };
  /** The app registration the issuer knows. */
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The add-in's origin, e.g. 'https://localhost:3000': CORS for /_emulator/host/*, the dev page's iframe. */
  addinOrigin: string;
  /** The built office-host.js; default <repo>/build/emulator-public/office-host.js. */
  officeHostScript?: string;
  /** Clock in ms; every expiry decision uses it. Default Date.now. */
  now?: () => number;
  logger?: boolean;
}

export interface RunningEmulator {
  /** `https://<publicHostname>:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Back to the seed: sessions and the request log forgotten, host context restored. */
  reset(): void;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BODY_LIMIT_BYTES = 64 * 1024;
const MAX_PARAM_LENGTH = 4096;
const TOKEN_PATH = /^\/[^/]+\/oauth2\/v2\.0\/token$/;

export async function createEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  validateOptions(options);
  const now = options.now ?? Date.now;
  const publicHostname = options.publicHostname ?? 'localhost';
  let url = '';
  const baseUrl = (): string => url;

  // 1. Stores.
  const directory = new InMemoryDirectoryStore(() => contosoSeed(options.tenantId));
  const sessions = new InMemoryWorkbookSessionStore(now);
  const initialHostContext = () => ({
    userOid: SEED_USERS.megan.oid,
    workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
    displayLanguage: SEED_USERS.megan.preferredLanguage,
    ssoBehaviour: 'ok' as const,
  });
  const hostContext = new HostContextStore(initialHostContext);
  const requestLog = new RequestLog();
  const reset = (): void => {
    directory.reset();
    sessions.reset();
    hostContext.reset();
    requestLog.reset();
  };

  // 2. Issuer.
  const issuer = new Issuer({ baseUrl, tenantId: options.tenantId, clientId: options.clientId, addinOrigin: options.addinOrigin, now }, new KeyRing());

  // 3. Server.
  const app: FastifyInstance = Fastify({
    https: { cert: options.tls.certPem, key: options.tls.keyPem },
    logger: options.logger ?? false,
    genReqId: () => newGuid(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // `/shares/u!…` ids encode whole URLs: far longer than the router's default 100 characters.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  });

  // 4. Raw bodies; each route parses its own.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // 5. Hooks.
  app.addHook('onRequest', async (request, reply) => stampRequestIds(request, reply));
  app.addHook('onResponse', async (request, reply) => {
    const [path = request.url, query = ''] = request.url.split(/\?(.*)/s);
    if (!path.startsWith(GRAPH_PREFIX) && !TOKEN_PATH.test(path)) return;
    requestLog.record({
      at: new Date(now()).toISOString(),
      method: request.method,
      path,
      query,
      status: reply.statusCode,
      headers: redactHeaders(request.headers),
    });
  });

  // 6. Routes.
  registerIssuerRoutes(app, issuer, { clientId: options.clientId, clientSecret: options.clientSecret });
  registerGraphRoutes(app, { issuer, directory, sessions, baseUrl });
  registerHostRoutes(app, { issuer, directory, hostContext, addinOrigin: options.addinOrigin, officeHostScript: options.officeHostScript ?? defaultOfficeHostScript() });
  registerDevHostPage(app, { directory, hostContext, addinOrigin: options.addinOrigin });
  registerControlRoutes(app, { directory, sessions, hostContext, requestLog, reset });

  // 7. Errors.
  installErrorHandling(app, now);

  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new Error('The emulator did not get a TCP port.');
  }
  url = `https://${publicHostname}:${address.port}`;
  return { url, port: address.port, close: () => app.close(), reset };
}

function validateOptions(options: EmulatorOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) problems.push('port must be an integer from 0 to 65535');
  if (!options.tls.certPem.includes('-----BEGIN CERTIFICATE-----')) problems.push('tls.certPem must be a PEM certificate');
  if (!options.tls.keyPem.includes('PRIVATE KEY-----')) problems.push('tls.keyPem must be a PEM private key');
  if (!GUID.test(options.tenantId)) problems.push('tenantId must be a GUID');
  if (!GUID.test(options.clientId)) problems.push('clientId must be a GUID');
  if (options.clientSecret.length < 16) problems.push('clientSecret must be at least 16 characters');
  if (!isHttpsOrigin(options.addinOrigin)) problems.push('addinOrigin must be an https origin such as https://localhost:3000');
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
function defaultOfficeHostScript(): string {
  const parent = dirname(__dirname);
  const buildDir = basename(parent) === 'build' ? parent : resolve(parent, '..', 'build');
  return resolve(buildDir, 'emulator-public', 'office-host.js');
}

/**
 * One origin per service, as in production: the emulator's one fastify app (one set of stores)
 * answers on four HTTPS listeners on the one host name, each playing one of Microsoft's services:
 *
 *   webHost  Excel on the web (office.com): the dev host page `/`, `/_host/*`, `/_emulator/*`
 *            (the control API and the Office host's routes);
 *   entra    login.microsoftonline.com: every other path (`/{tenant}/v2.0/...`, `/{tenant}/oauth2/...`);
 *   graph    graph.microsoft.com: `/v1.0/*`;
 *   cdn      appsforoffice.microsoft.com: `/lib/*`.
 *
 * Separate ports on `localhost` rather than host names under `.localhost`: office.js trusts a
 * hosting page only on Microsoft's domains or on the add-in's own host name.
 *
 * A request is classified by the listener it arrived on, and its path by prefix (so a route added
 * later under a known prefix falls in the right service). A path that belongs to another service
 * gets the arrival origin's 404 — Graph's envelope, Entra's error JSON, or a plain 404 — so a
 * client that calls the wrong origin fails as it would against Microsoft.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EntraError } from '../entra/EntraError';
import { graphErrors } from '../graph/graphErrors';

export const EMULATOR_SERVICES = ['webHost', 'entra', 'graph', 'cdn'] as const;
export type EmulatorService = (typeof EMULATOR_SERVICES)[number];
export type ServiceOrigins = Readonly<Record<EmulatorService, string>>;

export type OtherService = Exclude<EmulatorService, 'webHost'>;

/**
 * The variable that moves each service's port, in local mode and for the emulator process; by
 * default the other services follow EMULATOR_PORT: +1 Entra, +2 Graph, +3 the CDN.
 */
export const SERVICE_PORT_VARIABLES = {
  entra: 'EMULATOR_ENTRA_PORT',
  graph: 'EMULATOR_GRAPH_PORT',
  cdn: 'EMULATOR_CDN_PORT',
} as const satisfies Readonly<Record<OtherService, string>>;
export const SERVICE_PORT_OFFSETS: Readonly<Record<OtherService, number>> = { entra: 1, graph: 2, cdn: 3 };
export const OTHER_SERVICES = ['entra', 'graph', 'cdn'] as const satisfies readonly OtherService[];

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

/** Which service a path belongs to. */
export function serviceOfPath(path: string): EmulatorService {
  if (under(path, '/v1.0')) return 'graph';
  if (under(path, '/lib')) return 'cdn';
  if (path === '/' || under(path, '/_host') || under(path, '/_emulator')) return 'webHost';
  return 'entra';
}

/**
 * The HTTPS listeners: fastify's request handler attached to one server per service. The web
 * host's server is the one fastify owns (its `serverFactory` result, listening on the main port);
 * the others are started and stopped here.
 */
export class ServiceListeners {
  private readonly arrivals = new WeakMap<IncomingMessage, EmulatorService>();
  private readonly servers = new Map<EmulatorService, HttpsServer>();

  constructor(private readonly tls: { certPem: string; keyPem: string }) {}

  /** For fastify's `serverFactory`: creates the four servers, returns the web host's. */
  readonly serverFactory = (handler: (request: IncomingMessage, response: ServerResponse) => void): HttpsServer => {
    for (const service of EMULATOR_SERVICES) {
      const server = createHttpsServer({ cert: this.tls.certPem, key: this.tls.keyPem }, (request, response) => {
        this.arrivals.set(request, service);
        handler(request, response);
      });
      this.servers.set(service, server);
    }
    return this.server('webHost');
  };

  /** The service whose listener a request arrived on. */
  arrivedAt(request: FastifyRequest): EmulatorService {
    return this.arrivals.get(request.raw) ?? 'webHost';
  }

  /** Starts the listeners other than the web host's (fastify starts that one); resolves to their ports. */
  async listenOthers(
    ports: Readonly<Record<OtherService, number>>,
    host: string,
  ): Promise<Record<OtherService, number>> {
    const bound = { entra: 0, graph: 0, cdn: 0 };
    for (const service of OTHER_SERVICES) {
      const server = this.server(service);
      // TLS handshakes that fail (a client that does not trust the CA) just end the connection.
      server.on('clientError', (_error, socket) => socket.destroy());
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(ports[service], host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      if (address === null || typeof address === 'string')
        throw new Error(`The emulator's ${service} listener did not get a TCP port.`);
      bound[service] = address.port;
    }
    return bound;
  }

  /** Stops the listeners other than the web host's, dropping their open connections. */
  async closeOthers(): Promise<void> {
    await Promise.all(
      OTHER_SERVICES.map(
        (service) =>
          new Promise<void>((resolve) => {
            const server = this.server(service);
            if (!server.listening) return resolve();
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private server(service: EmulatorService): HttpsServer {
    const server = this.servers.get(service);
    if (server === undefined) throw new Error('The emulator servers are not created yet.');
    return server;
  }
}

/** First hook: a path answered only on its own service's origin. */
export function registerOriginSeparation(app: FastifyInstance, listeners: ServiceListeners): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const arrived = listeners.arrivedAt(request);
    if (serviceOfPath(path) === arrived) return;
    if (arrived === 'graph') throw graphErrors.routeNotFound(request.method, path);
    if (arrived === 'entra')
      throw new EntraError(404, 'invalid_request', 0, `Entra ID has no endpoint ${request.method} ${path}.`);
    return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
  });
}

/**
 * HTTP wiring of Graph v1.0: one catch-all route parses the path (graphPath.ts), answers 501
 * for what the emulator does not serve and 405 for a wrong method (both before
 * authentication), authenticates the caller (401), and hands the request to the dispatcher —
 * the same dispatcher `$batch` items go through (batchRoute.ts), so the two cannot drift apart.
 */
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { graphErrors } from './graphErrors';
import { dropConnection, headerValue, rawBody } from '../common/requestContext';
import { type Issuer } from '../entra/Issuer';
import { runBatch } from './batch/batchRoute';
import { authenticateGraphCaller } from './graphAuth';
import { CONNECTION_RESET, type DispatchOutcome, type GraphDispatcher } from './GraphDispatcher';
import { allowedMethod, parseGraphPath } from './graphPath';
import { GRAPH_RESPONSE_HEADERS } from './graphHeaders';

export interface GraphRouteDeps {
  issuer: Issuer;
  dispatcher: GraphDispatcher;
  /** The emulator clock (dates inside batch items' error bodies). */
  now: () => number;
  /** Puts a request whose connection a `reset` fault dropped into the request log. */
  recordReset: (request: FastifyRequest) => void;
}

const VERSION_PREFIX = '/v1.0';

export function registerGraphRoutes(app: FastifyInstance, deps: GraphRouteDeps): void {
  // Set before anything can fail, so errors (401, 501, faults) carry them too.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(`${VERSION_PREFIX}/`)) reply.headers(GRAPH_RESPONSE_HEADERS);
  });

  app.all(`${VERSION_PREFIX}/*`, async (request, reply) => {
    const fullPath = request.url.split('?')[0] ?? request.url;
    const target = parseGraphPath(fullPath.slice(VERSION_PREFIX.length));
    if (target === undefined) throw graphErrors.notImplemented(request.method, fullPath);
    if (request.method !== allowedMethod(target)) throw graphErrors.methodNotAllowed(request.method);
    const caller = await authenticateGraphCaller(headerValue(request, 'authorization'), deps.issuer);

    let outcome: DispatchOutcome;
    if (target.resource === 'batch') {
      const clientRequestId = reply.getHeader('client-request-id');
      outcome = await runBatch({
        dispatcher: deps.dispatcher,
        caller,
        body: rawBody(request),
        clientRequestId: typeof clientRequestId === 'string' ? clientRequestId : request.id,
        now: deps.now,
        log: (error) => request.log.error({ err: error }, 'unexpected error in a $batch item'),
      });
    } else {
      outcome = await deps.dispatcher.dispatch({
        target,
        method: request.method,
        headers: lowerCaseHeaders(request),
        body: rawBody(request),
        caller,
        path: fullPath,
      });
    }
    if (outcome === CONNECTION_RESET) return dropConnection(request, reply, deps.recordReset);
    reply.status(outcome.status).headers(outcome.headers);
    return outcome.body === undefined ? reply.send() : reply.send(outcome.body);
  });
}

function lowerCaseHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

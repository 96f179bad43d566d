/**
 * The one place errors become responses (Azurite's error middleware). An EmulatorError is
 * written exactly as its factory built it; fastify's own client errors (bad URL, body too
 * large) are mapped by their `code`; anything else is a bug in the emulator: 500 and a log line.
 */
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { renderContextOf, stampRequestIds } from './requestContext';
import { EmulatorError } from './EmulatorError';
import { serviceOfPath } from './serviceOrigins';
import { EntraError } from '../entra/EntraError';
import { type GraphError } from '../graph/GraphError';
import { graphErrors } from '../graph/graphErrors';

/** Paths whose unknown routes are "not implemented" Graph rather than "no such page". */
export const GRAPH_PREFIX = '/v1.0/';

export function installErrorHandling(app: FastifyInstance, now: () => number): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const known = error instanceof EmulatorError ? error : fromFastifyError(error);
    if (known === undefined) {
      request.log.error({ err: error }, 'unexpected error in the emulator');
    }
    return send(request, reply, known ?? graphErrors.internal(), now);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    // Each service's own 404 (the listener checks already sent other services' paths away).
    const service = serviceOfPath(path);
    if (service === 'cdn')
      return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
    if (service === 'entra')
      return send(
        request,
        reply,
        new EntraError(404, 'invalid_request', 0, `Entra ID has no endpoint ${request.method} ${path}.`),
        now,
      );
    const error = path.startsWith(GRAPH_PREFIX)
      ? graphErrors.notImplemented(request.method, path)
      : graphErrors.routeNotFound(request.method, path);
    return send(request, reply, error, now);
  });
}

/**
 * fastify's `frameworkErrors` option: URLs the router cannot even decode (`/v1.0/%zz`) or whose
 * parameter is longer than the router allows never reach a hook or a route, and fastify would
 * answer them in its own JSON without the id headers. They get the Graph envelope like any
 * other bad request.
 */
export function frameworkErrorHandler(
  now: () => number,
): (error: { code?: string }, request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  return (error, request, reply) => {
    stampRequestIds(request, reply);
    const known =
      error.code === 'FST_ERR_BAD_URL'
        ? graphErrors.malformedPath()
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? graphErrors.urlTooLong()
          : fromFastifyError(error);
    return send(request, reply, known ?? graphErrors.invalidBody('The request could not be read.'), now);
  };
}

function send(request: FastifyRequest, reply: FastifyReply, error: EmulatorError, now: () => number): FastifyReply {
  return reply
    .status(error.status)
    .headers(error.headers)
    .type('application/json; charset=utf-8')
    .send(error.render(renderContextOf(request, reply, now())));
}

function fromFastifyError(error: unknown): GraphError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return graphErrors.payloadTooLarge();
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return graphErrors.invalidBody(
      `The request could not be read (${typeof code === 'string' ? code : 'client error'}).`,
    );
  }
  return undefined;
}

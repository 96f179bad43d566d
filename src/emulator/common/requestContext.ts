/**
 * Per-request plumbing shared by every route: the Graph-style id headers, the raw body, and
 * the context the error handler renders with.
 */
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type ErrorRenderContext } from './EmulatorError';
import { clientRequestIdFrom } from './ids';

/**
 * onRequest: every response carries `request-id` (fastify's request id, a new GUID) and
 * `client-request-id` (the caller's, echoed, or a new GUID).
 */
export function stampRequestIds(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('request-id', request.id);
  reply.header('client-request-id', clientRequestIdFrom(request.headers['client-request-id']));
}

export function renderContextOf(request: FastifyRequest, reply: FastifyReply, nowMs: number): ErrorRenderContext {
  const echoed = reply.getHeader('client-request-id');
  return { requestId: request.id, clientRequestId: typeof echoed === 'string' ? echoed : request.id, nowMs };
}

/** Bodies are parsed by the routes (see createEmulator.ts): this is the raw text, `''` when absent. */
export function rawBody(request: FastifyRequest): string {
  return typeof request.body === 'string' ? request.body : '';
}

export function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** JSON.parse that reports failure as `undefined` instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The status the request log records for a request whose connection a `reset` fault dropped. */
export const CONNECTION_RESET_STATUS = 0;

/**
 * A `reset` fault: the TCP connection is destroyed and no answer is written. A hijacked reply
 * runs no onResponse hook, so the caller's `record` puts the request in the log instead.
 */
export function dropConnection(
  request: FastifyRequest,
  reply: FastifyReply,
  record: (request: FastifyRequest) => void,
): FastifyReply {
  record(request);
  reply.hijack();
  request.raw.socket.destroy();
  return reply;
}

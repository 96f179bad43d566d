/**
 * Answers for requests Node's HTTP parser refuses before fastify sees them: malformed request
 * lines or headers (CR/LF or NUL inside a header value, bad chunking), headers over Node's size
 * limit, and header timeouts. Node's own answer is a bare `400` with no body; ours is the shared
 * envelope with a fresh request id, written straight to the socket (there is no request object),
 * and the connection is closed because the parser cannot resynchronise.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiErrorEnvelope } from '../../shared/errors';
import { createAppError } from './AppError';

const MESSAGES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'The request headers are too large.',
  ERR_HTTP_REQUEST_TIMEOUT: 'The request did not arrive in time.',
  HPE_INVALID_HEADER_TOKEN: 'A request header is malformed (control characters are not allowed).',
};

/** The bytes of one HTTP/1.1 error response with the envelope. */
export function rawErrorResponse(errorCode: string | undefined, requestId: string, extraHeaders: Record<string, string> = {}): string {
  const appError = createAppError('invalidRequest', { message: (errorCode === undefined ? undefined : MESSAGES[errorCode]) ?? 'The request is not valid HTTP.' });
  const envelope: ApiErrorEnvelope = { error: { code: appError.code, message: appError.message, requestId } };
  const body = JSON.stringify(envelope);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'request-id': requestId,
    connection: 'close',
    ...extraHeaders,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  return `HTTP/1.1 ${appError.status} Bad Request\r\n${head}\r\n\r\n${body}`;
}

export function createClientErrorHandler(log: () => FastifyBaseLogger, extraHeaders: Record<string, string>): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const requestId = randomUUID();
    log().info({ reqId: requestId, parserError: error.code }, 'malformed HTTP request refused');
    if (socket.writable) socket.write(rawErrorResponse(error.code, requestId, extraHeaders));
    socket.destroy();
  };
}

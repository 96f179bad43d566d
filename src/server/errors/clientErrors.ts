/**
 * Answers for requests Node's HTTP parser refuses before fastify sees them: malformed request
 * lines or headers (CR/LF or NUL inside a header value, bad chunking), headers over Node's size
 * limit, and requests whose headers or body did not arrive within the configured timeouts
 * (`408 requestTimeout`, which browsers may safely send again). Node's own answer is a bare
 * status with no body; ours is the shared envelope with a fresh request id, written straight to
 * the socket (there is no request object), and the connection is closed because the parser
 * cannot resynchronise.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiErrorCode, ApiErrorEnvelope } from '../../shared/errors';
import { type AppError, createAppError } from './AppError';

const MESSAGES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'The request headers are too large.',
  HPE_INVALID_HEADER_TOKEN: 'A request header is malformed (control characters are not allowed).',
};

/** Node's parser error codes that mean "the client was too slow", not "the bytes were wrong". */
const TIMEOUT_CODES = new Set(['ERR_HTTP_REQUEST_TIMEOUT']);

const REASON_PHRASES: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout' };

/** Our answer to a request Node's parser refused with `parserErrorCode`. */
function refusalFor(parserErrorCode: string | undefined): AppError {
  if (parserErrorCode !== undefined && TIMEOUT_CODES.has(parserErrorCode)) return createAppError('requestTimeout');
  return createAppError('invalidRequest', {
    message:
      (parserErrorCode === undefined ? undefined : MESSAGES[parserErrorCode]) ?? 'The request is not valid HTTP.',
  });
}

/** The bytes of one HTTP/1.1 error response with the envelope. */
function rawErrorResponse(appError: AppError, requestId: string, extraHeaders: Record<string, string> = {}): string {
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
  return `HTTP/1.1 ${appError.status} ${REASON_PHRASES[appError.status] ?? 'Error'}\r\n${head}\r\n\r\n${body}`;
}

/**
 * Whether an answer has already started on this socket (a route answered before the body it
 * did not need finished arriving, and then the request timed out): nothing more may be written.
 * Node keeps the response in progress on the socket as `_httpMessage`, as its own default
 * handler checks (https://github.com/nodejs/node/blob/v20.x/lib/_http_server.js).
 */
function answerStarted(socket: Socket): boolean {
  const response = (socket as Socket & { _httpMessage?: { headersSent?: unknown } | null })._httpMessage;
  return response?.headersSent === true;
}

/**
 * The handler for Node's `clientError` event. Each refusal is logged at debug (a routine event
 * under attack) and reported to `onRefused` with the code it was answered with.
 */
export function createClientErrorHandler(
  log: () => FastifyBaseLogger,
  extraHeaders: Record<string, string>,
  onRefused: (code: ApiErrorCode) => void = () => undefined,
): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const requestId = randomUUID();
    const refusal = refusalFor(error.code);
    log().debug({ reqId: requestId, code: refusal.code, parserError: error.code }, 'request refused before parsing');
    onRefused(refusal.code);
    if (socket.writable && !answerStarted(socket)) socket.write(rawErrorResponse(refusal, requestId, extraHeaders));
    socket.destroy();
  };
}

/**
 * The one place where an error becomes an HTTP answer. Everything leaves as the shared
 * envelope `{error:{code,message,requestId,…}}` with the status that belongs to the code.
 * Fastify's own errors are recognised by their `code` property (never by message text);
 * anything unknown is a 500 `internalError`, logged with the request id, with no stack on the wire.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody, ApiErrorCode, ApiErrorEnvelope } from '../../shared/errors';
import { AppError, createAppError } from './AppError';

/** Fastify error codes we answer with a contract code of our own. */
const FASTIFY_CODE_MAP: Record<string, ApiErrorCode> = {
  FST_ERR_VALIDATION: 'invalidRequest',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalidRequest',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalidRequest',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalidRequest',
  FST_ERR_BAD_URL: 'invalidRequest',
  FST_ERR_MAX_PARAM_LENGTH: 'invalidRequest',
  FST_ERR_NOT_FOUND: 'routeNotFound',
};

/**
 * Any other fastify error (`FST_…` code) that fastify itself rates as the client's fault, by its
 * status: no malformed request may become a 500 because fastify added a code we do not list.
 */
function codeForClientStatus(status: number): ApiErrorCode {
  if (status === 413) return 'payloadTooLarge';
  if (status === 415) return 'unsupportedMediaType';
  if (status === 404) return 'routeNotFound';
  if (status === 405) return 'methodNotAllowed';
  return 'invalidRequest';
}

function fastifyClientErrorCode(error: { code: string }): ApiErrorCode | undefined {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (!error.code.startsWith('FST_') || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return codeForClientStatus(status);
}

interface ValidationIssue {
  instancePath?: string;
  params?: { missingProperty?: unknown; additionalProperty?: unknown };
}

function hasCode(error: unknown): error is { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Where a schema validation failed, as a JSON-pointer-like path such as `/body/documentUrl`. */
function validationTarget(error: FastifyError): string | undefined {
  const issues = (error as { validation?: unknown }).validation;
  const context = (error as { validationContext?: unknown }).validationContext;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const first = issues[0] as ValidationIssue;
  let path = typeof first.instancePath === 'string' ? first.instancePath : '';
  const extra = first.params?.missingProperty ?? first.params?.additionalProperty;
  if (typeof extra === 'string') path += `/${extra}`;
  return `/${typeof context === 'string' ? context : 'request'}${path}`;
}

/** Classifies any thrown value as an AppError; `unexpected` is true when it was not one we know. */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  if (hasCode(error)) {
    const mapped = FASTIFY_CODE_MAP[error.code] ?? fastifyClientErrorCode(error);
    if (mapped !== undefined) {
      const fastifyError = error as FastifyError;
      const target = mapped === 'invalidRequest' ? validationTarget(fastifyError) : undefined;
      // Validation messages name the offending field and rule, which helps the caller; other
      // fastify messages are replaced by ours.
      const message = error.code === 'FST_ERR_VALIDATION' ? `Invalid request: ${fastifyError.message}` : undefined;
      return { appError: createAppError(mapped, { target, message, cause: error }), unexpected: false };
    }
  }
  return { appError: createAppError('internalError', { cause: error }), unexpected: true };
}

export function envelopeFor(appError: AppError, requestId: string): ApiErrorEnvelope {
  const body: ApiErrorBody = { code: appError.code, message: appError.message, requestId };
  if (appError.claims !== undefined) body.claims = appError.claims;
  if (appError.retryAfterSeconds !== undefined) body.retryAfterSeconds = appError.retryAfterSeconds;
  if (appError.target !== undefined) body.target = appError.target;
  return { error: body };
}

/** The code of each error answer, for the request log to count refusals by code. */
const answeredCodes = new WeakMap<FastifyReply, ApiErrorCode>();

/** The code this reply answered with, when it was an error envelope. */
export function answeredErrorCode(reply: FastifyReply): ApiErrorCode | undefined {
  return answeredCodes.get(reply);
}

function sendAppError(reply: FastifyReply, appError: AppError): FastifyReply {
  answeredCodes.set(reply, appError.code);
  for (const [name, value] of Object.entries(appError.headers)) reply.header(name, value);
  // Errors are about this request only: never stored by a browser or proxy.
  reply.header('cache-control', 'no-store');
  if (appError.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(Math.ceil(appError.retryAfterSeconds)));
  return reply
    .status(appError.status)
    .type('application/json; charset=utf-8')
    .send(envelopeFor(appError, reply.request.id));
}

/**
 * The client closed the connection (or a timeout cut it off) while its body was being read:
 * Node reports that as ECONNRESET on the request stream. Routine under slow-client attacks, so
 * not an unexpected error; the answer goes nowhere.
 */
function clientWentAway(error: unknown, request: FastifyRequest): boolean {
  return hasCode(error) && error.code === 'ECONNRESET' && request.raw.destroyed;
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { appError, unexpected } = clientWentAway(error, request)
    ? {
        appError: createAppError('invalidRequest', {
          message: 'The client closed the connection before its request arrived.',
          cause: error,
        }),
        unexpected: false,
      }
    : toAppError(error);
  if (unexpected) {
    request.log.error({ err: error }, 'unexpected error while handling the request');
  } else if (appError.status >= 500) {
    request.log.warn({ code: appError.code }, 'request failed: %s', appError.message);
  } else {
    // A routine refusal: at debug, and counted in the request log's summary (http/requestLog.ts).
    // Our messages never carry tokens, secrets or Graph session ids, so the reason is safe to log.
    request.log.debug({ code: appError.code, reason: appError.message }, 'request rejected');
  }
  return sendAppError(reply, appError);
}

/** Installs the error handler and the not-found handler (both answer with the envelope). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    sendAppError(
      reply,
      createAppError('routeNotFound', { message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}.` }),
    );
  });
}

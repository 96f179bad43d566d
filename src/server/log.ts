/**
 * How the middle tier logs: the `Log` its services take (the four levels they use, a structured
 * object first and a message second; Fastify's pino loggers satisfy it, so the framework stays at
 * the edge and services can be driven by any sink in tests), and what pino must never print.
 * Fastify's request serializer logs no headers, but any object we log (or a future serializer)
 * may carry them; the paths below are censored wherever they appear at the top level or one
 * level down.
 */
import { clientAddress } from './http/transport';

export interface Log {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** A Log that drops everything (benchmarks, tools). */
export const SILENT_LOG: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'token',
  'accessToken',
  'access_token',
  'assertion',
  'oboAssertion',
  'clientSecret',
  'client_secret',
  'secret',
  'refresh_token',
  'id_token',
  'client_assertion',
  'password',
  'graphSessionId',
  'workbookSessionId',
  'sessionId',
  'cookie',
] as const;

export const LOG_REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["workbook-session-id"]',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'headers["workbook-session-id"]',
  '*.headers.authorization',
  '*.headers["workbook-session-id"]',
];

/** Longest request path written to a log line; longer ones are cut (nothing we serve is that long). */
export const MAX_LOGGED_PATH_LENGTH = 256;

/**
 * The path of a request URL as logs show it: never the query string or fragment (a caller may put
 * a token there, as `?access_token=` is a common convention), and cut to a bounded length.
 */
export function loggedPath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end < 0 ? url : url.slice(0, end);
  return path.length > MAX_LOGGED_PATH_LENGTH ? `${path.slice(0, MAX_LOGGED_PATH_LENGTH)}…` : path;
}

/** What a request looks like in a log line (fastify's default serializer logs the whole URL). */
interface LoggableRequest {
  method: string;
  url: string;
  ip: string;
  socket?: { remotePort?: number; remoteAddress?: string } | null;
}

export const LOG_SERIALIZERS = {
  req: (request: LoggableRequest) => ({
    method: request.method,
    url: loggedPath(request.url),
    remoteAddress: clientAddress(request),
    remotePort: request.socket?.remotePort,
  }),
};

/**
 * The logger the middle tier's services take: the four levels they use, with a structured
 * object first and a message second. Fastify's request and app loggers (pino) satisfy it, so the
 * framework stays at the edge (routes, app.ts) and services can be driven by any sink in tests.
 */
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

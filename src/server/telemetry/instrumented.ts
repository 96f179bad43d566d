/**
 * The session registry and the session service seen through telemetry, wrapped at the
 * composition root (app.ts) so the parts themselves stay free of it: a span for every registry
 * operation (PostgreSQL's statements appear beneath it, from the pg instrumentation), and the
 * open and close outcomes the API gives.
 */
import { AppError } from '../errors/AppError';
import type { SessionStore } from '../registry/SessionStore';
import type { SessionService } from '../sessions/sessionService';
import type { Telemetry } from './telemetry';

/** Store methods that are not registry statements: shutdown, and waiting for the connection. */
const NOT_OPERATIONS = new Set(['close', 'ready', 'firstAttempt']);

/** Every store method runs inside a `registry <operation>` span. */
export function instrumentSessionStore<S extends SessionStore>(store: S, telemetry: Telemetry): S {
  const wrapped = new Map<string, (...args: unknown[]) => unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || NOT_OPERATIONS.has(property)) return value;
      let wrapper = wrapped.get(property);
      if (wrapper === undefined) {
        const method = value as (...args: unknown[]) => unknown;
        wrapper = (...args: unknown[]) => telemetry.registryOperation(property, async () => method.apply(target, args));
        wrapped.set(property, wrapper);
      }
      return wrapper;
    },
  });
}

const codeOf = (error: unknown): string => (error instanceof AppError ? error.code : 'internalError');

/** Counts opens and closes by outcome, as the API answers them. */
export function instrumentSessionService(sessions: SessionService, telemetry: Telemetry): SessionService {
  return {
    list: (user) => sessions.list(user),
    refresh: (user, id, log) => sessions.refresh(user, id, log),
    async open(user, target, persistChanges, log) {
      try {
        const view = await sessions.open(user, target, persistChanges, log);
        telemetry.sessionOpened();
        return view;
      } catch (error) {
        telemetry.sessionOpened(codeOf(error));
        throw error;
      }
    },
    async close(user, id, log) {
      try {
        const result = await sessions.close(user, id, log);
        telemetry.sessionsClosed(result.outcome, 1);
        return result;
      } catch (error) {
        // A session that is not there was not a close that failed.
        if (!(error instanceof AppError && error.status === 404)) telemetry.sessionsClosed('failed', 1);
        throw error;
      }
    },
    async closeMany(user, ids, log) {
      try {
        const response = await sessions.closeMany(user, ids, log);
        for (const outcome of ['closed', 'alreadyGone', 'failed'] as const)
          telemetry.sessionsClosed(outcome, response.results.filter((r) => r.outcome === outcome).length);
        return response;
      } catch (error) {
        telemetry.sessionsClosed('failed', ids.length);
        throw error;
      }
    },
  };
}

/**
 * A SessionStore that is still connecting: the middle tier starts (and answers /readyz "not
 * ready") while its registry database is unreachable, instead of crashing in a loop. Connection
 * attempts are retried with capped exponential backoff and full jitter, each failure logged with
 * what was tried and when the next attempt comes. Until one succeeds, every call fails with
 * `serviceUnavailable` (503) and `ping` rejects. A failure that retrying cannot fix (a schema from
 * a newer version, a migration error) is logged once and ends the attempts.
 */
import { AppError, createAppError } from '../errors/AppError';
import { backoffMs } from '../graph/retry';
import type { Log } from '../log';
import type { SessionStore } from './SessionStore';

export interface ConnectOptions {
  /** Names the database in logs (never with a password). */
  describe: string;
  connect: () => Promise<SessionStore>;
  log: Log;
  /** First wait (default 500 ms), doubled per failure up to maxDelayMs (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

type State =
  | { kind: 'connecting' }
  | { kind: 'ready'; store: SessionStore }
  | { kind: 'failed'; error: unknown }
  | { kind: 'closed' };

/** The methods of SessionStore that are forwarded (everything except lifecycle ones). */
type Forwarded = Exclude<keyof SessionStore, 'close' | 'ping'>;

export interface ConnectingSessionStore extends SessionStore {
  /** Resolves once connected (tests, start-up logs); rejects if connecting failed for good or the store was closed. */
  ready(): Promise<void>;
  /** Resolves once the first connection attempt has ended, whatever its outcome. */
  firstAttempt(): Promise<void>;
}

export function connectingSessionStore(options: ConnectOptions): ConnectingSessionStore {
  const { log } = options;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const random = options.random ?? Math.random;
  // A wait that close() can cut short, so shutting down never waits for the next attempt.
  let wake = (): void => undefined;
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }));
  let state: State = { kind: 'connecting' };
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const readyPromise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  readyPromise.catch(() => undefined);

  let firstEnded: () => void = () => undefined;
  const firstAttemptPromise = new Promise<void>((resolve) => (firstEnded = resolve));
  const attempts = (async () => {
    for (let attempt = 1; state.kind === 'connecting'; attempt++) {
      try {
        const store = await options.connect();
        if (state.kind !== 'connecting') {
          await store.close();
          return;
        }
        state = { kind: 'ready', store };
        if (attempt > 1) log.info({ registry: options.describe, attempt }, 'connected to the registry database');
        settle?.resolve();
        return;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'serviceUnavailable')) {
          state = { kind: 'failed', error };
          log.error(
            { registry: options.describe, err: error },
            'the registry database cannot be used; the middle tier stays not ready until this is fixed and it is restarted',
          );
          settle?.reject(error);
          return;
        }
        firstEnded();
        // At least `base` apart, so a server that refuses at once is not hammered.
        const waitMs = base + backoffMs({ baseDelayMs: base, maxDelayMs: max }, attempt, random);
        const holder = migrationLockHolder(error);
        if (holder !== undefined) {
          log.warn(
            { registry: options.describe, attempt, retryInMs: waitMs, ...holder },
            "another database session holds the registry's migration lock (any role that may connect to the database can take it: revoke CONNECT from roles other than the middle tier's); retrying",
          );
        } else {
          log.warn(
            { registry: options.describe, attempt, retryInMs: waitMs, reason: failureReason(error) },
            'cannot reach the registry database (check REGISTRY_URL, the network and the server); retrying',
          );
        }
        await sleep(waitMs);
      }
    }
  })().finally(() => firstEnded());

  const current = (): SessionStore => {
    if (state.kind === 'ready') return state.store;
    throw createAppError('serviceUnavailable', {
      message:
        state.kind === 'closed'
          ? 'The registry is closed.'
          : "The add-in's service has not reached its session registry yet; retry later.",
    });
  };
  const forward =
    <K extends Forwarded>(name: K) =>
    async (...args: Parameters<SessionStore[K]>): Promise<Awaited<ReturnType<SessionStore[K]>>> => {
      const store = current();
      return (
        store[name] as (...a: Parameters<SessionStore[K]>) => Promise<Awaited<ReturnType<SessionStore[K]>>>
      ).apply(store, args);
    };

  return {
    ready: () => readyPromise,
    firstAttempt: () => firstAttemptPromise,
    ping: async () => current().ping(),
    insertOpening: forward('insertOpening'),
    markOpen: forward('markOpen'),
    deleteOpening: forward('deleteOpening'),
    markClosing: forward('markClosing'),
    settleClosing: forward('settleClosing'),
    renewLeases: forward('renewLeases'),
    releaseLease: forward('releaseLease'),
    claimLapsedCloses: forward('claimLapsedCloses'),
    deleteExpired: forward('deleteExpired'),
    touch: forward('touch'),
    get: forward('get'),
    getMany: forward('getMany'),
    list: forward('list'),
    countByStatus: forward('countByStatus'),
    delete: forward('delete'),
    async close() {
      const previous = state;
      state = { kind: 'closed' };
      settle?.reject(createAppError('serviceUnavailable', { message: 'The registry was closed before it connected.' }));
      if (previous.kind === 'ready') await previous.store.close();
      wake();
      await attempts;
    },
  };
}

/**
 * What the database driver said (a refused connection, a server without TLS for sslmode, a
 * timeout), so the administrator sees why without turning on debug logs. Driver messages name
 * hosts and users, never passwords.
 */
/** The holder of the migration lock, when that is why the attempt failed (postgresMigrations.ts). */
function migrationLockHolder(error: AppError): { holderRole: string | null; holderPid: number | null } | undefined {
  const cause = error.cause;
  if (!(cause instanceof Error) || cause.name !== 'MigrationLockTimeout') return undefined;
  const { holderRole, holderPid } = cause as Error & { holderRole?: string | null; holderPid?: number | null };
  return { holderRole: holderRole ?? null, holderPid: holderPid ?? null };
}

function failureReason(error: AppError): string | undefined {
  // By shape, not instanceof Error: socket errors may come from another realm.
  const cause = error.cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return typeof code === 'string' ? code : undefined;
  if (typeof code !== 'string' || message.includes(code)) return message;
  // Node's AggregateError for a host with several addresses has a code and an empty message.
  return message === '' ? code : `${code}: ${message}`;
}

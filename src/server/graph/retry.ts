/**
 * Bounded retry for Graph's throttling and transient failures: 429, 503, 504 and connection
 * resets. `Retry-After` is honoured in both of its forms (seconds — fractional, as Graph's own
 * throttling sample sends "2.128" — or an HTTP date); without it the wait is exponential backoff
 * with FULL jitter (a uniform draw in [0, cap]), so many clients throttled at once do not come
 * back in lock-step. Every retry loop is bounded twice: by attempts and by total elapsed time.
 * Sleep, clock and randomness are injected so the tests take milliseconds and are exact.
 */

/** Statuses Graph documents as "try again later"; any other 4xx is final (never retried). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/**
 * The retryable statuses that also mean "the request was not processed": safe to retry even for
 * a call that is not idempotent. A 504 is not among them: the gateway gave up waiting, and Graph
 * may have done the work behind it.
 */
export const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * Transport error codes meaning "the connection broke", by code (never by message). undici
 * reports a peer reset as UND_ERR_SOCKET ("other side closed") with the socket error beneath.
 */
export const CONNECTION_RESET_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_CLOSED',
]);

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** First backoff cap; doubles per attempt up to maxDelayMs. */
  baseDelayMs: number;
  /** Longest single wait; a longer Retry-After ends the retries (the caller reports it). */
  maxDelayMs: number;
  /** No retry is started when its wait would end later than this after the first attempt. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxTotalMs: 30_000,
};

export type Sleep = (ms: number) => Promise<void>;
/** A uniform draw in [0, 1), like Math.random. */
export type Random = () => number;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds to wait according to `Retry-After`, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date needs a weekday or month name: refuses "-1", "1e3" and other non-dates Date.parse accepts.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The one backoff formula (Graph retries, registry reconnects): full-jitter exponential backoff
 * for attempt `attempt` (from 1), uniform in [0, min(max, base·2^(attempt-1))].
 */
export function backoffMs(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  attempt: number,
  random: Random,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/**
 * The wait before attempt `attempt + 1`, or undefined to stop: out of attempts, a Retry-After
 * longer than we are willing to wait, or a wait that would cross the total time bound.
 */
export function nextDelayMs(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfter: number | undefined,
  random: Random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (retryAfter !== undefined && retryAfter > policy.maxDelayMs) return undefined;
  const delay = retryAfter ?? backoffMs(policy, attempt, random);
  if (elapsedMs + delay > policy.maxTotalMs) return undefined;
  return delay;
}

/** True for an error code that means the connection was reset under a request. */
export function isConnectionReset(code: string | undefined): boolean {
  return code !== undefined && CONNECTION_RESET_CODES.has(code);
}

/**
 * Bounded retry for Graph's throttling and transient answers (429, 503, 504), honouring
 * `Retry-After` as seconds (fractional allowed, as in Graph's own samples) or an HTTP date, else
 * exponential backoff. Sleep and clock are injectable so tests take milliseconds.
 */

export const RETRYABLE_STATUSES = new Set([429, 503, 504]);

export interface RetryPolicy {
  maxAttempts: number;
  /** Longest single wait; a longer Retry-After ends the retries (the caller reports it). */
  maxDelayMs: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, maxDelayMs: 10_000, baseDelayMs: 500 };

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds to wait according to `Retry-After`, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** The wait before attempt `attempt + 1` (attempt counts from 1), or undefined to stop. */
export function nextDelayMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const delay = retryAfter ?? policy.baseDelayMs * 2 ** (attempt - 1);
  return delay > policy.maxDelayMs ? undefined : delay;
}

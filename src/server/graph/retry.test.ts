import { backoffMs, isConnectionReset, nextDelayMs, retryAfterMs, type RetryPolicy } from './retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalMs: 2_000 };
const NOW = Date.UTC(2027, 0, 1, 12, 0, 0);

describe('retryAfterMs', () => {
  it('reads whole and fractional seconds (Graph sends "2.128")', () => {
    expect(retryAfterMs('3', NOW)).toBe(3000);
    expect(retryAfterMs(' 2.128 ', NOW)).toBe(2128);
    expect(retryAfterMs('0.05', NOW)).toBe(50);
    expect(retryAfterMs('0', NOW)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(retryAfterMs(new Date(NOW + 7_000).toUTCString(), NOW)).toBe(7000);
    expect(retryAfterMs(new Date(NOW - 7_000).toUTCString(), NOW)).toBe(0);
  });

  it('ignores absent, empty, negative and unreadable values', () => {
    for (const value of [undefined, '', '-1', '1e3', 'soon', 'NaN', '2.'])
      expect(retryAfterMs(value, NOW)).toBeUndefined();
  });
});

describe('backoff with full jitter', () => {
  it('draws uniformly between 0 and the doubling cap, capped at maxDelayMs', () => {
    expect(backoffMs(policy, 1, () => 0)).toBe(0);
    expect(backoffMs(policy, 1, () => 0.999999)).toBe(99);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(200);
    expect(backoffMs(policy, 10, () => 0.999999)).toBe(999);
  });

  it('stays within [0, cap) for many draws', () => {
    for (let i = 0; i < 1000; i++) {
      const d = backoffMs(policy, 2, Math.random);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(200);
    }
  });
});

describe('nextDelayMs', () => {
  it('prefers Retry-After over backoff', () => {
    expect(nextDelayMs(policy, 1, 0, 750, () => 0.5)).toBe(750);
    expect(nextDelayMs(policy, 1, 0, undefined, () => 0.5)).toBe(50);
  });

  it('stops after maxAttempts', () => {
    expect(nextDelayMs(policy, 3, 0, 10, () => 0)).toBe(10);
    expect(nextDelayMs(policy, 4, 0, 10, () => 0)).toBeUndefined();
  });

  it('stops when Retry-After is longer than we wait, or the total time would be exceeded', () => {
    expect(nextDelayMs(policy, 1, 0, 1_001, () => 0)).toBeUndefined();
    expect(nextDelayMs(policy, 1, 1_500, 600, () => 0)).toBeUndefined();
    expect(nextDelayMs(policy, 1, 1_500, 500, () => 0)).toBe(500);
  });
});

describe('connection resets are classified by code', () => {
  it('recognises undici and socket reset codes, by code', () => {
    expect(isConnectionReset('UND_ERR_SOCKET')).toBe(true);
    expect(isConnectionReset('ECONNRESET')).toBe(true);
    expect(isConnectionReset('ECONNREFUSED')).toBe(false);
    expect(isConnectionReset('UND_ERR_HEADERS_TIMEOUT')).toBe(false);
    expect(isConnectionReset(undefined)).toBe(false);
  });
});

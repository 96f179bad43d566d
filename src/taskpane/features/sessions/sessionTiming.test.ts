import { sessionView } from '../../testing/fakeHttp';
import { agoValue, expiryPhase, justNowEndsInMs, nextPhaseChangeMs, remainingMs, untilValue } from './sessionTiming';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const expiring = (inMs: number, status: 'open' | 'expired' = 'open') =>
  sessionView({ expiresAt: new Date(NOW + inMs).toISOString(), status });

describe('untilValue', () => {
  it.each([
    [3 * 60_000, { value: 3, unit: 'minute', changesInMs: 60_000 }],
    [2 * 60_000 + 10_000, { value: 3, unit: 'minute', changesInMs: 10_000 }],
    [60_000, { value: 60, unit: 'second', changesInMs: 1_000 }],
    [45_500, { value: 46, unit: 'second', changesInMs: 500 }],
    [2 * 3600_000 + 1, { value: 3, unit: 'hour', changesInMs: 1 }],
    [3 * 86400_000, { value: 3, unit: 'day', changesInMs: 86400_000 }],
  ])('%p ms → %p', (left, expected) => {
    expect(untilValue(left)).toEqual(expected);
  });

  it('never shows less than one second before the moment itself', () => {
    expect(untilValue(1).value).toBe(1);
    expect(untilValue(-5).changesInMs).toBeGreaterThan(0);
  });
});

describe('agoValue', () => {
  it('is "just now" for under a minute, then whole minutes, hours and days rounded down', () => {
    expect(agoValue(59_999)).toBeUndefined();
    expect(justNowEndsInMs(45_000)).toBe(15_000);
    expect(agoValue(61_000)).toEqual({ value: -1, unit: 'minute', changesInMs: 59_000 });
    expect(agoValue(3 * 3600_000)).toEqual({ value: -3, unit: 'hour', changesInMs: 3600_000 });
    expect(agoValue(2 * 86400_000 + 5)).toEqual({ value: -2, unit: 'day', changesInMs: 86400_000 - 5 });
  });
});

describe('expiry phase', () => {
  it('is live, then soon in the last minute, then lapsed at the instant itself', () => {
    expect(expiryPhase(expiring(61_000), NOW)).toBe('live');
    expect(nextPhaseChangeMs(expiring(61_000), NOW)).toBe(1_000);
    expect(expiryPhase(expiring(60_000), NOW)).toBe('soon');
    expect(nextPhaseChangeMs(expiring(30_000), NOW)).toBe(30_000);
    expect(expiryPhase(expiring(0), NOW)).toBe('lapsed');
    expect(nextPhaseChangeMs(expiring(0), NOW)).toBeUndefined();
  });

  it('never counts more than the idle limit, even when the device clock is behind', () => {
    const fresh = sessionView({ persistChanges: true, expiresAt: new Date(NOW + 5 * 60_000 + 1500).toISOString() });
    expect(untilValue(remainingMs(fresh, NOW))).toMatchObject({ value: 5, unit: 'minute' });
  });

  it('believes the middle tier when it already says expired', () => {
    expect(expiryPhase(expiring(120_000, 'expired'), NOW)).toBe('lapsed');
  });
});

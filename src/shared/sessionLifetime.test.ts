import { expiresAtMs, idleLimitMs, isExpired } from './sessionLifetime';

describe('session lifetime', () => {
  const t0 = Date.UTC(2026, 10, 27, 9, 0, 0);

  it('gives persistent sessions 5 minutes and view-only sessions 7 minutes of idle time', () => {
    expect(idleLimitMs(true)).toBe(300_000);
    expect(idleLimitMs(false)).toBe(420_000);
    expect(expiresAtMs(t0, true)).toBe(t0 + 300_000);
  });

  it('expires exactly at the limit, not before', () => {
    expect(isExpired(t0, true, t0 + 299_999)).toBe(false);
    expect(isExpired(t0, true, t0 + 300_000)).toBe(true);
    expect(isExpired(t0, false, t0 + 300_000)).toBe(false);
    expect(isExpired(t0, false, t0 + 420_000)).toBe(true);
  });
});

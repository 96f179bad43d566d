import { sessionView } from '../../testing/fakeHttp';
import { soonKey } from './sessionsState';
import { nextExpiryMomentMs } from './useExpiryWatch';

const NOW = Date.parse('2026-03-02T09:17:00.000Z');
const expiringIn = (ms: number, id = 'a') => sessionView({ id, expiresAt: new Date(NOW + ms).toISOString() });

describe('nextExpiryMomentMs', () => {
  const announced = expiringIn(30_000);
  it.each([
    ['no sessions', [], new Set<string>(), true, undefined],
    ['the start of the last minute', [expiringIn(180_000)], new Set<string>(), true, 120_000],
    ['the lapse only, while keep-alive will refresh it', [expiringIn(180_000)], new Set<string>(), false, 180_000],
    ['now, for a last minute not yet announced', [expiringIn(30_000)], new Set<string>(), true, 0],
    ['the lapse, once the last minute was announced', [announced], new Set([soonKey(announced)]), true, 30_000],
    ['the earliest of several', [expiringIn(400_000, 'a'), expiringIn(90_000, 'b')], new Set<string>(), true, 30_000],
    ['now, for one already lapsed', [expiringIn(-1)], new Set<string>(), false, 0],
  ])('%s', (_what, sessions, soon, announceSoon, expected) => {
    expect(nextExpiryMomentMs(sessions, NOW, soon, announceSoon)).toBe(expected);
  });
});

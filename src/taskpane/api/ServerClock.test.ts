import { ServerClock } from './ServerClock';

const T = Date.parse('2026-03-02T10:00:00.000Z');
const MIN = 60_000;

function clockAt(deviceMs: number): { clock: ServerClock; set: (ms: number) => void } {
  let device = deviceMs;
  return { clock: new ServerClock(() => device), set: (ms) => (device = ms) };
}

describe('ServerClock', () => {
  it('is the device clock until an answer says otherwise, then the middle tier clock', () => {
    const { clock } = clockAt(T + 6 * MIN);
    expect(clock.now()).toBe(T + 6 * MIN);
    clock.observe(T + 6 * MIN - 100, T + 6 * MIN, 'Mon, 02 Mar 2026 10:00:00 GMT');
    expect(Math.abs(clock.now() - T)).toBeLessThanOrEqual(600);
    expect(Math.abs(clock.onDeviceClock(T) - (T + 6 * MIN))).toBeLessThanOrEqual(600);
  });

  it('ignores an answer without a usable Date, keeping what it knew', () => {
    const { clock } = clockAt(T - 3 * MIN);
    clock.observe(T - 3 * MIN, T - 3 * MIN + 40, 'Mon, 02 Mar 2026 10:00:00 GMT');
    const before = clock.offsetMs();
    clock.observe(T - 3 * MIN, T - 3 * MIN + 40, null);
    clock.observe(T - 3 * MIN, T - 3 * MIN + 40, 'yesterday');
    expect(clock.offsetMs()).toBe(before);
    expect(before).toBeGreaterThan(3 * MIN - 100);
  });

  it('tells subscribers when the estimate moves noticeably, not for every small correction', () => {
    const { clock, set } = clockAt(T);
    const heard = jest.fn();
    const stop = clock.subscribe(heard);
    clock.observe(T - 50, T, 'Mon, 02 Mar 2026 10:00:00 GMT');
    expect(heard).toHaveBeenCalledTimes(1);
    clock.observe(T - 50, T, 'Mon, 02 Mar 2026 10:00:00 GMT');
    expect(heard).toHaveBeenCalledTimes(1);
    // The computer's clock was set 5 minutes back: the next two answers say so (one alone could
    // be a stale Date).
    set(T - 5 * MIN);
    clock.observe(T - 5 * MIN - 50, T - 5 * MIN, 'Mon, 02 Mar 2026 10:00:00 GMT');
    expect(heard).toHaveBeenCalledTimes(1);
    clock.observe(T - 5 * MIN - 50, T - 5 * MIN, 'Mon, 02 Mar 2026 10:00:00 GMT');
    expect(heard).toHaveBeenCalledTimes(2);
    expect(Math.abs(clock.now() - T)).toBeLessThanOrEqual(600);
    stop();
  });
});

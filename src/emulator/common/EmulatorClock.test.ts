import { EmulatorClock, MAX_ADVANCE_SECONDS } from './EmulatorClock';

describe('EmulatorClock', () => {
  it('follows its time source plus every advance, fractions included', () => {
    let source = Date.parse('2027-03-01T09:00:00Z');
    const clock = new EmulatorClock(() => source);
    expect(clock.iso()).toBe('2027-03-01T09:00:00.000Z');
    clock.advance(300.25);
    expect(clock.iso()).toBe('2027-03-01T09:05:00.250Z');
    source += 1000;
    expect(clock.now()).toBe(Date.parse('2027-03-01T09:05:01.250Z'));
    // The source alone is the add-in machine's time, without the advances.
    expect(clock.sourceNow()).toBe(Date.parse('2027-03-01T09:00:01Z'));
  });

  it('never goes back and refuses absurd jumps', () => {
    const clock = new EmulatorClock(() => 0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, MAX_ADVANCE_SECONDS + 1]) {
      expect(() => clock.advance(bad)).toThrow(RangeError);
    }
    expect(clock.now()).toBe(0);
    expect(clock.advance(MAX_ADVANCE_SECONDS)).toBe(MAX_ADVANCE_SECONDS * 1000);
  });

  it('after a restart keeps its offset and never stands before the moment the state was saved', () => {
    const savedAt = Date.parse('2027-03-01T10:00:00Z');
    // The machine's clock was set back an hour while the emulator was stopped.
    const clock = new EmulatorClock(() => savedAt - 3_600_000);
    clock.restore(600_000, savedAt);
    expect(clock.now()).toBe(savedAt);
    const later = new EmulatorClock(() => savedAt + 1000);
    later.restore(600_000, savedAt);
    expect(later.now()).toBe(savedAt + 1000 + 600_000);
  });
});

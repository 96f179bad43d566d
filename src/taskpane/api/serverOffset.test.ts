import { combineOffsets, offsetEstimate, offsetRangeOf, parseHttpDate } from './serverOffset';

const T = Date.parse('2026-03-02T10:00:00.000Z');
const MIN = 60_000;

describe('parseHttpDate', () => {
  it.each([
    ['Mon, 02 Mar 2026 10:00:00 GMT', T],
    ['  Mon, 02 Mar 2026 10:00:00 GMT ', T],
    [null, undefined],
    [undefined, undefined],
    ['', undefined],
    ['2026-03-02T10:00:00Z', undefined],
    ['Monday, 02-Mar-26 10:00:00 GMT', undefined],
    ['Mon, 02 Mar 2026 10:00:00 +0100', undefined],
    ['Mon, 32 Mar 2026 10:00:00 GMT', undefined],
    ['tomorrow', undefined],
  ])('%p → %p', (header, expected) => {
    expect(parseHttpDate(header)).toBe(expected);
  });
});

describe('offsetRangeOf', () => {
  it.each([
    // [what, sent, received, Date, expected range]
    ['same clocks, 200 ms round trip', T, T + 200, T, { low: -200, high: 1000 }],
    ['device 6 min fast', T + 6 * MIN, T + 6 * MIN + 100, T, { low: -6 * MIN - 100, high: -6 * MIN + 1000 }],
    ['device 3 min slow', T - 3 * MIN, T - 3 * MIN + 50, T, { low: 3 * MIN - 50, high: 3 * MIN + 1000 }],
    ['device clock went back during the request', T + 500, T, T, undefined],
    ['not a number', Number.NaN, T, T, undefined],
  ])('%s', (_what, sent, received, date, expected) => {
    expect(offsetRangeOf(sent, received, date)).toEqual(expected);
  });
});

describe('combineOffsets and offsetEstimate', () => {
  it.each([
    ['no answer yet: the device clock', [], 0],
    ['one answer: the middle of its range', [{ low: -200, high: 1000 }], 400],
    [
      'answers narrow the range to their overlap',
      [
        { low: -200, high: 1000 },
        { low: 300, high: 1500 },
        { low: -500, high: 600 },
      ],
      450,
    ],
    [
      'one answer outside the range is held back (a stale Date, or a clock set since)',
      [
        { low: -200, high: 1000 },
        { low: 300, high: 400 },
        { low: 6 * MIN, high: 6 * MIN + 1000 },
      ],
      350,
    ],
    [
      'two agreeing answers outside the range mean a clock was set: it starts afresh from them',
      [
        { low: -200, high: 1000 },
        { low: 300, high: 400 },
        { low: 6 * MIN, high: 6 * MIN + 1000 },
        { low: 6 * MIN + 200, high: 6 * MIN + 1200 },
      ],
      6 * MIN + 600,
    ],
    [
      'an outlier followed by answers that agree with the range is forgotten',
      [
        { low: 300, high: 400 },
        { low: 6 * MIN, high: 6 * MIN + 1000 },
        { low: 0, high: 1000 },
        { low: 6 * MIN + 200, high: 6 * MIN + 1200 },
      ],
      350,
    ],
    [
      'a slow answer (wide range) does not spoil a good estimate',
      [
        { low: 300, high: 400 },
        { low: -20_000, high: 20_000 },
      ],
      350,
    ],
  ])('%s', (_what, samples, expected) => {
    const knowledge = samples.reduce<ReturnType<typeof combineOffsets> | undefined>(
      (previous, sample) => combineOffsets(previous, sample),
      undefined,
    );
    expect(offsetEstimate(knowledge)).toBe(expected);
  });
});

import { EmulatorClock } from '../common/EmulatorClock';
import { RetryAfterLedger } from './RetryAfterLedger';

const MEGAN = 'megan';
const WORKBOOK = 'drives/d/items/i';

function setup(): { clock: EmulatorClock; ledger: RetryAfterLedger; tick: (ms: number) => void } {
  let source = Date.parse('2027-03-01T09:00:00Z');
  const clock = new EmulatorClock(() => source);
  return { clock, ledger: new RetryAfterLedger(clock.now), tick: (ms) => (source += ms) };
}

describe('RetryAfterLedger', () => {
  it('records a request that comes back before a fractional Retry-After has passed, and not after', () => {
    const { ledger, tick } = setup();
    ledger.remember(MEGAN, WORKBOOK, 0.05);
    tick(30);
    ledger.check({ method: 'POST', path: '/v1.0/x/closeSession', userOid: MEGAN, key: WORKBOOK });
    tick(20);
    ledger.check({ method: 'POST', path: '/v1.0/x/closeSession', userOid: MEGAN, key: WORKBOOK });
    expect(ledger.violations()).toEqual([
      {
        at: '2027-03-01T09:00:00.030Z',
        method: 'POST',
        path: '/v1.0/x/closeSession',
        userOid: MEGAN,
        key: WORKBOOK,
        notBefore: '2027-03-01T09:00:00.050Z',
      },
    ]);
  });

  it('keeps windows per user and per workbook', () => {
    const { ledger } = setup();
    ledger.remember(MEGAN, WORKBOOK, 10);
    ledger.check({ method: 'POST', path: '/p', userOid: 'ana', key: WORKBOOK });
    ledger.check({ method: 'POST', path: '/p', userOid: MEGAN, key: 'drives/d/items/other' });
    expect(ledger.violations()).toEqual([]);
    ledger.check({ method: 'POST', path: '/p', userOid: MEGAN, key: WORKBOOK });
    expect(ledger.violations()).toHaveLength(1);
    ledger.reset();
    ledger.check({ method: 'POST', path: '/p', userOid: MEGAN, key: WORKBOOK });
    expect(ledger.violations()).toEqual([]);
  });

  it('moves with the emulator clock', () => {
    const { clock, ledger } = setup();
    ledger.remember(MEGAN, WORKBOOK, 30);
    clock.advance(30);
    ledger.check({ method: 'POST', path: '/p', userOid: MEGAN, key: WORKBOOK });
    expect(ledger.violations()).toEqual([]);
  });
});

describe('EmulatorClock', () => {
  it('follows its source plus the advances, and never goes back', () => {
    const { clock, tick } = setup();
    const start = clock.now();
    clock.advance(1.5);
    tick(100);
    expect(clock.now() - start).toBe(1600);
    expect(clock.iso()).toBe('2027-03-01T09:00:01.600Z');
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});

import type { Log } from '../log';
import { RefusalTally } from './requestLog';

interface Line {
  fields: Record<string, unknown>;
  msg: string;
}

function recordingLog(lines: Line[]): Log {
  const ignore = (): void => undefined;
  return {
    debug: ignore,
    info: (fields, msg) => void lines.push({ fields: fields as Record<string, unknown>, msg: msg ?? '' }),
    warn: ignore,
    error: ignore,
  };
}

describe('RefusalTally', () => {
  let clock: number;
  let lines: Line[];
  let tally: RefusalTally;

  beforeEach(() => {
    jest.useFakeTimers();
    clock = 0;
    lines = [];
    tally = new RefusalTally(
      () => recordingLog(lines),
      60_000,
      () => clock,
    );
  });
  afterEach(() => {
    tally.stop();
    jest.useRealTimers();
  });

  it('logs one line a minute with the counts by code, and nothing for a quiet minute', () => {
    tally.start();
    for (let i = 0; i < 3; i++) tally.count('invalidToken');
    tally.count('rateLimited');
    clock = 60_000;
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual([
      {
        msg: 'routine refusals',
        fields: { refusals: { invalidToken: 3, rateLimited: 1 }, total: 4, periodSeconds: 60 },
      },
    ]);

    clock = 120_000;
    jest.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(1);

    tally.count('routeNotFound');
    clock = 180_000;
    jest.advanceTimersByTime(60_000);
    expect(lines[1]).toEqual({
      msg: 'routine refusals',
      fields: { refusals: { routeNotFound: 1 }, total: 1, periodSeconds: 60 },
    });
  });

  it('logs what was counted when it stops, then nothing more', () => {
    tally.start();
    tally.count('requestTimeout');
    clock = 5_000;
    tally.stop();
    expect(lines).toEqual([
      { msg: 'routine refusals', fields: { refusals: { requestTimeout: 1 }, total: 1, periodSeconds: 5 } },
    ]);
    jest.advanceTimersByTime(120_000);
    expect(lines).toHaveLength(1);
  });
});

/**
 * Re-renders the calling component when its time-dependent text next changes, and only then:
 * each row sleeps until its own countdown moves, instead of a pane-wide timer re-rendering every
 * row every second. Returns the middle tier's current time (epoch ms) to render with, and
 * re-renders when the pane's estimate of that clock moves.
 */
import { useEffect, useState } from 'react';
import { useServerClock } from './serverClockContext';

/** setTimeout's largest delay; longer waits are done in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export function useTicking(nextChangeInMs: (nowMs: number) => number | undefined): number {
  const [, setTick] = useState(0);
  const { clock } = useServerClock();
  const now = clock.now;
  const current = now();
  useEffect(() => {
    const delay = nextChangeInMs(now());
    if (delay === undefined) return undefined;
    const timer = setTimeout(() => setTick((tick) => tick + 1), Math.min(Math.max(delay, 0), MAX_DELAY_MS));
    return () => clearTimeout(timer);
  });
  return current;
}

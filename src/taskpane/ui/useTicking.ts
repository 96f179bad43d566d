/**
 * Re-renders the calling component when its time-dependent text next changes, and only then:
 * each row sleeps until its own countdown moves, instead of a pane-wide timer re-rendering every
 * row every second. Returns the current time (epoch ms) to render with.
 */
import { useEffect, useState } from 'react';

/** setTimeout's largest delay; longer waits are done in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export function useTicking(
  nextChangeInMs: (nowMs: number) => number | undefined,
  now: () => number = Date.now,
): number {
  const [, setTick] = useState(0);
  const current = now();
  useEffect(() => {
    const delay = nextChangeInMs(now());
    if (delay === undefined) return undefined;
    const timer = setTimeout(() => setTick((tick) => tick + 1), Math.min(Math.max(delay, 0), MAX_DELAY_MS));
    return () => clearTimeout(timer);
  });
  return current;
}

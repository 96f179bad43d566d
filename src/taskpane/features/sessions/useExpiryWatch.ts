/**
 * Wakes the pane when a session enters its last minute (announced once, unless keep-alive is
 * about to refresh it) and when it lapses (it leaves the list, announced once). One timer for the
 * whole list, set for the next such moment on the middle tier's clock.
 */
import { useEffect, useState } from 'react';
import { type SessionView } from '../../../shared/api';
import { soonKey } from './sessionsState';
import { NEAR_EXPIRY_MS, remainingMs } from './sessionTiming';

/** setTimeout's largest delay; a longer wait simply wakes once early. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Milliseconds until the next last minute to announce or lapse, or undefined when there is none. Pure. */
export function nextExpiryMomentMs(
  sessions: readonly SessionView[],
  nowMs: number,
  soonAnnounced: ReadonlySet<string>,
  announceSoon: boolean,
): number | undefined {
  let next: number | undefined;
  for (const session of sessions) {
    const left = remainingMs(session, nowMs);
    const moments = announceSoon && !soonAnnounced.has(soonKey(session)) ? [left, left - NEAR_EXPIRY_MS] : [left];
    for (const moment of moments) {
      const inMs = Math.max(moment, 0);
      if (next === undefined || inMs < next) next = inMs;
    }
  }
  return next;
}

export interface ExpiryWatchOptions {
  sessions: readonly SessionView[];
  soonAnnounced: ReadonlySet<string>;
  /** Off while keep-alive will refresh the sessions before their last minute is over. */
  announceSoon: boolean;
  now: () => number;
  /** Changes when the clock's estimate moves: the timer is set again. */
  clockVersion: number;
  onMoment: (announceSoon: boolean) => void;
}

export function useExpiryWatch({
  sessions,
  soonAnnounced,
  announceSoon,
  now,
  clockVersion,
  onMoment,
}: ExpiryWatchOptions): void {
  // Counts wake-ups, so the timer is set again even when a moment changed nothing (a small
  // correction of the clock can make it come a little early).
  const [wakes, setWakes] = useState(0);
  useEffect(() => {
    const inMs = nextExpiryMomentMs(sessions, now(), soonAnnounced, announceSoon);
    if (inMs === undefined) return undefined;
    const timer = setTimeout(
      () => {
        onMoment(announceSoon);
        setWakes((count) => count + 1);
      },
      // At least 1 ms, so a moment that is due but changes nothing cannot spin.
      Math.min(Math.max(inMs, wakes > 0 && inMs === 0 ? 1 : 0), MAX_DELAY_MS),
    );
    return () => clearTimeout(timer);
  }, [sessions, soonAnnounced, announceSoon, now, clockVersion, onMoment, wakes]);
}

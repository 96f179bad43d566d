/**
 * Time as a row shows it: how long until a session lapses, how long ago it opened, and when that
 * text next changes, so each row can sleep until then instead of the pane re-rendering every
 * second. Pure: every function takes `nowMs`.
 */
import { type SessionView } from '../../../shared/api';
import { idleLimitMs } from '../../../shared/sessionLifetime';
import { type RelativeUnit } from '../../i18n/locale';

/** A row "stands out" in its last minute. */
export const NEAR_EXPIRY_MS = 60_000;

export type ExpiryPhase = 'live' | 'soon' | 'lapsed';

export function expiresAtMs(session: SessionView): number {
  return Date.parse(session.expiresAt);
}

/**
 * Time left before the idle timeout. Never more than the idle limit itself: a device clock a
 * little behind the middle tier's would otherwise show a fresh session with 6 minutes of 5.
 */
export function remainingMs(session: SessionView, nowMs: number): number {
  return Math.min(expiresAtMs(session) - nowMs, idleLimitMs(session.persistChanges));
}

/** `lapsed` once expiresAt has passed, or when the middle tier already says `expired`. */
export function expiryPhase(session: SessionView, nowMs: number): ExpiryPhase {
  if (session.status === 'expired') return 'lapsed';
  const left = remainingMs(session, nowMs);
  if (left <= 0) return 'lapsed';
  return left <= NEAR_EXPIRY_MS ? 'soon' : 'live';
}

/** Milliseconds until expiryPhase changes, or undefined when it never will again. */
export function nextPhaseChangeMs(session: SessionView, nowMs: number): number | undefined {
  const left = remainingMs(session, nowMs);
  if (session.status === 'expired' || left <= 0) return undefined;
  return left > NEAR_EXPIRY_MS ? left - NEAR_EXPIRY_MS : left;
}

export interface RelativeValue {
  value: number;
  unit: RelativeUnit;
  /** Milliseconds until the value shown changes. */
  changesInMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A time still to come, rounded up so "in 1 min" never shows once less than a minute is left:
 * seconds in the last minute, then minutes, hours, days.
 */
export function untilValue(leftMs: number): RelativeValue {
  const left = Math.max(leftMs, 0);
  for (const [unit, size, below] of [
    ['second', SECOND, MINUTE],
    ['minute', MINUTE, HOUR],
    ['hour', HOUR, DAY],
  ] as const) {
    if (left <= below) {
      const value = Math.max(Math.ceil(left / size), 1);
      return { value, unit, changesInMs: Math.max(left - (value - 1) * size, 1) };
    }
  }
  const value = Math.ceil(left / DAY);
  return { value, unit: 'day', changesInMs: left - (value - 1) * DAY };
}

/** A time gone by, rounded down; undefined under a minute ("just now"). */
export function agoValue(elapsedMs: number): RelativeValue | undefined {
  const elapsed = Math.max(elapsedMs, 0);
  if (elapsed < MINUTE) return undefined;
  for (const [unit, size, below] of [
    ['minute', MINUTE, HOUR],
    ['hour', HOUR, DAY],
  ] as const) {
    if (elapsed < below) {
      const value = Math.floor(elapsed / size);
      return { value: -value, unit, changesInMs: (value + 1) * size - elapsed };
    }
  }
  const value = Math.floor(elapsed / DAY);
  return { value: -value, unit: 'day', changesInMs: (value + 1) * DAY - elapsed };
}

/** Milliseconds until "just now" becomes "1 min ago". */
export function justNowEndsInMs(elapsedMs: number): number {
  return Math.max(MINUTE - Math.max(elapsedMs, 0), 1);
}

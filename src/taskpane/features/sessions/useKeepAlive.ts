/**
 * "Keep my sessions alive": refreshes each open session shortly before its idle timeout, one
 * request at a time, only while the pane is on screen, and never a session that has already
 * lapsed (Graph cannot revive it: https://learn.microsoft.com/graph/api/workbook-refreshsession).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type SessionView } from '../../../shared/api';
import { expiresAtMs } from './sessionTiming';
import { type BackgroundRefreshResult, type RowRef } from './useSessions';

/** How long before the idle timeout a session is refreshed. */
export const KEEP_ALIVE_LEAD_MS = 60_000;

export interface KeepAliveOptions {
  enabled: boolean;
  visible: boolean;
  /** A keep-alive failure needs the person (sign-in, permission): wait until it is resolved. */
  paused: boolean;
  /** The sessions to keep alive, with the labels the pane names them by. */
  rows: readonly RowRef[];
  refresh: (row: RowRef) => Promise<BackgroundRefreshResult>;
  /** The middle tier's clock (Graph's sessions expire by the service's time, not the device's). */
  now?: () => number;
  /** Changes when that clock's estimate moves: the next refresh is scheduled again. */
  clockVersion?: number;
}

/** The next session due for a refresh and when, or undefined when none is. Pure. */
export function nextKeepAlive(
  sessions: readonly SessionView[],
  nowMs: number,
  notBefore: ReadonlyMap<string, number>,
  leadMs: number = KEEP_ALIVE_LEAD_MS,
): { id: string; atMs: number } | undefined {
  let next: { id: string; atMs: number } | undefined;
  for (const session of sessions) {
    const expiresAt = expiresAtMs(session);
    if (session.status !== 'open' || expiresAt <= nowMs) continue;
    const atMs = Math.max(expiresAt - leadMs, notBefore.get(session.id) ?? 0);
    // A retry that would come after the timeout is pointless: the session will have lapsed.
    if (atMs >= expiresAt) continue;
    if (next === undefined || atMs < next.atMs) next = { id: session.id, atMs };
  }
  return next;
}

/**
 * Runs keep-alive while it is switched on. Rendered only then, so its scheduler loads with the
 * switch's chunk rather than with the start JavaScript.
 */
export function KeepAliveRunner(options: Omit<KeepAliveOptions, 'enabled'>): null {
  useKeepAlive({ ...options, enabled: true });
  return null;
}

export function useKeepAlive({
  enabled,
  visible,
  paused,
  rows,
  refresh,
  now = Date.now,
  clockVersion = 0,
}: KeepAliveOptions): void {
  const inFlight = useRef(false);
  const notBefore = useRef(new Map<string, number>());
  const latest = useRef({ rows, refresh });
  latest.current = { rows, refresh };
  // Rescheduled whenever the rows change (a refresh answered) or a refresh settles.
  const [wake, setWake] = useState(0);
  const rewake = useCallback(() => setWake((count) => count + 1), []);

  useEffect(() => {
    if (!enabled || !visible || paused || inFlight.current) return undefined;
    const due = nextKeepAlive(
      rows.map((r) => r.session),
      now(),
      notBefore.current,
    );
    if (due === undefined) return undefined;
    const timer = setTimeout(
      () => {
        const row = latest.current.rows.find((r) => r.session.id === due.id);
        // Never an expired one: the clock may have jumped (a laptop waking up) past the timeout.
        if (!row || row.session.status !== 'open' || expiresAtMs(row.session) <= now()) {
          rewake();
          return;
        }
        inFlight.current = true;
        void latest.current.refresh(row).then((result) => {
          inFlight.current = false;
          if (result.kind === 'retryLater') notBefore.current.set(row.session.id, now() + result.afterMs);
          else notBefore.current.delete(row.session.id);
          rewake();
        });
      },
      Math.max(due.atMs - now(), 0),
    );
    return () => clearTimeout(timer);
  }, [enabled, visible, paused, rows, now, clockVersion, wake, rewake]);
}

/**
 * Finishes what a dead or stalled instance left unfinished in the registry, and cleans up rows
 * whose Graph session has certainly expired. Runs at start-up and then periodically, on every
 * instance; leases (SessionStore.ts) make sure two instances never work the same row.
 *
 * The registry row is written BEFORE each Graph call and updated after it
 * (sessionLifecycle.ts), so what an instance leaves behind when it dies is one of:
 *
 *  - `closing`: closeSession may or may not have reached Graph. Once the lease has lapsed the
 *    row is claimed and closeSession is sent again with the credential the row keeps
 *    (registry/closeCredential.ts); closed or already gone → deleted. Graph unreachable → left
 *    for a later run. Refused, or no usable credential → `open` again, so the user can close it.
 *  - `opening`, no Graph id: createSession's outcome was never recorded. Graph may hold a session
 *    nobody can name; nothing ever re-sends that createSession (it would duplicate it). The row
 *    is the record of it, and is deleted (logged) once the session has certainly expired in Graph
 *    (5 or 7 idle minutes plus a margin).
 *  - `open`: consistent; kept until it has certainly expired, then deleted.
 *  - `closing`, leased to this very instance, whose Graph answer came while the registry was away:
 *    the lifecycle remembers it and each run writes it first (sessionLifecycle.ts).
 *
 * No row is ever dropped without a log line saying why.
 */
import { AppError } from '../errors/AppError';
import type { GraphClient } from '../graph/graphClient';
import type { Log } from '../log';
import type { LeftoverReport, SessionLifecycle } from './sessionLifecycle';

/** Rows handled per step and run (the rest wait for the next run). */
const ROWS_PER_RUN = 500;

export interface ReconcilerDeps {
  lifecycle: SessionLifecycle;
  graph: Pick<GraphClient, 'closeSession'>;
  log: Log;
  /** Receives what each run did (metrics). */
  onReport?: (report: ReconcileReport) => void;
}

export interface ReconcileReport extends LeftoverReport {
  /** `opening` rows whose createSession outcome was never known, deleted once certainly expired. */
  unknownCreatesRemoved: number;
  /** Rows this instance closed (or reopened) in Graph while the registry was away, settled now. */
  closesSettledLate: number;
}

export interface Reconciler {
  runOnce(): Promise<ReconcileReport>;
  /** Runs now, then every `intervalMs` (the timer does not keep the process alive). */
  start(intervalMs: number): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export function createReconciler({ lifecycle, graph, log, onReport }: ReconcilerDeps): Reconciler {
  async function runOnce(): Promise<ReconcileReport> {
    // This instance's own closes answered during a registry outage first: no other run settles them.
    const closesSettledLate = await lifecycle.settleRemembered();
    // In parallel inside: the Graph client's scheduler still sends one request at a time per workbook.
    const leftover = await lifecycle.finishLeftoverCloses(ROWS_PER_RUN, (token, row) =>
      graph.closeSession(token, row.driveId, row.itemId, row.graphSessionId ?? '', log),
    );
    const report: ReconcileReport = { ...leftover, unknownCreatesRemoved: 0, closesSettledLate };
    for (const row of await lifecycle.removeExpired(ROWS_PER_RUN)) {
      const at = { sessionRef: row.id, lastActivityAt: new Date(row.lastActivityAt).toISOString() };
      if (row.status === 'opening') {
        report.unknownCreatesRemoved++;
        log.warn(
          at,
          'removed the record of a createSession whose answer was never known; any session Graph created for it has expired',
        );
      } else {
        report.expiredRemoved++;
        log.info(at, 'removed a session that has expired in Graph');
      }
    }
    if (Object.values(report).some((n) => n > 0)) log.info({ ...report }, 'registry reconciled');
    onReport?.(report);
    return report;
  }

  let timer: NodeJS.Timeout | undefined;
  let current: Promise<ReconcileReport> | undefined;
  const runGuarded = (): Promise<ReconcileReport> => {
    current ??= runOnce().finally(() => {
      current = undefined;
    });
    return current;
  };
  const runAndLog = (): void => {
    runGuarded().catch((error: unknown) => {
      // The registry database unreachable (or not reached yet at start) is an expected state that
      // the registry itself logs with its reason and retries; a stack trace here would only alarm.
      if (error instanceof AppError && error.code === 'serviceUnavailable')
        log.warn(
          { code: error.code },
          'registry reconciliation skipped: the registry is not reachable; the next run tries again',
        );
      else log.error({ err: error }, 'registry reconciliation failed');
    });
  };

  return {
    runOnce: runGuarded,
    start(intervalMs) {
      if (timer !== undefined) return;
      runAndLog();
      timer = setInterval(runAndLog, intervalMs);
      timer.unref();
    },
    async stop() {
      lifecycle.stop();
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await current?.catch(() => undefined);
    },
  };
}

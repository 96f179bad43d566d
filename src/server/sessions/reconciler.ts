/**
 * Finishes what a previous process left unfinished in the registry, and cleans up rows whose
 * Graph session has certainly expired. Runs at start-up and then periodically.
 *
 * The registry row is written BEFORE each Graph call and updated after it, so a crash leaves one
 * of these states (rows claimed by a dead instance; see SessionStore.ts):
 *
 *  - `opening`, no Graph id: the process died before createSession answered, or after it
 *    answered but before the id was recorded. Graph may hold a session we can never name (the
 *    id was lost with the process), so it can neither be closed nor found; the row is DELETED
 *    (logged). This cannot duplicate anything — nothing ever re-sends that createSession — and
 *    orphans nothing for long: Graph drops an untouched session after 5 (persistent) or 7
 *    (view-only) minutes of inactivity.
 *  - `closing`: closeSession may or may not have reached Graph. It is sent again with the
 *    credential the row keeps (registry/closeCredential.ts); closed or already gone (404,
 *    invalidSession*) → the row is deleted. If Graph cannot be reached the row stays for the
 *    next run. If the credential is missing or no longer accepted, the row stays until the
 *    session has certainly expired in Graph, then it is deleted.
 *  - `open`: consistent; kept until it has certainly expired (idle limit + margin), then deleted.
 *
 * No row is ever dropped without a log line saying why.
 */
import type { FastifyBaseLogger } from 'fastify';
import { idleLimitMs } from '../../shared/sessionLifetime';
import { AppError } from '../errors/AppError';
import type { GraphClient } from '../graph/graphClient';
import type { CredentialSealer } from '../registry/closeCredential';
import type { SessionRecord, SessionStore } from '../registry/SessionStore';

export interface ReconcilerDeps {
  store: SessionStore;
  graph: Pick<GraphClient, 'closeSession'>;
  sealer: CredentialSealer;
  now: () => number;
  log: FastifyBaseLogger;
  /** Beyond the idle limit, how long before a session is CERTAINLY gone in Graph ("about" 5/7 min). */
  expiryMarginMs?: number;
  /** Rows handled per step and run (the rest wait for the next run). */
  batchSize?: number;
}

export interface ReconcileReport {
  /** `opening` rows without a Graph id, deleted. */
  unknownCreatesRemoved: number;
  /** `closing` rows closed in Graph (or found gone there) and deleted. */
  closesFinished: number;
  /** Rows deleted because their session had certainly expired in Graph. */
  expiredRemoved: number;
  /** `closing` rows left for a later run (Graph unreachable, or no usable credential yet). */
  closesPending: number;
}

export interface Reconciler {
  runOnce(): Promise<ReconcileReport>;
  /** Runs now, then every `intervalMs` (the timer does not keep the process alive). */
  start(intervalMs: number): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export const DEFAULT_EXPIRY_MARGIN_MS = 5 * 60_000;

export function createReconciler(deps: ReconcilerDeps): Reconciler {
  const { store, graph, sealer, now, log } = deps;
  const margin = deps.expiryMarginMs ?? DEFAULT_EXPIRY_MARGIN_MS;
  const batchSize = deps.batchSize ?? 500;
  const certainlyExpired = (row: SessionRecord): boolean => now() > row.lastActivityAt + idleLimitMs(row.persistChanges) + margin;
  const owner = (row: SessionRecord) => ({ tenantId: row.tenantId, userOid: row.userOid });

  async function finishClose(row: SessionRecord, report: ReconcileReport): Promise<void> {
    const sealed = store.closeCredentialOf(owner(row), row.id);
    const token = sealed === null ? undefined : sealer.open(sealed);
    if (token !== undefined && row.graphSessionId !== null) {
      try {
        const outcome = await graph.closeSession(token, row.driveId, row.itemId, row.graphSessionId, log);
        store.delete(owner(row), row.id);
        report.closesFinished++;
        log.info({ sessionRef: row.id, outcome }, 'reconciler finished a close left by a previous process');
        return;
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'unknown';
        log.warn({ sessionRef: row.id, code }, 'reconciler could not finish a close yet');
        if (!(error instanceof AppError)) throw error;
      }
    }
    if (certainlyExpired(row)) {
      store.delete(owner(row), row.id);
      report.expiredRemoved++;
      log.info({ sessionRef: row.id }, 'reconciler removed a closing session that has expired in Graph');
      return;
    }
    report.closesPending++;
  }

  async function runOnce(): Promise<ReconcileReport> {
    const report: ReconcileReport = { unknownCreatesRemoved: 0, closesFinished: 0, expiredRemoved: 0, closesPending: 0 };
    const closing: SessionRecord[] = [];
    for (const row of store.listUnfinished(batchSize)) {
      if (row.status === 'closing') closing.push(row);
      else if (row.status === 'opening') {
        store.delete(owner(row), row.id);
        report.unknownCreatesRemoved++;
        log.warn(
          { sessionRef: row.id, openedAt: new Date(row.openedAt).toISOString() },
          'reconciler removed a session whose createSession result was never recorded (Graph expires it on its own within 5-7 minutes)',
        );
      }
    }
    // In parallel: the Graph client's scheduler still sends one request at a time per workbook.
    await Promise.all(closing.map((row) => finishClose(row, report)));
    // Open rows idle past the longest lifetime + margin: Graph has dropped them.
    const cutoff = now() - idleLimitMs(true) - margin;
    for (const row of store.listLastActiveBefore(cutoff, batchSize)) {
      if (row.status !== 'open' || !certainlyExpired(row)) continue;
      store.delete(owner(row), row.id);
      report.expiredRemoved++;
      log.info({ sessionRef: row.id, lastActivityAt: new Date(row.lastActivityAt).toISOString() }, 'reconciler removed a session that has expired in Graph');
    }
    if (report.unknownCreatesRemoved + report.closesFinished + report.expiredRemoved + report.closesPending > 0) log.info({ ...report }, 'registry reconciled');
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
    runGuarded().catch((error: unknown) => log.error({ err: error }, 'registry reconciliation failed'));
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
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await current?.catch(() => undefined);
    },
  };
}

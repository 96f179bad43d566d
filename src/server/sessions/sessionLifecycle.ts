/**
 * The one home of the session lifecycle: every change of a registry row goes through here, for
 * an open, a refresh, a single close, a bulk close and the reconciler alike.
 *
 *   opening ──Graph created it──▶ open ──marked before closeSession──▶ closing ──Graph closed it / already gone──▶ (deleted)
 *      │                           ▲                                        │
 *      │                           └──────────Graph refused the close───────┘
 *      └──Graph refused──▶ (deleted)      opening, outcome unknown ──certainly expired──▶ (deleted, logged)
 *
 * The invariant: a session is closed in Graph and gone from the registry, or open in both. So the
 * row is written BEFORE each Graph call (write-ahead) and settled after it. Rows in flight are
 * leased to this instance (SessionStore.ts) and the leases are renewed while the work lasts, so
 * another instance takes a row over only when this one has died or stalled past the lease.
 *
 * When the registry becomes unreachable after a row was marked `closing`, Graph's answer is still
 * known here: the close answers what Graph did, and the instance remembers the settlement and
 * writes it once the registry is back (retried every few seconds, and by each reconciler run), so
 * the row does not stay `closing` (no instance reclaims its own rows: the lease is its own).
 */
import { randomUUID } from 'node:crypto';
import { idleLimitMs } from '../../shared/sessionLifetime';
import { AppError, createAppError } from '../errors/AppError';
import type { CloseResult, CloseTarget } from '../graph/batchClose';
import type { CloseOutcome, WorkbookRef } from '../../shared/api';
import type { CreatedSession } from '../graph/graphClient';
import type { Log } from '../log';
import { closeCredentialContext, type CredentialSealer, type UnsealProblem } from '../registry/closeCredential';
import type { ClaimedClose, SessionOwner, SessionRecord, SessionStore } from '../registry/SessionStore';
import { awaitOtherCloses } from './concurrentCloses';
import { RememberedSettlements, registryUnavailable } from './rememberedSettlements';

/** Refresh answers after which the Graph session cannot be used again: its row goes. */
const SESSION_UNUSABLE_CODES: ReadonlySet<string> = new Set(['sessionExpired', 'sessionLost', 'sessionConflict']);

/** Closes `targets` in Graph, reporting results through `settle` as soon as each is known. */

export type CloseInGraph = (
  targets: readonly CloseTarget[],
  settle: (settled: ReadonlyArray<[string, CloseResult]>) => Promise<void>,
) => Promise<void>;

export interface SessionLifecycleOptions {
  store: SessionStore;
  sealer: CredentialSealer;
  now: () => number;
  log: Log;
  /** How long a row in flight stays leased without renewal (default 60 s); renewed every third of it. */
  leaseMs?: number;
  /** This instance's lease holder id (default: random per process start). */
  holder?: string;
  /** Waits between looks at a row another request is closing (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/** What finishing left-over closes did. */
export interface LeftoverReport {
  /** `closing` rows closed in Graph (or found gone there) and deleted. */
  closesFinished: number;
  /** `closing` rows whose session had certainly expired in Graph, deleted. */
  expiredRemoved: number;
  /** `closing` rows put back to `open` (Graph refused the close, or no usable credential). */
  reopened: number;
  /** `closing` rows left for a later run (Graph unreachable). */
  closesPending: number;
}

export const DEFAULT_LEASE_MS = 60_000;
/** Beyond the idle limit, how long before a session is CERTAINLY gone in Graph (its documented limits are "about" 5/7 min). */
export const EXPIRY_MARGIN_MS = 5 * 60_000;
export class SessionLifecycle {
  readonly holder: string;
  readonly leaseMs: number;
  private readonly store: SessionStore;
  private readonly sealer: CredentialSealer;
  private readonly now: () => number;
  private readonly log: Log;
  private inFlight = 0;
  private unopenable = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Settlements Graph decided while the registry could not be written. */
  private readonly remembered: RememberedSettlements;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: SessionLifecycleOptions) {
    this.store = options.store;
    this.sealer = options.sealer;
    this.now = options.now;
    this.log = options.log;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.holder = options.holder ?? randomUUID();
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.remembered = new RememberedSettlements(this.store, this.holder, this.log);
  }

  /** True once a session idle since `lastActivityAt` has certainly been dropped by Graph. */
  certainlyExpired(row: Pick<SessionRecord, 'lastActivityAt' | 'persistChanges'>): boolean {
    return this.now() > row.lastActivityAt + idleLimitMs(row.persistChanges) + EXPIRY_MARGIN_MS;
  }

  /**
   * Opens a session: the row is written (`opening`) before `create` asks Graph. Graph refused →
   * the row is deleted. No usable answer, where Graph may have created the session anyway → the
   * row stays `opening` without a lease, as the record of a session nobody can name, until it has
   * certainly expired (the reconciler then deletes it with a log line).
   */
  async open(
    owner: SessionOwner,
    location: WorkbookRef,
    persistChanges: boolean,
    create: () => Promise<CreatedSession>,
    closeOrphan: (graphSessionId: string) => Promise<void>,
    log: Log,
  ): Promise<string> {
    const id = randomUUID();
    return this.leased(async () => {
      await this.store.insertOpening(
        { id, owner, ...location, workbookName: location.name, persistChanges, now: this.now() },
        this.lease(),
      );
      let created: CreatedSession;
      try {
        created = await create();
      } catch (error) {
        if (!mayHaveCreated(error)) {
          await this.store.delete(owner, id);
          throw error;
        }
        await this.store.releaseLease(owner, id, this.holder);
        log.warn(
          { sessionRef: id, code: error instanceof AppError ? error.code : 'unknown' },
          'createSession got no usable answer: Graph may have created a session; its record is kept until it has certainly expired',
        );
        if (!(error instanceof AppError)) throw error;
        throw createAppError(error.code, {
          message:
            'Microsoft Graph did not confirm the new session. If it was created anyway, it closes by itself after a few idle minutes; open a new one.',
          cause: error,
          ...(error.upstreamStatus === undefined ? {} : { upstreamStatus: error.upstreamStatus }),
        });
      }
      if (
        !(await this.store.markOpen(owner, id, this.holder, created.graphSessionId, created.persistChanges, this.now()))
      ) {
        // The row was removed while Graph was creating the session (the user closed it): do not leak it.
        await closeOrphan(created.graphSessionId).catch((error: unknown) => {
          log.warn(
            { sessionRef: id, code: error instanceof AppError ? error.code : 'unknown' },
            'could not close a session whose row was removed during creation',
          );
        });
        throw createAppError('sessionExpired', { message: 'The session was closed while it was being opened.' });
      }
      log.info({ sessionRef: id, persistChanges: created.persistChanges }, 'workbook session opened');
      return id;
    });
  }

  /**
   * Keeps an open session alive: `refreshInGraph` asks Graph, then the row's last activity is
   * written. A row being opened or closed is refused (`400`, nothing asked of Graph). Graph no
   * longer knowing the session (`sessionExpired`) → the row is deleted with a log line, and the
   * error goes to the caller.
   */
  async refresh(
    owner: SessionOwner,
    record: SessionRecord,
    refreshInGraph: (graphSessionId: string) => Promise<void>,
    log: Log,
  ): Promise<void> {
    if (record.status === 'closing')
      throw createAppError('invalidRequest', { message: 'The session is being closed.', target: '/params/id' });
    if (record.graphSessionId === null)
      throw createAppError('invalidRequest', {
        message: 'The session is still being opened; try again in a moment.',
        target: '/params/id',
      });
    // Graph counts the activity when it handles the request, somewhere between now and its
    // answer: dating it from the request keeps expiresAt from ever being later than Graph's.
    const requestedAt = this.now();
    try {
      await refreshInGraph(record.graphSessionId);
    } catch (error) {
      if (error instanceof AppError && SESSION_UNUSABLE_CODES.has(error.code)) {
        await this.store.delete(owner, record.id);
        log.info(
          { sessionRef: record.id, code: error.code },
          'Graph no longer has a usable session; removed from the registry',
        );
      }
      throw error;
    }
    await this.store.touch(owner, record.id, requestedAt);
  }

  /**
   * Closes the given rows of one owner with one Graph token. A row Graph never confirmed (no
   * Graph id) is deleted at once (`alreadyGone`); an open in flight then finds its row gone and
   * closes what Graph created. Every other row is marked `closing` with the sealed token BEFORE
   * Graph is called; each is settled as soon as its own answer is known: closed or already gone
   * → deleted; failed → `open` again, the error reported for that id.
   */
  async close(
    owner: SessionOwner,
    records: readonly SessionRecord[],
    token: string,
    closeInGraph: CloseInGraph,
    retry = true,
  ): Promise<Map<string, CloseResult>> {
    const results = new Map<string, CloseResult>();
    let openAgain: SessionRecord[] = [];
    const targets: CloseTarget[] = [];
    for (const read of records) {
      let record: SessionRecord | undefined = read;
      // Deleted only while still `opening`: if Graph's answer was recorded meanwhile, it is closed like any open row.
      if (record.graphSessionId === null && !(await this.store.deleteOpening(owner, record.id)))
        record = await this.store.get(owner, record.id);
      if (record === undefined || record.graphSessionId === null) results.set(read.id, { outcome: 'alreadyGone' });
      else
        targets.push({
          ref: record.id,
          driveId: record.driveId,
          itemId: record.itemId,
          graphSessionId: record.graphSessionId,
        });
    }
    if (targets.length === 0) return results;
    await this.leased(async () => {
      const sealed = targets.map((t) => ({
        id: t.ref,
        closeCredential: this.sealer.seal(
          token,
          closeCredentialContext({ id: t.ref, ...owner, graphSessionId: t.graphSessionId }),
        ),
      }));
      const marked = new Set(await this.store.markClosing(owner, sealed, this.lease(), this.now()));
      const others = targets.filter((target) => !marked.has(target.ref));
      const settle = async (settled: ReadonlyArray<[string, CloseResult]>): Promise<void> => {
        const settlement = {
          deleted: settled.filter(([, r]) => r.outcome !== 'failed').map(([ref]) => ref),
          reopened: settled.filter(([, r]) => r.outcome === 'failed').map(([ref]) => ref),
        };
        try {
          await this.store.settleClosing(owner, this.holder, settlement);
        } catch (error) {
          // Graph has answered; only the registry is away. The answer says what Graph did.
          if (!registryUnavailable(error)) throw error;
          this.remembered.add(owner, settlement);
        }
        for (const [ref, result] of settled) results.set(ref, result);
      };
      try {
        await closeInGraph(
          targets.filter((t) => marked.has(t.ref)),
          settle,
        );
      } finally {
        // Whatever was not settled (the closer threw) is open again: Graph did not confirm it.
        const unsettled = targets.filter((t) => marked.has(t.ref) && !results.has(t.ref));
        if (unsettled.length > 0)
          await settle(
            unsettled.map((t): [string, CloseResult] => [
              t.ref,
              { outcome: 'failed', error: createAppError('internalError') },
            ]),
          );
      }
      // Gone meanwhile, or another request is closing them right now: their real state once that close ends.
      const waited = await awaitOtherCloses(
        this.store,
        owner,
        others.map((t) => t.ref),
        this.sleep,
      );
      for (const [ref, result] of waited.outcomes) results.set(ref, result);
      openAgain = waited.openAgain;
    });
    // The other close failed and the session is open again: close it as this request asked, once.
    if (openAgain.length > 0) {
      if (retry)
        for (const [ref, result] of await this.close(owner, openAgain, token, closeInGraph, false))
          results.set(ref, result);
      else
        for (const row of openAgain)
          results.set(row.id, {
            outcome: 'failed',
            error: createAppError('workbookBusy', {
              message: 'Another request is closing this session too; try again.',
              retryAfterSeconds: 5,
            }),
          });
    }
    return results;
  }

  /** Settlements remembered during an outage, not yet written. */
  get rememberedSettlements(): number {
    return this.remembered.count;
  }

  /** Writes the settlements remembered during a registry outage; answers how many rows they settled. */
  settleRemembered(): Promise<number> {
    return this.remembered.settle();
  }

  /** Stops retrying remembered settlements (the process is stopping). */
  stop(): void {
    this.remembered.stop();
  }

  /**
   * Finishes `closing` rows whose lease lapsed (their instance died or stalled): each is closed
   * again with the credential it keeps. A close sent twice is harmless (the second is a 404).
   */
  async finishLeftoverCloses(
    limit: number,
    closeOne: (token: string, row: ClaimedClose) => Promise<CloseOutcome>,
  ): Promise<LeftoverReport> {
    const report: LeftoverReport = { closesFinished: 0, expiredRemoved: 0, reopened: 0, closesPending: 0 };
    await this.leased(async () => {
      const claimed = await this.store.claimLapsedCloses(this.lease(), this.now(), limit);
      await Promise.all(claimed.map((row) => this.finishClose(row, closeOne, report)));
    });
    return report;
  }

  private async finishClose(
    row: ClaimedClose,
    closeOne: (token: string, row: ClaimedClose) => Promise<CloseOutcome>,
    report: LeftoverReport,
  ): Promise<void> {
    const owner = { tenantId: row.tenantId, userOid: row.userOid };
    const settle = (kind: 'deleted' | 'reopened'): Promise<void> =>
      this.store.settleClosing(owner, this.holder, {
        deleted: kind === 'deleted' ? [row.id] : [],
        reopened: kind === 'reopened' ? [row.id] : [],
      });
    const token = this.openCredential(row);
    if (token === undefined) {
      if (this.certainlyExpired(row)) {
        await settle('deleted');
        report.expiredRemoved++;
        this.log.info({ sessionRef: row.id }, 'removed a closing session that has expired in Graph');
      } else {
        // The user can close it again from the pane with a fresh token.
        await settle('reopened');
        report.reopened++;
        if (row.closeCredential === null)
          this.log.warn(
            { sessionRef: row.id },
            'a left-over close has no credential; the session is listed as open again',
          );
      }
      return;
    }
    try {
      const outcome = await closeOne(token, row);
      await settle('deleted');
      report.closesFinished++;
      this.log.info({ sessionRef: row.id, outcome }, 'finished a close left by another process');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'upstreamUnavailable' || error.code === 'graphThrottled') {
        await this.store.releaseLease(owner, row.id, this.holder);
        report.closesPending++;
        this.log.warn({ sessionRef: row.id, code: error.code }, 'could not finish a left-over close yet');
      } else if (this.certainlyExpired(row)) {
        await settle('deleted');
        report.expiredRemoved++;
        this.log.info({ sessionRef: row.id, code: error.code }, 'removed a closing session that has expired in Graph');
      } else {
        await settle('reopened');
        report.reopened++;
        this.log.warn(
          { sessionRef: row.id, code: error.code },
          'Graph refused a left-over close; the session is listed as open again',
        );
      }
    }
  }

  /** Close credentials found since start that could not be opened (readiness reports it). */
  get unopenableCredentials(): number {
    return this.unopenable;
  }

  private openCredential(row: ClaimedClose): string | undefined {
    if (row.closeCredential === null || row.graphSessionId === null) return undefined;
    const opened = this.sealer.open(
      row.closeCredential,
      closeCredentialContext({ ...row, graphSessionId: row.graphSessionId }),
    );
    if (opened.ok) return opened.value;
    this.unopenable++;
    this.log.warn({ sessionRef: row.id, problem: opened.problem }, UNSEAL_ADVICE[opened.problem]);
    return undefined;
  }

  /** Deletes rows whose Graph session has certainly expired (open, or opening with an unknown outcome); answers them. */
  async removeExpired(limit: number): Promise<SessionRecord[]> {
    const at = this.now() - EXPIRY_MARGIN_MS;
    return this.store.deleteExpired(
      { persistentBefore: at - idleLimitMs(true), viewOnlyBefore: at - idleLimitMs(false) },
      this.now(),
      limit,
    );
  }

  private lease(): { holder: string; until: number } {
    return { holder: this.holder, until: this.now() + this.leaseMs };
  }

  /** Runs `work` while keeping this instance's leases alive. */
  private async leased<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight++ === 0) {
      this.heartbeat = setInterval(
        () => {
          this.store
            .renewLeases(this.holder, this.now() + this.leaseMs)
            .catch((error: unknown) => this.log.warn({ err: error }, 'could not renew registry leases'));
        },
        Math.max(1, Math.floor(this.leaseMs / 3)),
      );
      this.heartbeat.unref();
    }
    try {
      return await work();
    } finally {
      if (--this.inFlight === 0) clearInterval(this.heartbeat);
    }
  }
}

/** What an operator should do about a close credential that does not open. */
const UNSEAL_ADVICE: Record<UnsealProblem, string> = {
  unknownKey:
    'a left-over close credential was sealed under a key this instance does not have: if SEALING_KEY was rotated, set SEALING_KEY_PREVIOUS to the old key on every instance; the session is listed as open again so its user can close it',
  notAuthentic:
    'a left-over close credential does not belong to its registry row (copied or altered); it was not used, and the session is listed as open again',
  malformed:
    'a left-over close credential is not one this version can read (written by an older version, or damaged); the session is listed as open again',
};

/**
 * Whether a failed createSession may still have created a session: no answer at all, a success
 * answer we could not use, or a server-side failure (500, 502, 504: a gateway may give up after
 * Graph did the work). Graph's refusals (4xx, throttling, a file Excel cannot open) and 503 mean
 * nothing was created.
 */
function mayHaveCreated(error: unknown): boolean {
  if (!(error instanceof AppError)) return true;
  // Excel said it cannot open the file (GenericFileOpenError under a 500): no session exists.
  if (error.code === 'workbookCannotOpen') return false;
  const status = error.upstreamStatus;
  if (status === undefined) return error.code === 'upstreamUnavailable';
  return (status >= 200 && status < 300) || (status >= 500 && status !== 503);
}

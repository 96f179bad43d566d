/**
 * The session registry: one record per Graph workbook session the middle tier opened.
 * Every read and write is scoped by the owner (tenant + user oid); an id that belongs to
 * somebody else behaves exactly like an id that does not exist.
 *
 * The Graph session id is kept here and nowhere else: it is never returned by the API nor logged.
 *
 * Every method returns a Promise, so a store may be a local file (SqliteSessionStore) or a
 * database shared by several middle tiers (PostgresSessionStore). The transitions a row goes
 * through are driven by one module, sessions/sessionLifecycle.ts; the store only makes each
 * step atomic.
 */

/** Stored states; the API's `expired` is derived from `open` + idle time (sessionLifetime.ts). */
export type StoredSessionStatus = 'opening' | 'open' | 'closing';
export const STORED_SESSION_STATUSES: readonly StoredSessionStatus[] = ['opening', 'open', 'closing'];

export interface SessionOwner {
  tenantId: string;
  userOid: string;
}

export interface SessionRecord {
  /** Registry id (UUID): what the API exposes. */
  id: string;
  tenantId: string;
  userOid: string;
  driveId: string;
  itemId: string;
  workbookName: string;
  webUrl: string | null;
  persistChanges: boolean;
  /** null while `opening` (Graph has not answered yet, or its answer is unknown). */
  graphSessionId: string | null;
  status: StoredSessionStatus;
  /** ms since epoch. */
  openedAt: number;
  lastActivityAt: number;
}

/** A `closing` row taken over from an instance whose lease lapsed, with what it needs to finish. */
export interface ClaimedClose extends SessionRecord {
  /** The sealed Graph token stored when the row was marked `closing` (closeCredential.ts), or null. */
  closeCredential: string | null;
}

/** A row to mark `closing`, with its sealed close credential (closeCredential.ts). */
export interface ClosingRow {
  id: string;
  closeCredential: string;
}

export interface NewSession {
  id: string;
  owner: SessionOwner;
  driveId: string;
  itemId: string;
  workbookName: string;
  webUrl: string | null;
  persistChanges: boolean;
  now: number;
}

/**
 * A row in flight (`opening` or `closing`) is leased to the instance driving it through Graph,
 * until `until` (ms since epoch). The holder renews its leases while it works; once a lease has
 * lapsed, the row is work a dead (or stalled) instance left unfinished, and any instance's
 * reconciler may claim it. Two instances never hold the same row at once.
 */
export interface Lease {
  holder: string;
  until: number;
}

/** How a close ended for one row: deleted (closed or already gone in Graph) or back to `open`. */
export interface CloseSettlement {
  deleted: readonly string[];
  reopened: readonly string[];
}

/** Idle cut-offs (ms since epoch) past which a session has certainly expired in Graph. */
export interface ExpiryCutoffs {
  /** Rows with persistChanges = true last active before this are expired. */
  persistentBefore: number;
  /** Rows with persistChanges = false last active before this are expired. */
  viewOnlyBefore: number;
}

export interface SessionStore {
  /** Resolves when the store answers a trivial query; rejects otherwise (readiness probes). */
  ping(): Promise<void>;
  /** Records a session as `opening`, leased, before createSession is sent. */
  insertOpening(session: NewSession, lease: Lease): Promise<void>;
  /** `opening` (leased to `holder`) → `open` with Graph's session id, lease dropped; false when not. */
  markOpen(
    owner: SessionOwner,
    id: string,
    holder: string,
    graphSessionId: string,
    persistChanges: boolean,
    now: number,
  ): Promise<boolean>;
  /** Deletes a row that is still `opening` (the user dismissed it); false when it is missing or no longer `opening`. */
  deleteOpening(owner: SessionOwner, id: string): Promise<boolean>;
  /**
   * In one transaction: each row named that is `open` (or `closing` under a lapsed lease) and has
   * a Graph session id → `closing`, leased, keeping its sealed close credential so a later
   * process can finish the close. Answers the ids marked; the others are missing or being closed
   * by somebody else.
   */
  markClosing(owner: SessionOwner, rows: readonly ClosingRow[], lease: Lease, now: number): Promise<string[]>;
  /** In one transaction: deletes `deleted`, and puts `reopened` back to `open` (credential and lease dropped) where `holder` still holds them. */
  settleClosing(owner: SessionOwner, holder: string, settlement: CloseSettlement): Promise<void>;
  /** Extends every lease `holder` has on rows in flight; answers how many. */
  renewLeases(holder: string, until: number): Promise<number>;
  /** Ends `holder`'s lease on a row now (it stays in its state, for a later claim by any instance). */
  releaseLease(owner: SessionOwner, id: string, holder: string): Promise<boolean>;
  /**
   * Leases to `lease.holder` up to `limit` `closing` rows whose lease lapsed before `now`, oldest
   * first, and answers them. Rows whose lapsed lease is `lease.holder`'s own are left alone: that
   * is this instance's own work, stalled but still under way, and must not be sent twice.
   */
  claimLapsedCloses(lease: Lease, now: number, limit: number): Promise<ClaimedClose[]>;
  /**
   * Deletes up to `limit` rows that are `open`, or `opening` under a lapsed lease (createSession's
   * outcome was never recorded), idle past the cut-offs; answers them (for the log).
   */
  deleteExpired(cutoffs: ExpiryCutoffs, now: number, limit: number): Promise<SessionRecord[]>;
  touch(owner: SessionOwner, id: string, now: number): Promise<boolean>;
  /** The row, or undefined; a malformed row is a RegistryRowError. */
  get(owner: SessionOwner, id: string): Promise<SessionRecord | undefined>;
  /** The rows among `ids` that exist, in one read (a malformed one is logged and left out). */
  getMany(owner: SessionOwner, ids: readonly string[]): Promise<SessionRecord[]>;
  /** Newest first (by openedAt, then id). A malformed row is logged and left out: it never hides the others. */
  list(owner: SessionOwner): Promise<SessionRecord[]>;
  /** How many rows of every owner are in each state, in one read (the open-sessions metric). */
  countByStatus(): Promise<Record<StoredSessionStatus, number>>;
  delete(owner: SessionOwner, id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A stored row failed validation: the registry was written by something else or corrupted. */
export class RegistryRowError extends Error {
  constructor(
    readonly rowId: string,
    readonly problem: string,
  ) {
    super(`Registry row ${rowId} is invalid: ${problem}`);
    this.name = 'RegistryRowError';
  }
}

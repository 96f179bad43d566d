/**
 * The session registry: one record per Graph workbook session the middle tier opened.
 * Every read and write is scoped by the owner (tenant + user oid); an id that belongs to
 * somebody else behaves exactly like an id that does not exist.
 *
 * The Graph session id is kept here and nowhere else: it is never returned by the API nor logged.
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
  /** null while `opening` (Graph has not answered yet). */
  graphSessionId: string | null;
  status: StoredSessionStatus;
  /** ms since epoch. */
  openedAt: number;
  lastActivityAt: number;
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
 * Crash safety. Every row in `opening` or `closing` is CLAIMED by the store instance (one per
 * process start) that is driving it through Graph. A row in those states claimed by another
 * instance is work a previous process left unfinished when it died; the reconciler
 * (sessions/reconciler.ts) finishes it. A store shared by several live server instances must
 * add a lease (claim time + heartbeat) so one instance never takes over another's live work.
 */
export interface SessionStore {
  /** This store's claim id (random per process start). */
  readonly instanceId: string;
  /** Resolves when the store answers a trivial query; rejects otherwise (readiness probes). */
  ping(): Promise<void>;
  /** Records a session as `opening`, claimed by this instance, before createSession is sent. */
  insertOpening(session: NewSession): SessionRecord;
  /** `opening` → `open` with Graph's session id; false when the row is gone. */
  markOpen(owner: SessionOwner, id: string, graphSessionId: string, persistChanges: boolean, now: number): boolean;
  /**
   * `open`/`closing` → `closing`, claimed by this instance, BEFORE closeSession is sent; keeps
   * `closeCredential` (a sealed Graph token, see closeCredential.ts) so a later process can
   * finish the close. False when the row is missing or has no Graph session id.
   */
  markClosing(owner: SessionOwner, id: string, closeCredential?: string | null): boolean;
  /** Back to `open`, unclaimed, credential dropped (closeSession failed); false when missing. */
  markOpenAgain(owner: SessionOwner, id: string): boolean;
  /** Takes over a row left by another instance; false when missing. */
  claim(owner: SessionOwner, id: string): boolean;
  /** The sealed credential stored by markClosing, or null. */
  closeCredentialOf(owner: SessionOwner, id: string): string | null;
  /** Every owner's `opening`/`closing` rows NOT claimed by this instance (left by a dead process). */
  listUnfinished(limit: number): SessionRecord[];
  /** Every owner's rows whose last activity is before `beforeMs`, oldest first. */
  listLastActiveBefore(beforeMs: number, limit: number): SessionRecord[];
  touch(owner: SessionOwner, id: string, now: number): boolean;
  get(owner: SessionOwner, id: string): SessionRecord | undefined;
  /** Newest first (by openedAt, then id). */
  list(owner: SessionOwner): SessionRecord[];
  delete(owner: SessionOwner, id: string): boolean;
  /** Runs `work` as one transaction (one durable write for many row changes). */
  inTransaction<T>(work: () => T): T;
  close(): void;
}

/** A stored row failed validation: the registry was written by something else or corrupted. */
export class RegistryRowError extends Error {
  constructor(readonly rowId: string, readonly problem: string) {
    super(`Registry row ${rowId} is invalid: ${problem}`);
    this.name = 'RegistryRowError';
  }
}

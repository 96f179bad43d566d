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

export interface SessionStore {
  /** Records a session as `opening`, before createSession is sent. */
  insertOpening(session: NewSession): SessionRecord;
  /** `opening` → `open` with Graph's session id; false when the row is gone. */
  markOpen(owner: SessionOwner, id: string, graphSessionId: string, persistChanges: boolean, now: number): boolean;
  /** Any state → `closing`; false when the row does not exist for this owner. */
  markClosing(owner: SessionOwner, id: string): boolean;
  /** Back to `open` (e.g. closeSession failed transiently); false when missing. */
  markOpenAgain(owner: SessionOwner, id: string): boolean;
  touch(owner: SessionOwner, id: string, now: number): boolean;
  get(owner: SessionOwner, id: string): SessionRecord | undefined;
  /** Newest first (by openedAt, then id). */
  list(owner: SessionOwner): SessionRecord[];
  delete(owner: SessionOwner, id: string): boolean;
  close(): void;
}

/** A stored row failed validation: the registry was written by something else or corrupted. */
export class RegistryRowError extends Error {
  constructor(readonly rowId: string, readonly problem: string) {
    super(`Registry row ${rowId} is invalid: ${problem}`);
    this.name = 'RegistryRowError';
  }
}

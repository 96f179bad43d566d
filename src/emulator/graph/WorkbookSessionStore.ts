/**
 * Workbook sessions as Graph keeps them: created per user and workbook, kept alive by
 * activity, dropped after an idle limit (src/shared/sessionLifetime.ts, https://learn.microsoft.com/en-us/graph/api/resources/excel). The
 * clock is injected so tests and the (later) clock-advance endpoint control expiry.
 *
 * A session is found only by the triple (id, user, workbook): a session id presented by
 * another user, or on another workbook, is "not found", exactly like an unknown id.
 */
import { isExpired } from '../../shared/sessionLifetime';
import { newWorkbookSessionId } from '../common/ids';

export type StoredSessionStatus = 'open' | 'closed' | 'expired';

export interface WorkbookKey {
  driveId: string;
  itemId: string;
}

export interface SessionRecord {
  id: string;
  workbook: WorkbookKey & { name: string };
  userOid: string;
  persistChanges: boolean;
  createdAtMs: number;
  lastActivityAtMs: number;
  closedAtMs?: number;
}

export interface SessionSnapshot {
  id: string;
  workbook: WorkbookKey & { name: string };
  userOid: string;
  persistChanges: boolean;
  createdAt: string;
  lastActivityAt: string;
  status: StoredSessionStatus;
  closedAt?: string;
}

export interface CreateSessionInput {
  workbook: WorkbookKey & { name: string };
  userOid: string;
  persistChanges: boolean;
  /** Goes into the id like Graph's locale segments; purely cosmetic. */
  displayLanguage: string;
}

export type SessionLookupOutcome = 'ok' | 'notFound';

export interface WorkbookSessionStore {
  create(input: CreateSessionInput): SessionRecord;
  /** refreshSession: counts as activity. `notFound` for unknown, foreign, closed or expired sessions. */
  refresh(id: string, userOid: string, workbook: WorkbookKey): SessionLookupOutcome;
  /** closeSession: `notFound` under the same rules as refresh. */
  close(id: string, userOid: string, workbook: WorkbookKey): SessionLookupOutcome;
  /** Every session ever created since the last reset, with its status as of now. */
  list(): SessionSnapshot[];
  reset(): void;
}

export class InMemoryWorkbookSessionStore implements WorkbookSessionStore {
  private readonly sessions = new Map<string, SessionRecord>();

  constructor(private readonly now: () => number) {}

  create(input: CreateSessionInput): SessionRecord {
    const at = this.now();
    let id = newWorkbookSessionId(input.displayLanguage);
    while (this.sessions.has(id)) id = newWorkbookSessionId(input.displayLanguage);
    const record: SessionRecord = {
      id,
      workbook: { ...input.workbook },
      userOid: input.userOid,
      persistChanges: input.persistChanges,
      createdAtMs: at,
      lastActivityAtMs: at,
    };
    this.sessions.set(id, record);
    return { ...record, workbook: { ...record.workbook } };
  }

  refresh(id: string, userOid: string, workbook: WorkbookKey): SessionLookupOutcome {
    const record = this.findLive(id, userOid, workbook);
    if (record === undefined) return 'notFound';
    record.lastActivityAtMs = this.now();
    return 'ok';
  }

  close(id: string, userOid: string, workbook: WorkbookKey): SessionLookupOutcome {
    const record = this.findLive(id, userOid, workbook);
    if (record === undefined) return 'notFound';
    const at = this.now();
    record.lastActivityAtMs = at;
    record.closedAtMs = at;
    return 'ok';
  }

  list(): SessionSnapshot[] {
    const now = this.now();
    return [...this.sessions.values()].map((r) => {
      const snapshot: SessionSnapshot = {
        id: r.id,
        workbook: { ...r.workbook },
        userOid: r.userOid,
        persistChanges: r.persistChanges,
        createdAt: new Date(r.createdAtMs).toISOString(),
        lastActivityAt: new Date(r.lastActivityAtMs).toISOString(),
        status: statusOf(r, now),
      };
      if (r.closedAtMs !== undefined) snapshot.closedAt = new Date(r.closedAtMs).toISOString();
      return snapshot;
    });
  }

  reset(): void {
    this.sessions.clear();
  }

  private findLive(id: string, userOid: string, workbook: WorkbookKey): SessionRecord | undefined {
    const record = this.sessions.get(id);
    if (record === undefined || record.userOid !== userOid) return undefined;
    if (record.workbook.driveId !== workbook.driveId || record.workbook.itemId !== workbook.itemId) return undefined;
    return statusOf(record, this.now()) === 'open' ? record : undefined;
  }
}

function statusOf(record: SessionRecord, nowMs: number): StoredSessionStatus {
  if (record.closedAtMs !== undefined) return 'closed';
  return isExpired(record.lastActivityAtMs, record.persistChanges, nowMs) ? 'expired' : 'open';
}

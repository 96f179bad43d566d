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
import {
  GUID_PATTERN,
  readArray,
  readBoolean,
  readInteger,
  readObject,
  readOptional,
  readString,
} from '../persistence/stateReaders';

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

  /**
   * The records for the state file: every open session, and ended ones (closed or expired) for a
   * day after their last activity, so `GET /_emulator/state` still shows recent history after a
   * restart while the file does not grow for ever (Graph keeps nothing of an ended session).
   */
  snapshot(): SessionRecord[] {
    const now = this.now();
    return [...this.sessions.values()]
      .filter((r) => statusOf(r, now) === 'open' || now - r.lastActivityAtMs < ENDED_SESSIONS_KEPT_MS)
      .map((r) => ({ ...r, workbook: { ...r.workbook } }));
  }

  /** Replaces every session by records read with `readSessionRecords`. */
  restore(records: readonly SessionRecord[]): void {
    this.sessions.clear();
    for (const r of records) this.sessions.set(r.id, { ...r, workbook: { ...r.workbook } });
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

const MAX_STORED_SESSIONS = 100_000;
const ENDED_SESSIONS_KEPT_MS = 24 * 3600 * 1000;

/** Session records from the state file, each field checked. */
export function readSessionRecords(value: unknown): SessionRecord[] {
  return readArray(value, 'sessions', MAX_STORED_SESSIONS).map((item, index) => {
    const where = `sessions[${index}]`;
    const row = readObject(item, where);
    const workbook = readObject(row.workbook, `${where}.workbook`);
    const record: SessionRecord = {
      id: readString(row.id, `${where}.id`),
      workbook: {
        driveId: readString(workbook.driveId, `${where}.workbook.driveId`, 256),
        itemId: readString(workbook.itemId, `${where}.workbook.itemId`, 256),
        name: readString(workbook.name, `${where}.workbook.name`, 512),
      },
      userOid: readString(row.userOid, `${where}.userOid`, 36, GUID_PATTERN),
      persistChanges: readBoolean(row.persistChanges, `${where}.persistChanges`),
      createdAtMs: readInteger(row.createdAtMs, `${where}.createdAtMs`),
      lastActivityAtMs: readInteger(row.lastActivityAtMs, `${where}.lastActivityAtMs`),
    };
    const closedAtMs = readOptional(row.closedAtMs, (v) => readInteger(v, `${where}.closedAtMs`));
    if (closedAtMs !== undefined) record.closedAtMs = closedAtMs;
    return record;
  });
}

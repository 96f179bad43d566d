/**
 * SessionStore on better-sqlite3: a file (parent folder created) or `:memory:`, WAL mode,
 * prepared statements only, and every row validated when read back.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  RegistryRowError,
  STORED_SESSION_STATUSES,
  type NewSession,
  type SessionOwner,
  type SessionRecord,
  type SessionStore,
  type StoredSessionStatus,
} from './SessionStore';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  user_oid TEXT NOT NULL,
  drive_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  workbook_name TEXT NOT NULL,
  web_url TEXT,
  persist_changes INTEGER NOT NULL,
  graph_session_id TEXT,
  status TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_owner ON sessions (tenant_id, user_oid, opened_at);
`;

const COLUMNS = 'id, tenant_id, user_oid, drive_id, item_id, workbook_name, web_url, persist_changes, graph_session_id, status, opened_at, last_activity_at';

/** A row as SQLite returns it: every field is checked before it becomes a SessionRecord. */
type RawRow = Record<string, unknown>;

export class SqliteSessionStore implements SessionStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const owner = 'tenant_id = @tenantId AND user_oid = @userOid';
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO sessions (${COLUMNS}) VALUES (@id, @tenantId, @userOid, @driveId, @itemId, @workbookName, @webUrl, @persistChanges, NULL, 'opening', @now, @now)`,
      ),
      markOpen: this.db.prepare(
        `UPDATE sessions SET status = 'open', graph_session_id = @graphSessionId, persist_changes = @persistChanges, last_activity_at = @now WHERE id = @id AND ${owner} AND status = 'opening'`,
      ),
      markClosing: this.db.prepare(`UPDATE sessions SET status = 'closing' WHERE id = @id AND ${owner}`),
      markOpenAgain: this.db.prepare(`UPDATE sessions SET status = 'open' WHERE id = @id AND ${owner} AND graph_session_id IS NOT NULL`),
      touch: this.db.prepare(`UPDATE sessions SET last_activity_at = @now WHERE id = @id AND ${owner}`),
      get: this.db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = @id AND ${owner}`),
      list: this.db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE ${owner} ORDER BY opened_at DESC, id DESC`),
      delete: this.db.prepare(`DELETE FROM sessions WHERE id = @id AND ${owner}`),
    };
  }

  insertOpening(session: NewSession): SessionRecord {
    this.statements.insert.run({
      id: session.id,
      tenantId: session.owner.tenantId,
      userOid: session.owner.userOid,
      driveId: session.driveId,
      itemId: session.itemId,
      workbookName: session.workbookName,
      webUrl: session.webUrl,
      persistChanges: session.persistChanges ? 1 : 0,
      now: session.now,
    });
    const stored = this.get(session.owner, session.id);
    if (stored === undefined) throw new RegistryRowError(session.id, 'not found right after insert');
    return stored;
  }

  markOpen(owner: SessionOwner, id: string, graphSessionId: string, persistChanges: boolean, now: number): boolean {
    return this.statements.markOpen.run({ ...owner, id, graphSessionId, persistChanges: persistChanges ? 1 : 0, now }).changes === 1;
  }

  markClosing(owner: SessionOwner, id: string): boolean {
    return this.statements.markClosing.run({ ...owner, id }).changes === 1;
  }

  markOpenAgain(owner: SessionOwner, id: string): boolean {
    return this.statements.markOpenAgain.run({ ...owner, id }).changes === 1;
  }

  touch(owner: SessionOwner, id: string, now: number): boolean {
    return this.statements.touch.run({ ...owner, id, now }).changes === 1;
  }

  get(owner: SessionOwner, id: string): SessionRecord | undefined {
    const row = this.statements.get.get({ ...owner, id }) as RawRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  list(owner: SessionOwner): SessionRecord[] {
    return (this.statements.list.all({ ...owner }) as RawRow[]).map(toRecord);
  }

  delete(owner: SessionOwner, id: string): boolean {
    return this.statements.delete.run({ ...owner, id }).changes === 1;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toRecord(row: RawRow): SessionRecord {
  const id = typeof row.id === 'string' ? row.id : '(unknown)';
  const text = (name: string): string => {
    const value = row[name];
    if (typeof value !== 'string' || value === '') throw new RegistryRowError(id, `${name} is not a non-empty string`);
    return value;
  };
  const optionalText = (name: string): string | null => {
    const value = row[name];
    if (value === null) return null;
    if (typeof value !== 'string') throw new RegistryRowError(id, `${name} is not a string or null`);
    return value;
  };
  const instant = (name: string): number => {
    const value = row[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new RegistryRowError(id, `${name} is not a timestamp`);
    return value;
  };
  const status = row.status;
  if (typeof status !== 'string' || !(STORED_SESSION_STATUSES as readonly string[]).includes(status)) {
    throw new RegistryRowError(id, `status ${JSON.stringify(status)} is unknown`);
  }
  const persist = row.persist_changes;
  if (persist !== 0 && persist !== 1) throw new RegistryRowError(id, 'persist_changes is not 0 or 1');
  const graphSessionId = optionalText('graph_session_id');
  if (status !== 'opening' && graphSessionId === null) throw new RegistryRowError(id, `a ${status} session has no Graph session id`);
  return {
    id: text('id'),
    tenantId: text('tenant_id'),
    userOid: text('user_oid'),
    driveId: text('drive_id'),
    itemId: text('item_id'),
    workbookName: text('workbook_name'),
    webUrl: optionalText('web_url'),
    persistChanges: persist === 1,
    graphSessionId,
    status: status as StoredSessionStatus,
    openedAt: instant('opened_at'),
    lastActivityAt: instant('last_activity_at'),
  };
}

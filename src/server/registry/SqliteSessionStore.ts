/**
 * SessionStore on better-sqlite3: a file (parent folder created) or `:memory:`, WAL mode,
 * prepared statements only, and every row validated when read back.
 */
import { randomUUID } from 'node:crypto';
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

/** Columns added after the first schema; added in place to an older file (SQLite: ADD COLUMN is cheap). */
const ADDED_COLUMNS: ReadonlyArray<[string, string]> = [
  ['claimed_by', 'TEXT'],
  ['close_credential', 'TEXT'],
];

const COLUMNS = 'id, tenant_id, user_oid, drive_id, item_id, workbook_name, web_url, persist_changes, graph_session_id, status, opened_at, last_activity_at';

/** A row as SQLite returns it: every field is checked before it becomes a SessionRecord. */
type RawRow = Record<string, unknown>;

export interface SqliteSessionStoreOptions {
  /** Claim id of this process (default: a random UUID, i.e. a new one per start). */
  instanceId?: string;
}

export class SqliteSessionStore implements SessionStore {
  readonly instanceId: string;
  private readonly db: Database.Database;
  private readonly statements;

  constructor(path: string, options: SqliteSessionStoreOptions = {}) {
    this.instanceId = options.instanceId ?? randomUUID();
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // Each write is its own transaction; FULL makes it durable before Graph is called (the
    // point of writing the row first). The cost is one fsync per row change.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const present = new Set((this.db.prepare('PRAGMA table_info(sessions)').all() as RawRow[]).map((c) => c.name));
    for (const [name, type] of ADDED_COLUMNS) if (!present.has(name)) this.db.exec(`ALTER TABLE sessions ADD COLUMN ${name} ${type}`);
    const owner = 'tenant_id = @tenantId AND user_oid = @userOid';
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO sessions (${COLUMNS}, claimed_by) VALUES (@id, @tenantId, @userOid, @driveId, @itemId, @workbookName, @webUrl, @persistChanges, NULL, 'opening', @now, @now, @instance)`,
      ),
      markOpen: this.db.prepare(
        `UPDATE sessions SET status = 'open', graph_session_id = @graphSessionId, persist_changes = @persistChanges, last_activity_at = @now, claimed_by = NULL WHERE id = @id AND ${owner} AND status = 'opening'`,
      ),
      markClosing: this.db.prepare(
        `UPDATE sessions SET status = 'closing', claimed_by = @instance, close_credential = @credential WHERE id = @id AND ${owner} AND graph_session_id IS NOT NULL`,
      ),
      markOpenAgain: this.db.prepare(
        `UPDATE sessions SET status = 'open', claimed_by = NULL, close_credential = NULL WHERE id = @id AND ${owner} AND graph_session_id IS NOT NULL`,
      ),
      claim: this.db.prepare(`UPDATE sessions SET claimed_by = @instance WHERE id = @id AND ${owner}`),
      credential: this.db.prepare(`SELECT close_credential FROM sessions WHERE id = @id AND ${owner}`),
      touch: this.db.prepare(`UPDATE sessions SET last_activity_at = @now WHERE id = @id AND ${owner}`),
      get: this.db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = @id AND ${owner}`),
      list: this.db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE ${owner} ORDER BY opened_at DESC, id DESC`),
      delete: this.db.prepare(`DELETE FROM sessions WHERE id = @id AND ${owner}`),
      unfinished: this.db.prepare(
        `SELECT ${COLUMNS} FROM sessions WHERE status IN ('opening', 'closing') AND (claimed_by IS NULL OR claimed_by <> @instance) ORDER BY last_activity_at, id LIMIT @limit`,
      ),
      idle: this.db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE last_activity_at < @before ORDER BY last_activity_at, id LIMIT @limit`),
    };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
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
      instance: this.instanceId,
    });
    const stored = this.get(session.owner, session.id);
    if (stored === undefined) throw new RegistryRowError(session.id, 'not found right after insert');
    return stored;
  }

  markOpen(owner: SessionOwner, id: string, graphSessionId: string, persistChanges: boolean, now: number): boolean {
    return this.statements.markOpen.run({ ...owner, id, graphSessionId, persistChanges: persistChanges ? 1 : 0, now }).changes === 1;
  }

  markClosing(owner: SessionOwner, id: string, closeCredential: string | null = null): boolean {
    return this.statements.markClosing.run({ ...owner, id, instance: this.instanceId, credential: closeCredential }).changes === 1;
  }

  claim(owner: SessionOwner, id: string): boolean {
    return this.statements.claim.run({ ...owner, id, instance: this.instanceId }).changes === 1;
  }

  closeCredentialOf(owner: SessionOwner, id: string): string | null {
    const row = this.statements.credential.get({ ...owner, id }) as RawRow | undefined;
    return typeof row?.close_credential === 'string' ? row.close_credential : null;
  }

  listUnfinished(limit: number): SessionRecord[] {
    return (this.statements.unfinished.all({ instance: this.instanceId, limit }) as RawRow[]).map(toRecord);
  }

  listLastActiveBefore(beforeMs: number, limit: number): SessionRecord[] {
    return (this.statements.idle.all({ before: beforeMs, limit }) as RawRow[]).map(toRecord);
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

  inTransaction<T>(work: () => T): T {
    return this.db.transaction(work)();
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

/**
 * SessionStore on better-sqlite3: a file (parent folder created) or `:memory:`, WAL mode,
 * prepared statements only, and every row validated when read back.
 *
 * Secrets at rest: the folder is 0700 and the file 0600 (SQLite gives its -wal and -shm files
 * the file's mode), deleted rows are overwritten (`secure_delete`), and after rows are deleted the
 * write-ahead log is checkpointed and truncated, so a closed session's sealed credential does not
 * linger in the WAL either. https://www.sqlite.org/pragma.html#pragma_secure_delete
 *
 * For ONE middle-tier process (and local mode). The schema is versioned with `PRAGMA
 * user_version`. Because no other live process may share the file, opening it ends every lease
 * an earlier process held: its rows in flight are left-over work for this process's reconciler.
 * better-sqlite3 is synchronous; the methods still return Promises to keep the store contract.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SILENT_LOG, type Log } from '../log';
import type {
  ClaimedClose,
  ClosingRow,
  CloseSettlement,
  ExpiryCutoffs,
  Lease,
  NewSession,
  SessionOwner,
  SessionRecord,
  SessionStore,
  StoredSessionStatus,
} from './SessionStore';
import { RECORD_COLUMNS, statusCounts, toClaimedClose, toRecord, validRows, type RawRow } from './storedRow';

/** Schema versions, applied in order; `user_version` records the last one applied. */
const MIGRATIONS: ReadonlyArray<(db: Database.Database) => void> = [
  // 1: the sessions table with its lease and sealed close credential.
  (db) => {
    db.exec(`
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
    `);
    // A registry written before versioning may already have some of these columns.
    const present = new Set((db.prepare('PRAGMA table_info(sessions)').all() as RawRow[]).map((c) => c.name));
    if (!present.has('close_credential')) db.exec('ALTER TABLE sessions ADD COLUMN close_credential TEXT');
    if (!present.has('lease_holder')) db.exec('ALTER TABLE sessions ADD COLUMN lease_holder TEXT');
    if (!present.has('lease_until')) db.exec('ALTER TABLE sessions ADD COLUMN lease_until INTEGER');
    if (present.has('claimed_by')) db.exec('ALTER TABLE sessions DROP COLUMN claimed_by');
    db.exec('CREATE INDEX IF NOT EXISTS sessions_by_activity ON sessions (last_activity_at)');
  },
];

export interface SqliteSessionStoreOptions {
  /** Where malformed rows are reported (default: nowhere). */
  log?: Log;
}

export class SqliteSessionStore implements SessionStore {
  private readonly db: Database.Database;
  private readonly log: Log;
  private readonly statements;

  constructor(path: string, options: SqliteSessionStoreOptions = {}) {
    this.log = options.log ?? SILENT_LOG;
    if (path !== ':memory:') {
      const folder = dirname(resolve(path));
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      chmodSync(folder, 0o700);
      closeSync(openSync(path, 'a', 0o600));
      chmodSync(path, 0o600);
    }
    this.db = new Database(path);
    this.db.pragma('secure_delete = ON');
    this.db.pragma('journal_mode = WAL');
    // Each write is its own transaction; FULL makes it durable before Graph is called (the
    // point of writing the row first). The cost is one fsync per row change.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    // One process per file: every lease found at start belongs to a process that is gone.
    this.db.prepare('UPDATE sessions SET lease_until = 0 WHERE lease_holder IS NOT NULL').run();
    const owner = 'tenant_id = @tenantId AND user_oid = @userOid';
    this.statements = {
      ping: this.db.prepare('SELECT 1'),
      insert: this.db.prepare(
        `INSERT INTO sessions (${RECORD_COLUMNS}, lease_holder, lease_until) VALUES (@id, @tenantId, @userOid, @driveId, @itemId, @workbookName, @webUrl, @persistChanges, NULL, 'opening', @now, @now, @holder, @until)`,
      ),
      markOpen: this.db.prepare(
        `UPDATE sessions SET status = 'open', graph_session_id = @graphSessionId, persist_changes = @persistChanges, last_activity_at = @now, lease_holder = NULL, lease_until = NULL
         WHERE id = @id AND ${owner} AND status = 'opening' AND lease_holder = @holder`,
      ),
      markClosing: this.db.prepare(
        `UPDATE sessions SET status = 'closing', close_credential = @credential, lease_holder = @holder, lease_until = @until
         WHERE id = @id AND ${owner} AND graph_session_id IS NOT NULL AND (status = 'open' OR (status = 'closing' AND (lease_until IS NULL OR lease_until < @now)))`,
      ),
      reopen: this.db.prepare(
        `UPDATE sessions SET status = 'open', close_credential = NULL, lease_holder = NULL, lease_until = NULL
         WHERE id = @id AND ${owner} AND status = 'closing' AND lease_holder = @holder`,
      ),
      renew: this.db.prepare(
        `UPDATE sessions SET lease_until = @until WHERE lease_holder = @holder AND status IN ('opening', 'closing')`,
      ),
      release: this.db.prepare(
        `UPDATE sessions SET lease_holder = NULL, lease_until = 0 WHERE id = @id AND ${owner} AND lease_holder = @holder`,
      ),
      lapsedCloses: this.db.prepare(
        `SELECT id FROM sessions WHERE status = 'closing' AND (lease_until IS NULL OR lease_until < @now) AND (lease_holder IS NULL OR lease_holder <> @holder)
         ORDER BY last_activity_at, id LIMIT @limit`,
      ),
      claim: this.db.prepare(
        `UPDATE sessions SET lease_holder = @holder, lease_until = @until WHERE id = @id AND status = 'closing' AND (lease_until IS NULL OR lease_until < @now)
         RETURNING ${RECORD_COLUMNS}, close_credential`,
      ),
      deleteExpired: this.db.prepare(
        `DELETE FROM sessions WHERE id IN (
           SELECT id FROM sessions
           WHERE (status = 'open' OR (status = 'opening' AND (lease_until IS NULL OR lease_until < @now)))
             AND last_activity_at < CASE WHEN persist_changes = 1 THEN @persistentBefore ELSE @viewOnlyBefore END
           ORDER BY last_activity_at LIMIT @limit)
         RETURNING ${RECORD_COLUMNS}`,
      ),
      touch: this.db.prepare(`UPDATE sessions SET last_activity_at = @now WHERE id = @id AND ${owner}`),
      get: this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM sessions WHERE id = @id AND ${owner}`),
      getMany: this.db.prepare(
        `SELECT ${RECORD_COLUMNS} FROM sessions WHERE ${owner} AND id IN (SELECT value FROM json_each(@ids))`,
      ),
      list: this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM sessions WHERE ${owner} ORDER BY opened_at DESC, id DESC`),
      delete: this.db.prepare(`DELETE FROM sessions WHERE id = @id AND ${owner}`),
      countByStatus: this.db.prepare('SELECT status, COUNT(*) AS n FROM sessions GROUP BY status'),
      deleteOpening: this.db.prepare(`DELETE FROM sessions WHERE id = @id AND ${owner} AND status = 'opening'`),
    };
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `The registry file was written by a newer version (schema ${version}; this version knows ${MIGRATIONS.length}).`,
      );
    }
    this.db.transaction(() => {
      for (let v = version; v < MIGRATIONS.length; v++) MIGRATIONS[v]?.(this.db);
      this.db.pragma(`user_version = ${MIGRATIONS.length}`);
    })();
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async insertOpening(session: NewSession, lease: Lease): Promise<void> {
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
      holder: lease.holder,
      until: lease.until,
    });
  }

  async markOpen(
    owner: SessionOwner,
    id: string,
    holder: string,
    graphSessionId: string,
    persistChanges: boolean,
    now: number,
  ): Promise<boolean> {
    return (
      this.statements.markOpen.run({
        ...owner,
        id,
        holder,
        graphSessionId,
        persistChanges: persistChanges ? 1 : 0,
        now,
      }).changes === 1
    );
  }

  async deleteOpening(owner: SessionOwner, id: string): Promise<boolean> {
    return this.statements.deleteOpening.run({ ...owner, id }).changes === 1;
  }

  async markClosing(owner: SessionOwner, rows: readonly ClosingRow[], lease: Lease, now: number): Promise<string[]> {
    return this.db.transaction(() =>
      rows
        .filter(
          (row) =>
            this.statements.markClosing.run({
              ...owner,
              id: row.id,
              credential: row.closeCredential,
              holder: lease.holder,
              until: lease.until,
              now,
            }).changes === 1,
        )
        .map((row) => row.id),
    )();
  }

  async settleClosing(owner: SessionOwner, holder: string, settlement: CloseSettlement): Promise<void> {
    this.db.transaction(() => {
      for (const id of settlement.deleted) this.statements.delete.run({ ...owner, id });
      for (const id of settlement.reopened) this.statements.reopen.run({ ...owner, id, holder });
    })();
    // Both outcomes drop a sealed credential.
    this.scrubLog();
  }

  /** Moves the WAL into the (secure_delete) file and truncates it: dropped credentials leave no copy behind. */
  private scrubLog(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async renewLeases(holder: string, until: number): Promise<number> {
    return this.statements.renew.run({ holder, until }).changes;
  }

  async releaseLease(owner: SessionOwner, id: string, holder: string): Promise<boolean> {
    return this.statements.release.run({ ...owner, id, holder }).changes === 1;
  }

  async claimLapsedCloses(lease: Lease, now: number, limit: number): Promise<ClaimedClose[]> {
    const rows = this.db.transaction(() => {
      const ids = (this.statements.lapsedCloses.all({ now, limit, holder: lease.holder }) as RawRow[]).map((r) => r.id);
      return ids.flatMap(
        (id) => this.statements.claim.all({ id, holder: lease.holder, until: lease.until, now }) as RawRow[],
      );
    })();
    return validRows(rows, toClaimedClose, this.log);
  }

  async deleteExpired(cutoffs: ExpiryCutoffs, now: number, limit: number): Promise<SessionRecord[]> {
    const rows = this.statements.deleteExpired.all({ ...cutoffs, now, limit }) as RawRow[];
    if (rows.length > 0) this.scrubLog();
    return validRows(rows, toRecord, this.log);
  }

  async touch(owner: SessionOwner, id: string, now: number): Promise<boolean> {
    return this.statements.touch.run({ ...owner, id, now }).changes === 1;
  }

  async get(owner: SessionOwner, id: string): Promise<SessionRecord | undefined> {
    const row = this.statements.get.get({ ...owner, id }) as RawRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  async getMany(owner: SessionOwner, ids: readonly string[]): Promise<SessionRecord[]> {
    return validRows(
      this.statements.getMany.all({ ...owner, ids: JSON.stringify(ids) }) as RawRow[],
      toRecord,
      this.log,
    );
  }

  async list(owner: SessionOwner): Promise<SessionRecord[]> {
    return validRows(this.statements.list.all({ ...owner }) as RawRow[], toRecord, this.log);
  }

  async countByStatus(): Promise<Record<StoredSessionStatus, number>> {
    return statusCounts(this.statements.countByStatus.all() as RawRow[]);
  }

  async delete(owner: SessionOwner, id: string): Promise<boolean> {
    const deleted = this.statements.delete.run({ ...owner, id }).changes === 1;
    if (deleted) this.scrubLog();
    return deleted;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

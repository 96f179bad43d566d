/**
 * SessionStore on PostgreSQL (node-postgres), for several middle-tier instances sharing one
 * registry: `REGISTRY_URL=postgres://…`.
 *
 * - The schema is versioned (postgresMigrations.ts) and migrated at start under a transaction-
 *   scoped advisory lock, so instances starting together do not collide.
 * - Every multi-row change is one statement or one transaction: nothing is ever half-written.
 * - Rows in flight are leased; claims use `FOR UPDATE SKIP LOCKED`, so two instances never take
 *   the same row, and neither waits for the other's lock.
 * - The database being unreachable or lost is `serviceUnavailable` (503) for the request at hand;
 *   pg's pool reconnects by itself for the next one. So is a statement that runs past
 *   `statementTimeoutMs` (PostgreSQL's `statement_timeout`, which also bounds waiting for a lock
 *   someone else holds): the server cancels it, and the request is answered instead of hanging.
 *   Schema migrations are exempt (they wait for each other under their lock).
 */
import pg from 'pg';
import { createAppError } from '../errors/AppError';
import { SILENT_LOG, type Log } from '../log';
import { MigrationLockTimeout, migrate } from './postgresMigrations';
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

const INT8_OID = 20;
/** Millisecond timestamps are BIGINT; they fit a JS number exactly (below 2^53). Per pool, not global. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresSessionStoreOptions {
  log?: Log;
  /** Connections this instance may hold (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection before the request fails (default 5 s). */
  connectTimeoutMs?: number;
  /** How long one statement may run, lock waits included, before the server cancels it (default 10 s). */
  statementTimeoutMs?: number;
  /** How long start-up waits for the migration lock before reporting its holder and retrying (default 5 s). */
  migrationLockTimeoutMs?: number;
}

/** Every registry statement is a single-row or small-batch change: seconds are plenty. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

const OWNER = 'tenant_id = $1 AND user_oid = $2';

export class PostgresSessionStore implements SessionStore {
  private readonly pool: pg.Pool;
  private readonly log: Log;

  private constructor(pool: pg.Pool, log: Log) {
    this.pool = pool;
    this.log = log;
  }

  /** Connects and migrates the schema; rejects (serviceUnavailable) when the database cannot be reached. */
  static async open(url: string, options: PostgresSessionStoreOptions = {}): Promise<PostgresSessionStore> {
    const log = options.log ?? SILENT_LOG;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      types,
    });
    // An idle connection the server drops must not crash the process: the pool replaces it.
    pool.on('error', (error: Error & { code?: string }) =>
      log.warn({ code: error.code ?? 'connectionLost' }, 'a registry database connection was lost'),
    );
    const store = new PostgresSessionStore(pool, log);
    try {
      // Quiet: the caller reports a failed connection attempt (once, with its reason and the retry).
      await store.guard(async () => {
        const client = await pool.connect();
        try {
          await migrate(client, { lockTimeoutMs: options.migrationLockTimeoutMs });
        } finally {
          client.release();
        }
      }, 'quiet');
    } catch (error) {
      await pool.end();
      // Another session holding the lock is a state that passes: start-up retries, naming the holder.
      if (error instanceof MigrationLockTimeout)
        throw createAppError('serviceUnavailable', { message: error.message, cause: error });
      throw error;
    }
    return store;
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async insertOpening(session: NewSession, lease: Lease): Promise<void> {
    await this.query(
      `INSERT INTO sessions (${RECORD_COLUMNS}, lease_holder, lease_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 'opening', $9, $9, $10, $11)`,
      [
        session.id,
        session.owner.tenantId,
        session.owner.userOid,
        session.driveId,
        session.itemId,
        session.workbookName,
        session.webUrl,
        session.persistChanges,
        session.now,
        lease.holder,
        lease.until,
      ],
    );
  }

  async markOpen(
    owner: SessionOwner,
    id: string,
    holder: string,
    graphSessionId: string,
    persistChanges: boolean,
    now: number,
  ): Promise<boolean> {
    const result = await this.query(
      `UPDATE sessions SET status = 'open', graph_session_id = $4, persist_changes = $5, last_activity_at = $6, lease_holder = NULL, lease_until = NULL
       WHERE ${OWNER} AND id = $3 AND status = 'opening' AND lease_holder = $7`,
      [owner.tenantId, owner.userOid, id, graphSessionId, persistChanges, now, holder],
    );
    return result.rowCount === 1;
  }

  async deleteOpening(owner: SessionOwner, id: string): Promise<boolean> {
    return (
      (
        await this.query(`DELETE FROM sessions WHERE ${OWNER} AND id = $3 AND status = 'opening'`, [
          owner.tenantId,
          owner.userOid,
          id,
        ])
      ).rowCount === 1
    );
  }

  async markClosing(owner: SessionOwner, rows: readonly ClosingRow[], lease: Lease, now: number): Promise<string[]> {
    // One statement: all rows change together (a concurrent marker waits on the row lock, then sees it closing).
    const result = await this.query(
      `UPDATE sessions s SET status = 'closing', close_credential = c.credential, lease_holder = $5, lease_until = $6
       FROM unnest($3::text[], $4::text[]) AS c(id, credential)
       WHERE s.tenant_id = $1 AND s.user_oid = $2 AND s.id = c.id AND s.graph_session_id IS NOT NULL
         AND (s.status = 'open' OR (s.status = 'closing' AND (s.lease_until IS NULL OR s.lease_until < $7)))
       RETURNING s.id`,
      [
        owner.tenantId,
        owner.userOid,
        rows.map((r) => r.id),
        rows.map((r) => r.closeCredential),
        lease.holder,
        lease.until,
        now,
      ],
    );
    const marked = new Set(result.rows.map((r) => r.id));
    return rows.filter((row) => marked.has(row.id)).map((row) => row.id);
  }

  async settleClosing(owner: SessionOwner, holder: string, settlement: CloseSettlement): Promise<void> {
    if (settlement.deleted.length === 0 && settlement.reopened.length === 0) return;
    await this.query(
      `WITH gone AS (DELETE FROM sessions WHERE ${OWNER} AND id = ANY($3) RETURNING id)
       UPDATE sessions SET status = 'open', close_credential = NULL, lease_holder = NULL, lease_until = NULL
       WHERE ${OWNER} AND id = ANY($4) AND status = 'closing' AND lease_holder = $5`,
      [owner.tenantId, owner.userOid, [...settlement.deleted], [...settlement.reopened], holder],
    );
  }

  async renewLeases(holder: string, until: number): Promise<number> {
    return (
      (
        await this.query(
          `UPDATE sessions SET lease_until = $2 WHERE lease_holder = $1 AND status IN ('opening', 'closing')`,
          [holder, until],
        )
      ).rowCount ?? 0
    );
  }

  async releaseLease(owner: SessionOwner, id: string, holder: string): Promise<boolean> {
    return (
      (
        await this.query(
          `UPDATE sessions SET lease_holder = NULL, lease_until = 0 WHERE ${OWNER} AND id = $3 AND lease_holder = $4`,
          [owner.tenantId, owner.userOid, id, holder],
        )
      ).rowCount === 1
    );
  }

  async claimLapsedCloses(lease: Lease, now: number, limit: number): Promise<ClaimedClose[]> {
    const result = await this.query(
      `UPDATE sessions s SET lease_holder = $1, lease_until = $2
       FROM (SELECT id FROM sessions WHERE status = 'closing' AND (lease_until IS NULL OR lease_until < $3) AND (lease_holder IS NULL OR lease_holder <> $1)
             ORDER BY last_activity_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) lapsed
       WHERE s.id = lapsed.id
       RETURNING ${prefixed('s')}, s.close_credential`,
      [lease.holder, lease.until, now, limit],
    );
    return validRows(result.rows, toClaimedClose, this.log);
  }

  async deleteExpired(cutoffs: ExpiryCutoffs, now: number, limit: number): Promise<SessionRecord[]> {
    const result = await this.query(
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions
         WHERE (status = 'open' OR (status = 'opening' AND (lease_until IS NULL OR lease_until < $1)))
           AND last_activity_at < CASE WHEN persist_changes THEN $2 ELSE $3 END::bigint
         ORDER BY last_activity_at LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING ${RECORD_COLUMNS}`,
      [now, cutoffs.persistentBefore, cutoffs.viewOnlyBefore, limit],
    );
    return validRows(result.rows, toRecord, this.log);
  }

  async touch(owner: SessionOwner, id: string, now: number): Promise<boolean> {
    return (
      (
        await this.query(`UPDATE sessions SET last_activity_at = $4 WHERE ${OWNER} AND id = $3`, [
          owner.tenantId,
          owner.userOid,
          id,
          now,
        ])
      ).rowCount === 1
    );
  }

  async get(owner: SessionOwner, id: string): Promise<SessionRecord | undefined> {
    const row = (
      await this.query(`SELECT ${RECORD_COLUMNS} FROM sessions WHERE ${OWNER} AND id = $3`, [
        owner.tenantId,
        owner.userOid,
        id,
      ])
    ).rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  async getMany(owner: SessionOwner, ids: readonly string[]): Promise<SessionRecord[]> {
    const result = await this.query(`SELECT ${RECORD_COLUMNS} FROM sessions WHERE ${OWNER} AND id = ANY($3)`, [
      owner.tenantId,
      owner.userOid,
      [...ids],
    ]);
    return validRows(result.rows, toRecord, this.log);
  }

  async list(owner: SessionOwner): Promise<SessionRecord[]> {
    const result = await this.query(
      `SELECT ${RECORD_COLUMNS} FROM sessions WHERE ${OWNER} ORDER BY opened_at DESC, id DESC`,
      [owner.tenantId, owner.userOid],
    );
    return validRows(result.rows, toRecord, this.log);
  }

  async countByStatus(): Promise<Record<StoredSessionStatus, number>> {
    return statusCounts((await this.query('SELECT status, COUNT(*) AS n FROM sessions GROUP BY status')).rows);
  }

  async delete(owner: SessionOwner, id: string): Promise<boolean> {
    return (
      (await this.query(`DELETE FROM sessions WHERE ${OWNER} AND id = $3`, [owner.tenantId, owner.userOid, id]))
        .rowCount === 1
    );
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private query(text: string, values: unknown[] = []): Promise<pg.QueryResult<RawRow>> {
    return this.guard(() => this.pool.query<RawRow>(text, values));
  }

  /** Connection-level failures become serviceUnavailable; anything else (a bug, a constraint) stays what it is. */
  private async guard<T>(work: () => Promise<T>, logging: 'log' | 'quiet' = 'log'): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConnectionFailure(error)) {
        if (logging === 'log')
          this.log.warn(
            { code: (error as { code?: unknown }).code ?? 'connectionLost' },
            'the registry database cannot be reached',
          );
        throw createAppError('serviceUnavailable', { cause: error });
      }
      throw error;
    }
  }
}

function prefixed(alias: string): string {
  return RECORD_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/**
 * SQLSTATE classes that mean "the database is not there for us right now": 08 connection
 * exception, 28 invalid authorization (the role or its password changed), 3D invalid catalog name
 * (the database was dropped or renamed: new connections fail), 53 insufficient resources, 57
 * operator intervention (shutdown, cannot connect now, statement timeout).
 * Errors without a SQLSTATE (not a pg DatabaseError: refused, reset, timed out, terminated) are
 * connection failures too.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
function isConnectionFailure(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return /^(08|28|3D|53|57)/.test(error.code ?? '');
  if (typeof error !== 'object' || error === null) return false;
  // Socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT…), or pg's own plain Errors for a
  // connection that ended or could not be had in time. (By shape, not instanceof: socket errors
  // may come from another realm.)
  const { code, name } = error as { code?: unknown; name?: unknown };
  return (typeof code === 'string' && /^E[A-Z]+$/.test(code)) || (name === 'Error' && code === undefined);
}

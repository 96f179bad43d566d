/**
 * The PostgreSQL registry schema, as numbered migrations applied in order and recorded in
 * `schema_migrations`. All of it runs in one transaction holding a transaction-scoped advisory
 * lock, so instances that start together apply each migration once, and a failed migration
 * leaves nothing behind. A database migrated by a newer version is refused rather than guessed at.
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 *
 * Advisory locks are open to any role that can connect to the database, so a schema that is
 * already current is recognised without the lock, and the lock is waited for at most
 * `lockTimeoutMs` (PostgreSQL's `lock_timeout`, which advisory lock waits obey); then the
 * holder's role and process id are looked up (pg_locks, pg_stat_activity) and reported in a
 * MigrationLockTimeout, which start-up retries.
 * https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
 */
import type pg from 'pg';

/** An arbitrary constant naming this schema's advisory lock ("wbs-registry"). */
const MIGRATION_LOCK = 0x7762_7372;

export const MIGRATIONS: readonly string[] = [
  // 1: sessions, with the lease of rows in flight and the sealed close credential.
  `CREATE TABLE sessions (
     id text PRIMARY KEY,
     tenant_id text NOT NULL,
     user_oid text NOT NULL,
     drive_id text NOT NULL,
     item_id text NOT NULL,
     workbook_name text NOT NULL,
     web_url text,
     persist_changes boolean NOT NULL,
     graph_session_id text,
     status text NOT NULL,
     opened_at bigint NOT NULL,
     last_activity_at bigint NOT NULL,
     close_credential text,
     lease_holder text,
     lease_until bigint
   );
   CREATE INDEX sessions_by_owner ON sessions (tenant_id, user_oid, opened_at DESC, id DESC);
   CREATE INDEX sessions_in_flight ON sessions (last_activity_at) WHERE status IN ('opening', 'closing');
   CREATE INDEX sessions_by_activity ON sessions (last_activity_at);`,
  // 2: the Graph-token cache shared by all instances (auth/sharedTokenTier.ts); values are sealed.
  `CREATE TABLE graph_token_cache (
     key text PRIMARY KEY,
     value text NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX graph_token_cache_by_age ON graph_token_cache (updated_at);`,
];

export class SchemaVersionError extends Error {
  constructor(readonly found: number) {
    super(
      `The registry database was migrated by a newer version (schema ${found}; this version knows ${MIGRATIONS.length}).`,
    );
    this.name = 'SchemaVersionError';
  }
}

/** The migration lock could not be had in time; names who holds it. */
export class MigrationLockTimeout extends Error {
  constructor(
    readonly holderRole: string | null,
    readonly holderPid: number | null,
  ) {
    super(
      holderPid === null
        ? "The registry's migration lock was held by another database session (it ended before it could be named)."
        : `The registry's migration lock is held by role "${holderRole ?? '?'}" (pid ${holderPid}).`,
    );
    this.name = 'MigrationLockTimeout';
  }
}

export const DEFAULT_MIGRATION_LOCK_TIMEOUT_MS = 5_000;

/** SQLSTATE lock_not_available: a lock wait outlasted lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The schema version recorded, or 0 before the first migration; read without the lock. */
async function currentVersion(client: pg.PoolClient): Promise<number> {
  const exists = await client.query<{ table: string | null }>("SELECT to_regclass('schema_migrations')::text AS table");
  if ((exists.rows[0]?.table ?? null) === null) return 0;
  const { rows } = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return rows[0]?.version ?? 0;
}

/** Who holds the migration lock now (a 64-bit advisory key shows as classid = high half, objid = low half). */
async function lockHolder(client: pg.PoolClient): Promise<MigrationLockTimeout> {
  const { rows } = await client.query<{ pid: number; role: string | null }>(
    `SELECT a.pid, a.usename AS role FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1 LIMIT 1`,
    [MIGRATION_LOCK],
  );
  return new MigrationLockTimeout(rows[0]?.role ?? null, rows[0]?.pid ?? null);
}

export async function migrate(client: pg.PoolClient, options: { lockTimeoutMs?: number } = {}): Promise<number[]> {
  const applied: number[] = [];
  // Current already (every start but the first of a new version): nothing to lock or wait for.
  const before = await currentVersion(client);
  if (before > MIGRATIONS.length) throw new SchemaVersionError(before);
  if (before === MIGRATIONS.length) return applied;
  await client.query('BEGIN');
  try {
    // Migrations may run longer than the registry's statements; the lock wait has its own bound.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query(
      `SET LOCAL lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs ?? DEFAULT_MIGRATION_LOCK_TIMEOUT_MS))}`,
    );
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    } catch (error) {
      if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) throw error;
      await client.query('ROLLBACK');
      throw await lockHolder(client);
    }
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) throw new SchemaVersionError(current);
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1] ?? '');
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    await client.query('COMMIT');
  } catch (error) {
    if (!(error instanceof MigrationLockTimeout)) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return applied;
}

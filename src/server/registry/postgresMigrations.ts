/**
 * The PostgreSQL registry schema, as numbered migrations applied in order and recorded in
 * `schema_migrations`. All of it runs in one transaction holding a transaction-scoped advisory
 * lock, so instances that start together apply each migration once, and a failed migration
 * leaves nothing behind. A database migrated by a newer version is refused rather than guessed at.
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
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
    super(`The registry database was migrated by a newer version (schema ${found}; this version knows ${MIGRATIONS.length}).`);
    this.name = 'SchemaVersionError';
  }
}

export async function migrate(client: pg.PoolClient): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    // Migrations may wait for another instance's and run longer than the registry's statements.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) throw new SchemaVersionError(current);
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await client.query(MIGRATIONS[version - 1] ?? '');
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return applied;
}

import pg from 'pg';
import { createTestDatabase } from '../../support/postgres';
import { eventually } from '../../support/eventually';
import { SILENT_LOG } from '../../../src/server/log';
import { MIGRATIONS } from '../../../src/server/registry/postgresMigrations';
import { PostgresSessionStore } from '../../../src/server/registry/PostgresSessionStore';
import { sessionStoreContract } from '../../../src/server/registry/testSupport/sessionStoreContract';

async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

sessionStoreContract('PostgresSessionStore', async (log) => {
  const database = await createTestDatabase();
  const store = await PostgresSessionStore.open(database.url, { log });
  return {
    store,
    corrupt: async (id, column, value) => {
      await sql(database.url, `UPDATE sessions SET ${column} = $1 WHERE id = $2`, [value, id]);
    },
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
});

describe('PostgresSessionStore', () => {
  it('migrates once when several instances start together, and records the schema version', async () => {
    const database = await createTestDatabase();
    const stores = await Promise.all(
      Array.from({ length: 5 }, () => PostgresSessionStore.open(database.url, { log: SILENT_LOG })),
    );
    const { rows } = await sql(database.url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r: { version: number }) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    await Promise.all(stores.map((s) => s.close()));
    await database.drop();
  }, 60_000);

  it('refuses a database migrated by a newer version', async () => {
    const database = await createTestDatabase();
    await (await PostgresSessionStore.open(database.url)).close();
    await sql(database.url, 'INSERT INTO schema_migrations (version) VALUES (999)');
    await expect(PostgresSessionStore.open(database.url)).rejects.toThrow(/newer version/);
    await database.drop();
  }, 60_000);

  it('waits a bounded time for a migration lock held by a role with only CONNECT, names that role and pid, and skips the lock once the schema is current', async () => {
    const database = await createTestDatabase();
    const role = `${database.name}_intruder`;
    await sql(database.url, `CREATE ROLE ${role} LOGIN`);
    await sql(database.url, `REVOKE ALL ON SCHEMA public FROM ${role}`);
    const intruder = new pg.Client({ connectionString: database.url.replace('postgres@', `${role}@`) });
    await intruder.connect();
    try {
      const { rows } = await intruder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await intruder.query('SELECT pg_advisory_lock($1)', [0x7762_7372]);
      const started = Date.now();
      const refused = await PostgresSessionStore.open(database.url, { migrationLockTimeoutMs: 300 }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      // 503: start-up retries (ConnectingSessionStore), and its log names the holder, not reachability.
      expect(refused).toMatchObject({
        code: 'serviceUnavailable',
        cause: { name: 'MigrationLockTimeout', holderRole: role, holderPid: rows[0]?.pid },
      });

      await intruder.query('SELECT pg_advisory_unlock($1)', [0x7762_7372]);
      await (await PostgresSessionStore.open(database.url, { migrationLockTimeoutMs: 300 })).close();
      // Current now: the lock held again does not keep a new instance from starting.
      await intruder.query('SELECT pg_advisory_lock($1)', [0x7762_7372]);
      await (await PostgresSessionStore.open(database.url, { migrationLockTimeoutMs: 300 })).close();
    } finally {
      await intruder.end();
      await sql(database.url, `DROP OWNED BY ${role}`).catch(() => undefined);
      await database.drop();
      await sql(database.url.replace(/\/[^/]+$/, '/postgres'), `DROP ROLE IF EXISTS ${role}`);
    }
  }, 60_000);

  it('answers serviceUnavailable when the database cannot be reached', async () => {
    await expect(
      PostgresSessionStore.open('postgres://postgres@127.0.0.1:1/nothing', { connectTimeoutMs: 2_000 }),
    ).rejects.toMatchObject({ code: 'serviceUnavailable', status: 503 });
  }, 60_000);

  it('answers serviceUnavailable for a request whose connection is lost, and works again once the database is back', async () => {
    const database = await createTestDatabase();
    const store = await PostgresSessionStore.open(database.url, { maxConnections: 1, log: SILENT_LOG });
    const owner = { tenantId: 't', userOid: 'u' };
    await store.list(owner);
    // Hold the table so the store's next query waits on the server, then end the store's
    // connection from the server side while it waits (what a failover does mid-request).
    const blocker = await lockSessionsTable(database.url);
    const pending = store.list(owner);
    const waiting = async (): Promise<number> =>
      (
        await blocker.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
          [database.name],
        )
      ).rows[0].n;
    await eventually(async () => (await waiting()) > 0, true, 30_000);
    await blocker.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
      [database.name],
    );
    await expect(pending).rejects.toMatchObject({ code: 'serviceUnavailable', status: 503 });
    await releaseLock(blocker);
    await expect(store.list(owner)).resolves.toEqual([]);
    await store.close();
    await database.drop();
  }, 60_000);

  it('answers serviceUnavailable instead of waiting without end when a statement outlasts its time (a table locked by someone else)', async () => {
    const database = await createTestDatabase();
    const store = await PostgresSessionStore.open(database.url, { log: SILENT_LOG, statementTimeoutMs: 200 });
    const owner = { tenantId: 't', userOid: 'u' };
    const blocker = await lockSessionsTable(database.url);
    // Without a statement timeout this waits for as long as the lock is held (here: forever).
    await expect(store.list(owner)).rejects.toMatchObject({ code: 'serviceUnavailable', status: 503 });
    await releaseLock(blocker);
    await expect(store.list(owner)).resolves.toEqual([]);
    await store.close();
    await database.drop();
  }, 60_000);
});

/** Another connection holding the sessions table, as a long migration or a stuck transaction would. */
async function lockSessionsTable(url: string): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE');
  return blocker;
}

async function releaseLock(blocker: pg.Client): Promise<void> {
  await blocker.query('ROLLBACK');
  await blocker.end();
}

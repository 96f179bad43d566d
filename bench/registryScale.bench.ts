/**
 * GET /api/sessions with 1,000 rows in the registry, then with 1,000,000 rows (100,000 users × 10
 * sessions), 50 concurrent clients, for both stores: p50/p99 of the same user's list (10
 * sessions) at each size. Goal: p99 at 1M within 1.5× of p99 at 1K.
 *
 * The other users' rows are written straight into the registry in bulk (SQLite: one recursive
 * INSERT … SELECT; PostgreSQL: INSERT … SELECT FROM generate_series), the measured user's ten
 * through the API. Not part of `npm test`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SEED_USERS, SEED_WORKBOOKS } from '../src/emulator/directory/seed';
import { ssoTokenFor } from '../test/support/emulatorControl';
import { REGISTRIES, startLocalStack, type LocalStack, type RegistryKind } from '../test/support/localStack';
import { createTestDatabase } from '../test/support/postgres';
import { openSessions } from '../test/support/sessionApi';
import { concurrentGets, type LoadResult } from './concurrentGets';

const CLIENTS = 50;
const REQUESTS = 10_000;
const MAX_MS = 20_000;
const PER_USER = 10;

/** Rows for users number `from` to `to` - 1 (10 each), written in bulk. */
type Seeder = (from: number, to: number) => Promise<void>;

const T0 = Date.now();

function sqliteSeeder(path: string): Seeder {
  return async (from, to) => {
    const db = new Database(path);
    db.pragma('synchronous = OFF');
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT @first UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @last)
       INSERT INTO sessions (id, tenant_id, user_oid, drive_id, item_id, workbook_name, web_url, persist_changes, graph_session_id, status, opened_at, last_activity_at)
       SELECT printf('seed-%08d', i), 'bench-tenant', printf('user-%06d', i / ${PER_USER}), 'b!drive', 'item', 'Book.xlsx', NULL, 1, printf('g-%d', i), 'open', @t0 + i, @t0 + i FROM n`,
    ).run({ first: from * PER_USER, last: to * PER_USER, t0: T0 });
    db.close();
  };
}

function postgresSeeder(url: string): Seeder {
  return async (from, to) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO sessions (id, tenant_id, user_oid, drive_id, item_id, workbook_name, web_url, persist_changes, graph_session_id, status, opened_at, last_activity_at)
       SELECT 'seed-' || lpad(i::text, 8, '0'), 'bench-tenant', 'user-' || lpad((i / ${PER_USER})::text, 6, '0'), 'b!drive', 'item', 'Book.xlsx', NULL, true, 'g-' || i, 'open', $3::bigint + i, $3::bigint + i
       FROM generate_series($1::int, $2::int - 1) AS i`,
      [from * PER_USER, to * PER_USER, T0],
    );
    await client.query('ANALYZE sessions');
    await client.end();
  };
}

function measure(stack: LocalStack, token: string): Promise<LoadResult> {
  return concurrentGets({
    baseUrl: stack.addinUrl,
    caCertPem: stack.caCertPem,
    path: '/api/sessions',
    headers: { authorization: `Bearer ${token}` },
    clients: CLIENTS,
    requests: REQUESTS,
    maxMs: MAX_MS,
    accept: (status, body) =>
      status === 200 && (JSON.parse(body) as { sessions: unknown[] }).sessions.length === PER_USER,
  });
}

async function runFor(registry: RegistryKind): Promise<void> {
  let seed: Seeder;
  let stack: LocalStack;
  let dispose = async (): Promise<void> => undefined;
  if (registry === 'sqlite') {
    const path = join(mkdtempSync(join(tmpdir(), 'wbs-bench-')), 'registry.sqlite');
    stack = await startLocalStack({
      serverEnv: { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', REGISTRY_PATH: path },
    });
    seed = sqliteSeeder(path);
  } else {
    const database = await createTestDatabase();
    dispose = () => database.drop();
    stack = await startLocalStack({
      serverEnv: { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent', REGISTRY_URL: database.url },
    });
    seed = postgresSeeder(database.url);
  }
  try {
    const megan = await ssoTokenFor(stack, SEED_USERS.megan.oid);
    await openSessions(stack, megan, [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.forecast], PER_USER / 2);
    await seed(0, 99);
    await measure(stack, megan); // warm-up
    const small = await measure(stack, megan);
    const seedStart = performance.now();
    await seed(99, 99_999);
    const seedMs = performance.now() - seedStart;
    await measure(stack, megan);
    const large = await measure(stack, megan);
    const line = (rows: string, m: typeof small): string =>
      `  ${rows.padEnd(10)} ${m.count} requests, ${m.failed} failed, ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms`;
    console.log(`${registry}: GET /api/sessions (10 listed), ${CLIENTS} concurrent clients`);
    console.log(line('1,000', small));
    console.log(line('1,000,000', large));
    console.log(
      `  seeding 999,000 rows: ${(seedMs / 1000).toFixed(1)} s; p99 ratio ${(large.p99 / small.p99).toFixed(2)}x (goal <= 1.5x: ${large.p99 <= 1.5 * small.p99 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await stack.close();
    await dispose();
  }
}

export async function run(): Promise<void> {
  for (const registry of REGISTRIES) await runFor(registry);
}

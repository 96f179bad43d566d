/**
 * A private PostgreSQL cluster for tests and benchmarks: Debian's server binaries, its own data
 * folder, loopback only, a free port, the socket in that folder, trust authentication (nothing
 * else can reach it). PostgreSQL refuses to run as root, and CI runs as root: then the folder is
 * handed to the `postgres` user and initdb/pg_ctl run through `runuser -u postgres --`; as any
 * other user they run as that user.
 *
 * One cluster serves a whole jest run: test/setup/postgresSetup.js names a state folder, the
 * first suite that asks starts the cluster there (under a lock: jest runs suites in parallel
 * workers), every suite gets its own database (`createTestDatabase`), and
 * test/setup/postgresTeardown.js stops the cluster (`pg_ctl -m immediate stop`) and removes the
 * folder. A run killed before its teardown leaves its cluster running; the next run's setup stops
 * it. Outside jest (benchmarks) `startPostgresCluster` gives a cluster of one's own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './freePort';

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  /** Stops the server at once and removes its folder. */
  stop(): void;
}

export interface TestDatabase {
  /** postgres://…/wbs_xxx, for REGISTRY_URL. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

interface ClusterState {
  port: number;
  dataDir: string;
  binDir: string;
  runAs: string | null;
}

/** The newest PostgreSQL server binaries on this machine (Debian layout), or PG_BIN_DIR. */
export function postgresBinDir(): string {
  const explicit = process.env.PG_BIN_DIR;
  if (explicit !== undefined && explicit !== '') return explicit;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined)
    throw new Error(
      'PostgreSQL server binaries not found: install them (Debian: apt-get install -y postgresql) or set PG_BIN_DIR.',
    );
  return join(root, newest, 'bin');
}

function run(state: Pick<ClusterState, 'binDir' | 'runAs'>, tool: string, args: string[]): void {
  const command =
    state.runAs === null
      ? [join(state.binDir, tool), ...args]
      : ['runuser', '-u', state.runAs, '--', join(state.binDir, tool), ...args];
  const [file, ...rest] = command;
  const result = spawnSync(file ?? tool, rest, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
}

function stopState(state: ClusterState, folder: string): void {
  spawnSync(
    state.runAs === null ? join(state.binDir, 'pg_ctl') : 'runuser',
    state.runAs === null
      ? ['-D', state.dataDir, '-m', 'immediate', 'stop']
      : ['-u', state.runAs, '--', join(state.binDir, 'pg_ctl'), '-D', state.dataDir, '-m', 'immediate', 'stop'],
    {
      stdio: 'ignore',
    },
  );
  rmSync(folder, { recursive: true, force: true });
}

/** initdb + start in `folder` (created if missing); answers the cluster's state. */
async function initAndStart(folder: string): Promise<ClusterState> {
  mkdirSync(folder, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const runAs = isRoot ? 'postgres' : null;
  if (runAs !== null) {
    const uid = Number(execFileSync('id', ['-u', runAs], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', runAs], { encoding: 'utf8' }).trim());
    chownSync(folder, uid, gid);
  }
  const state: ClusterState = {
    port: await freePort(),
    dataDir: join(folder, 'data'),
    binDir: postgresBinDir(),
    runAs,
  };
  run(state, 'initdb', ['-D', state.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // Durability settings off: a throwaway cluster; the behaviour under test does not depend on them.
  const options = `-c listen_addresses=127.0.0.1 -p ${state.port} -k ${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  run(state, 'pg_ctl', [
    '-D',
    state.dataDir,
    '-l',
    join(folder, 'server.log'),
    '-o',
    options,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  return state;
}

const adminUrl = (port: number): string => `postgres://postgres@127.0.0.1:${port}/postgres`;

/** A cluster of one's own (benchmarks, or a run without the jest global setup). */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const folder = mkdtempSync(join(tmpdir(), 'wbs-pg-'));
  const state = await initAndStart(folder);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stopState(state, folder);
  };
  process.once('exit', stop);
  return { adminUrl: adminUrl(state.port), port: state.port, stop };
}

let shared: Promise<number> | undefined;

/** The run's shared cluster (started by the first caller in any worker); its port. */
function sharedClusterPort(): Promise<number> {
  shared ??= (async () => {
    const stateDir = process.env.WBS_PG_STATE_DIR;
    if (stateDir === undefined || stateDir === '') return (await startPostgresCluster()).port;
    const stateFile = join(stateDir, 'cluster.json');
    const lock = join(stateDir, 'lock');
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    try {
      if (!existsSync(stateFile)) {
        const state = await initAndStart(join(stateDir, 'cluster'));
        writeFileSync(stateFile, JSON.stringify(state));
      }
      return (JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState).port;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  })();
  return shared;
}

/** A fresh, empty database on the run's shared cluster. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return createDatabaseOn(adminUrl(await sharedClusterPort()));
}

/** A fresh, empty database on the cluster at `admin`. */
export async function createDatabaseOn(admin: string): Promise<TestDatabase> {
  const name = `wbs_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return {
    name,
    url: admin.replace(/\/postgres$/, `/${name}`),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

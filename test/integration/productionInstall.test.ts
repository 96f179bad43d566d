/**
 * The middle tier runs from a production-only install: `npm ci --omit=dev` of this package.json and
 * lockfile in an empty folder, plus the built `build/` and `dist/` — nothing from the development
 * install. It starts there and answers `/readyz` (Entra's metadata and keys reachable, the SQLite
 * registry open), `/healthz` and the pane. The dependency list is package.json's, whatever it holds.
 *
 * Bounded time: the install reuses the npm cache (`--prefer-offline`) and skips install scripts;
 * the one native addon a production install compiles (a lockfile entry with an install script,
 * better-sqlite3) is taken from the development install's build of the same version for this
 * same Node, instead of compiling SQLite again (minutes on a busy machine). Needs the build
 * (`npm test` builds first).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startEmulatorSide, type EmulatorSide } from '../support/emulatorSide';

const ROOT = join(__dirname, '..', '..');
const INSTALL_TIMEOUT_MS = 240_000;
const START_TIMEOUT_MS = 30_000;

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface LockEntry {
  dev?: boolean;
  hasInstallScript?: boolean;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

let folder = '';
let side: EmulatorSide | undefined;
let server: ChildProcess | undefined;
let output = '';
let dispatcher: Agent;

/** Installs the production dependencies into `dir`, as a deployment would. */
function productionInstall(dir: string): void {
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
  const npm = spawnSync(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: INSTALL_TIMEOUT_MS,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (npm.status !== 0)
    throw new Error(`npm ci --omit=dev failed (${npm.status ?? npm.signal}):\n${npm.stdout}\n${npm.stderr}`);
  for (const [entry, info] of Object.entries(lock.packages)) {
    if (entry === '' || info.dev === true || info.hasInstallScript !== true || !existsSync(join(dir, entry))) continue;
    const built = join(ROOT, entry, 'build');
    if (!existsSync(built))
      throw new Error(`${entry} needs its install script, and the development install has no build of it to reuse`);
    cpSync(built, join(dir, entry, 'build'), { recursive: true });
  }
}

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await request(`${side?.addinUrl ?? ''}${path}`, { dispatcher });
  return { status: res.statusCode, text: await res.body.text() };
}

async function readyWithin(ms: number): Promise<{ status: number; text: string }> {
  const deadline = Date.now() + ms;
  let last: { status: number; text: string } = { status: 0, text: '' };
  for (;;) {
    if (server?.exitCode !== null) throw new Error(`the middle tier exited with ${server?.exitCode}:\n${output}`);
    try {
      last = await get('/readyz');
      if (last.status === 200) return last;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`no 200 from /readyz within ${ms} ms (last ${last.status} ${last.text}):\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(() => {
  for (const built of ['build/server/main.js', 'dist/taskpane.html']) {
    if (!existsSync(join(ROOT, built)))
      throw new Error(`${built} is missing: run npm run build first (npm test builds)`);
  }
  folder = mkdtempSync(join(tmpdir(), 'wbs-production-'));
  productionInstall(folder);
  cpSync(join(ROOT, 'build'), join(folder, 'build'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(folder, 'dist'), { recursive: true });
}, INSTALL_TIMEOUT_MS + 30_000);

afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await side?.close();
  await dispatcher?.close();
  if (folder !== '') rmSync(folder, { recursive: true, force: true });
});

describe('a production-only install', () => {
  it('holds the dependencies and none of the development tools', () => {
    const installed = (name: string): boolean => existsSync(join(folder, 'node_modules', name, 'package.json'));
    const runtime = Object.keys(pkg.dependencies ?? {});
    expect(runtime.filter((name) => !installed(name))).toEqual([]);
    // A development tool may still arrive as a dependency of a runtime package; the lockfile says which.
    const devOnly = Object.keys(pkg.devDependencies ?? {}).filter(
      (name) => lock.packages[`node_modules/${name}`]?.dev === true,
    );
    expect(devOnly.length).toBeGreaterThan(0);
    expect(devOnly.filter(installed)).toEqual([]);
    expect(readdirSync(folder).sort()).toEqual(['build', 'dist', 'node_modules', 'package-lock.json', 'package.json']);
  });

  it(
    'starts the built middle tier, which answers /readyz, /healthz and the pane',
    async () => {
      side = await startEmulatorSide('wbs-production-run-');
      dispatcher = new Agent({ connect: { ca: side.caCertPem } });
      const env = {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        ...side.serverEnv,
        REGISTRY_PATH: join(folder, 'data', 'registry.sqlite'),
      };
      server = spawn(process.execPath, [join(folder, 'build', 'server', 'main.js'), '--no-env-file'], {
        cwd: folder,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

      const ready = await readyWithin(START_TIMEOUT_MS);
      expect(JSON.parse(ready.text)).toEqual(expect.objectContaining({ status: 'ready' }));
      expect(await get('/healthz')).toEqual({ status: 200, text: '{"status":"ok"}' });
      const pane = await get('/taskpane.html');
      expect(pane.status).toBe(200);
      expect(pane.text).toContain('<div id="root"');
      expect(existsSync(join(folder, 'data', 'registry.sqlite'))).toBe(true);
    },
    START_TIMEOUT_MS + 30_000,
  );
});

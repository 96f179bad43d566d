/**
 * `npm run dev-server` against a tenant configured in an env file — here the emulator plays the
 * tenant (its Entra ID and Graph are just URLs in the file). It serves the pane it builds in
 * watch mode with the project's local certificates, the development manifest with the tenant's
 * client id, and the probes; a change to a pane source is rebuilt without restarting anything;
 * SIGTERM stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { startEmulatorSide, type EmulatorSide } from '../support/emulatorSide';
import { ROOT, sandbox } from './runScript';

const TENANT_CLIENT = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
let side: EmulatorSide;
let devServer: ChildProcess;
let output = '';
let dispatcher: Agent;
let origin = '';

/** Resolves when `pattern` appears in the dev server's output after `from`; fails on exit or after `ms`. */
function outputMatching(pattern: RegExp, from: number, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const match = pattern.exec(output.slice(from));
      if (match) resolve(match[0]);
      return match !== null;
    };
    if (check()) return;
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; output:\n${output}`)), ms);
    const onData = (): void => {
      if (check()) {
        clearTimeout(timer);
        devServer.stdout?.off('data', onData);
      }
    };
    devServer.stdout?.on('data', onData);
    devServer.once('exit', (code) => reject(new Error(`the dev server exited (${code}):\n${output}`)));
  });
}

async function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; cors: unknown }> {
  const res = await request(`${origin}${path}`, { dispatcher, headers });
  return { status: res.statusCode, text: await res.body.text(), cors: res.headers['access-control-allow-origin'] };
}

beforeAll(async () => {
  side = await startEmulatorSide('wbs-dev-server-');
  const { dir, envFile } = sandbox(
    [
      `TENANT_ID=${LOCAL_MODE.tenantId}`,
      `CLIENT_ID=${TENANT_CLIENT}`,
      `CLIENT_SECRET=${side.clientSecret}`,
      `AUTHORITY_HOST=${side.serverEnv.AUTHORITY_HOST}`,
      `GRAPH_BASE_URL=${side.serverEnv.GRAPH_BASE_URL}`,
      `OUTBOUND_CA_FILE=${side.serverEnv.OUTBOUND_CA_FILE}`,
      `OFFICE_JS_URL=${side.serverEnv.OFFICE_JS_URL}`,
      `PORT=${side.addinPort}`,
      'LOG_LEVEL=warn',
    ].join('\n'),
  );
  const state = join(dir, 'certs');
  devServer = spawn(process.execPath, [join(ROOT, 'scripts', 'dev-server.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      ENV_FILE: envFile,
      LOCAL_STATE_DIR: state,
      REGISTRY_PATH: join(dir, 'registry.sqlite'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  devServer.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  devServer.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await outputMatching(/\[dev-server\] ready: /, 0, 240_000);
  origin = `https://localhost:${side.addinPort}`;
  // The project's own local CA (what certs:install trusts), not the emulator's.
  dispatcher = new Agent({ connect: { ca: readFileSync(join(state, 'ca.crt'), 'utf8') } });
}, 300_000);

afterAll(async () => {
  if (devServer?.exitCode === null) {
    const exited = new Promise((resolve) => devServer.once('exit', resolve));
    devServer.kill('SIGKILL');
    await exited;
  }
  await dispatcher?.close();
  await side?.close();
});

describe('npm run dev-server', () => {
  it('serves the pane it built, with stable file names, over the project’s local certificate', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, text: '{"status":"ok"}' });
    const page = await get('/taskpane.html');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/src="\/?taskpane\.js"/);
    expect((await get('/taskpane.js')).status).toBe(200);
  });

  it('serves the development manifest with the tenant’s client id, for sideloading', async () => {
    // Excel on the web reads it from its own origin.
    const manifest = await get('/manifest.xml', { origin: 'https://excel.cloud.microsoft' });
    expect(manifest.status).toBe(200);
    expect(manifest.cors).toBe('*');
    expect(manifest.text).toContain(`<Resource>api://localhost:${side.addinPort}/${TENANT_CLIENT}</Resource>`);
    expect(manifest.text).toContain(
      `<SourceLocation DefaultValue="https://localhost:${side.addinPort}/taskpane.html"/>`,
    );
    expect(manifest.text).toContain('environment (development)');
  });

  it('is ready: the tenant’s Entra metadata and keys answer', async () => {
    expect(await get('/readyz')).toEqual({
      status: 200,
      text: '{"status":"ready","unopenableCloseCredentials":0,"unopenableTokenCacheEntries":0}',
    });
  });

  it('rebuilds the pane when a source changes, without restarting the middle tier', async () => {
    const from = output.length;
    const source = join(ROOT, 'src', 'taskpane', 'index.tsx');
    const before = statSync(source);
    const now = new Date();
    // A save without a change: the file's time moves, its content stays.
    utimesSync(source, now, now);
    try {
      await outputMatching(/pane rebuilt in \d+ ms/, from, 120_000);
    } finally {
      // Put the time back, so `npm start` does not rebuild because of this test.
      utimesSync(source, before.atime, before.mtime);
    }
    expect(output.slice(from)).not.toContain('restarting the middle tier');
    expect((await get('/healthz')).status).toBe(200);
  }, 150_000);

  it('stops the middle tier and itself on SIGTERM, with exit 0', async () => {
    const exited = new Promise<number | null>((resolve) => devServer.once('exit', resolve));
    devServer.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(get('/healthz')).rejects.toThrow();
  }, 30_000);
});

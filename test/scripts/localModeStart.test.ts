/**
 * Local mode as `npm start` runs it (build/emulator/localMode.js, after a build): five services,
 * five https origins on localhost — the middle tier, and the emulator's Excel on the web, Entra
 * ID, Graph and office.js CDN — and the middle tier pointed at the right ones. Every port is
 * free and given through the variables the README documents; SIGTERM stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { freePort } from '../support/freePort';
import { ROOT } from './runScript';

const LAUNCHER = join(ROOT, 'build', 'emulator', 'localMode.js');

let child: ChildProcess | undefined;
let dispatcher: Agent | undefined;
const dir = mkdtempSync(join(tmpdir(), 'wbs-local-start-'));

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await dispatcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(url: string): Promise<{ status: number; type: string; text: string }> {
  const res = await request(url, { dispatcher });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), text: await res.body.text() };
}

it('starts five services on five origins and points the middle tier at each', async () => {
  if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run "npm run build" first (npm test does it)`);
  const ports: number[] = [];
  while (ports.length < 5) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const [addin, webHost, entra, graph, cdn] = ports as [number, number, number, number, number];
  const env = {
    PORT: String(addin),
    EMULATOR_PORT: String(webHost),
    EMULATOR_ENTRA_PORT: String(entra),
    EMULATOR_GRAPH_PORT: String(graph),
    EMULATOR_CDN_PORT: String(cdn),
    LOCAL_STATE_DIR: join(dir, '.certs'),
  };
  child = spawn(process.execPath, [LAUNCHER], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local mode did not start within 60 s:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child?.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`local mode exited (${code}):\n${output}`));
    });
  });
  dispatcher = new Agent({ connect: { ca: readFileSync(join(dir, '.certs', 'ca.crt'), 'utf8') } });
  const origin = (port: number): string => `https://localhost:${port}`;
  expect(new Set(ports.map(origin)).size).toBe(5);
  for (const port of ports) expect(output).toContain(origin(port));

  // Each service answers on its own origin...
  expect((await get(`${origin(webHost)}/_emulator/state`)).status).toBe(200);
  const metadata = await get(`${origin(entra)}/${LOCAL_MODE.tenantId}/v2.0/.well-known/openid-configuration`);
  expect(metadata.status).toBe(200);
  expect((JSON.parse(metadata.text) as { issuer: string }).issuer).toBe(`${origin(entra)}/${LOCAL_MODE.tenantId}/v2.0`);
  const item = `/v1.0/drives/${SEED_WORKBOOKS.presupuesto.driveId}/items/${SEED_WORKBOOKS.presupuesto.itemId}`;
  const graphAnswer = await get(`${origin(graph)}${item}`);
  expect([graphAnswer.status, (JSON.parse(graphAnswer.text) as { error: { code: string } }).error.code]).toEqual([
    401,
    'InvalidAuthenticationToken',
  ]);
  // ...and nowhere else: the CDN's origin does not serve Graph.
  expect(await get(`${origin(cdn)}${item}`)).toEqual({
    status: 404,
    type: 'text/plain; charset=utf-8',
    text: 'Not found',
  });

  // The middle tier signs in against the Entra origin and is framed by the web host's.
  const signIn = JSON.parse((await get(`${origin(addin)}/api/sign-in-config`)).text) as { authority: string };
  expect(signIn.authority).toBe(`${origin(entra)}/${LOCAL_MODE.tenantId}`);
  const pane = await request(`${origin(addin)}/taskpane.html`, { dispatcher });
  await pane.body.dump();
  expect(String(pane.headers['content-security-policy'])).toMatch(
    new RegExp(`frame-ancestors 'self' ${origin(webHost)}(;|$)`),
  );
}, 120_000);

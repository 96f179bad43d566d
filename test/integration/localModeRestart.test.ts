/**
 * Local mode as `npm start` runs it: the launcher (build/emulator/localMode.js) with its two
 * processes, stopped and started again on the same folders. What the task pane lists (the middle
 * tier's registry) and what Graph holds (the emulator) must agree across a restart and a reset.
 * Needs the build (`npm test` builds first; alone: `npm run build:node`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent } from 'undici';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { EmulatorControl } from '../support/emulatorControl';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import { closeMany, listSessions, openSessions } from '../support/sessionApi';

const LAUNCHER = resolve(__dirname, '..', '..', 'build', 'emulator', 'localMode.js');
const STATE_FILE = 'emulator-state.json';

interface Launched {
  child: ChildProcess;
  output(): string;
}

let root: string;
let ports: { addin: number; emulator: number; entra: number; graph: number; cdn: number };
let launched: Launched | undefined;
let dispatcher: Agent | undefined;

// Each test starts local mode two or three times: a build, two processes, certificates.
jest.setTimeout(120_000);

function launch(args: string[] = [], extraEnv: Record<string, string> = {}): Promise<Launched> {
  const child = spawn(process.execPath, [LAUNCHER, ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(ports.addin),
      EMULATOR_PORT: String(ports.emulator),
      // Every service on a free port of its own (by default they would follow EMULATOR_PORT).
      EMULATOR_ENTRA_PORT: String(ports.entra),
      EMULATOR_GRAPH_PORT: String(ports.graph),
      EMULATOR_CDN_PORT: String(ports.cdn),
      LOCAL_STATE_DIR: join(root, '.certs'),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const started: Launched = { child, output: () => output };
  launched = started;
  return new Promise((resolveStarted, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearInterval(timer);
        resolveStarted(started);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`local mode exited with ${child.exitCode}:\n${output}`));
      }
    }, 100);
  });
}

/** Ctrl-C's SIGTERM twin: the launcher stops both processes, which save what they hold. */
async function stopLocalMode(): Promise<void> {
  const running = launched;
  launched = undefined;
  if (running === undefined || running.child.exitCode !== null) return;
  const exited = new Promise<void>((r) => running.child.once('exit', () => r()));
  running.child.kill('SIGTERM');
  await exited;
}

function stack() {
  if (dispatcher === undefined) {
    const ca = readFileSync(join(root, '.certs', 'ca.crt'), 'utf8');
    dispatcher = new Agent({ connect: { ca } });
  }
  return {
    dispatcher,
    addinUrl: `https://localhost:${ports.addin}`,
    control: new EmulatorControl(`https://localhost:${ports.emulator}`, dispatcher),
  };
}

const megan = SEED_USERS.megan.oid;
const workbooks = [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.forecast];

beforeAll(() => {
  if (!existsSync(LAUNCHER))
    throw new Error(`${LAUNCHER} is missing: build first (npm run build:node, or npm test which builds).`);
});

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'wbs-local-mode-'));
  ports = {
    addin: await freePort(),
    emulator: await freePort(),
    entra: await freePort(),
    graph: await freePort(),
    cdn: await freePort(),
  };
});

afterEach(async () => {
  await stopLocalMode();
  await dispatcher?.close();
  dispatcher = undefined;
  rmSync(root, { recursive: true, force: true });
});

describe('local mode across a restart', () => {
  it('lists after a restart exactly the sessions Graph still holds open, and each closes there', async () => {
    await launch();
    const { control } = stack();
    const token = await control.ssoToken(megan);
    const opened = await openSessions(stack(), token, workbooks, 2, 2);
    await stopLocalMode();

    await launch();
    // The SSO token from before the restart is still accepted: the signing keys were kept.
    const listed = await listSessions(stack(), token);
    expect(listed.map((s) => s.id).sort()).toEqual([...opened].sort());
    // The pane never sees Graph's session ids (they stay in the middle tier), so the two sides
    // are compared by what both show: per workbook, as many open sessions in Graph as listed.
    const openInGraph = (await control.state()).sessions.filter((s) => s.status === 'open' && s.userOid === megan);
    const byWorkbook = (items: { workbook: { itemId: string } }[]) => items.map((s) => s.workbook.itemId).sort();
    expect(byWorkbook(openInGraph)).toEqual(byWorkbook(listed));
    expect(listed.every((s) => s.status === 'open')).toBe(true);

    // Closing from the pane closes them in Graph: nothing is left open on either side.
    const closed = await closeMany(stack(), token, opened);
    expect(closed.results.map((r) => r.outcome)).toEqual(opened.map(() => 'closed'));
    expect(await listSessions(stack(), token)).toEqual([]);
    const after = (await control.state()).sessions;
    expect(after.filter((s) => s.status === 'open')).toEqual([]);
    expect(after.filter((s) => s.status === 'closed')).toHaveLength(opened.length);
  });

  it('empties both sides on reset, and both stay empty after a restart', async () => {
    await launch();
    const { control } = stack();
    const token = await control.ssoToken(megan);
    await openSessions(stack(), token, workbooks, 1, 2);
    await control.reset();
    expect(await listSessions(stack(), token)).toEqual([]);
    expect((await control.state()).sessions).toEqual([]);
    await stopLocalMode();

    await launch();
    expect(await listSessions(stack(), token)).toEqual([]);
    expect((await control.state()).sessions).toEqual([]);
  });

  it('never empties a registry the user chose (REGISTRY_PATH): reset clears the emulator only', async () => {
    const mine = join(root, 'mine', 'registry.sqlite');
    const started = await launch([], { REGISTRY_PATH: mine });
    const token = await stack().control.ssoToken(megan);
    await openSessions(stack(), token, [SEED_WORKBOOKS.presupuesto], 1, 1);
    await stack().control.reset();
    expect((await stack().control.state()).sessions).toEqual([]);
    expect(await listSessions(stack(), token)).toHaveLength(1);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(join(root, '.data', 'registry.sqlite'))).toBe(false);
    // The emulator's own log line arrives through a pipe, maybe just after the HTTP answer.
    await eventually(
      async () =>
        started
          .output()
          .includes("the registry is not local mode's own (REGISTRY_URL or REGISTRY_PATH set) and was left alone"),
      true,
    );
  });

  it('starts both sides empty with --fresh', async () => {
    await launch();
    const token = await stack().control.ssoToken(megan);
    await openSessions(stack(), token, workbooks, 1, 2);
    await stopLocalMode();

    const fresh = await launch(['--fresh']);
    expect(fresh.output()).toContain("--fresh: the emulator's saved state was deleted and so was the local registry");
    const newToken = await stack().control.ssoToken(megan);
    expect(await listSessions(stack(), newToken)).toEqual([]);
    expect((await stack().control.state()).sessions).toEqual([]);
  });

  it('sets a corrupted state file aside with a clear log line and starts working', async () => {
    const data = join(root, '.data');
    mkdirSync(data, { recursive: true, mode: 0o700 });
    writeFileSync(join(data, STATE_FILE), '{"format":1,"savedAt":"2027-', { mode: 0o600 });
    const started = await launch();
    expect(started.output()).toMatch(
      /emulator: the saved state .*emulator-state\.json could not be used \(.+\); it was moved to .*emulator-state\.json\.unreadable-\S+ and the emulator starts fresh/,
    );
    expect(readdirSync(data).some((name) => name.startsWith(`${STATE_FILE}.unreadable-`))).toBe(true);
    const token = await stack().control.ssoToken(megan);
    const [id] = await openSessions(stack(), token, [SEED_WORKBOOKS.presupuesto], 1, 1);
    expect((await listSessions(stack(), token)).map((s) => s.id)).toEqual([id]);
  });
});

// The emulator with a state folder, stopped and started again on the same port, as local mode does.
import { mkdirSync, mkdtempSync, rmSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/freePort';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, type TestEmulator } from '../../support/testEmulator';
import { STATE_FILE_NAME } from '../../../src/emulator/persistence/EmulatorStateFile';

const megan = SEED_USERS.megan.oid;
const wb = SEED_WORKBOOKS.presupuesto;
const workbookPath = `/v1.0/drives/${wb.driveId}/items/${wb.itemId}/workbook`;

let dir: string;
let port: number;
let logLines: string[];
const running: TestEmulator[] = [];

async function start(extra: { onReset?: () => Promise<void> } = {}): Promise<TestEmulator> {
  const started = await startTestEmulator({ port, stateDir: dir, stateLog: (line) => logLines.push(line), ...extra });
  running.push(started);
  return started;
}

async function stop(started: TestEmulator): Promise<void> {
  running.splice(running.indexOf(started), 1);
  await started.close();
}

async function graph(
  started: TestEmulator,
  token: string,
  action: 'createSession' | 'refreshSession' | 'closeSession',
  sessionId?: string,
) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (sessionId !== undefined) headers['workbook-session-id'] = sessionId;
  return started.call(`${workbookPath}/${action}`, {
    method: 'POST',
    headers,
    body: action === 'createSession' ? '{"persistChanges":true}' : '{}',
  });
}

beforeEach(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'wbs-emu-state-')), '.data');
  port = await freePort();
  logLines = [];
});

afterEach(async () => {
  for (const started of running.splice(0)) await started.close();
});

describe('the emulator across a restart', () => {
  it('keeps open sessions, keys, clock, switches, sharing and faults; old tokens still work', async () => {
    const first = await start();
    const token = await first.graphToken(megan);
    const created = await graph(first, token, 'createSession');
    expect(created.status).toBe(201);
    const sessionId = ((await created.json()) as { id: string }).id;
    await first.ctl.advanceClock(60);
    await first.ctl.setEntraBehaviour(SEED_USERS.ana.oid, 'mfaRequired');
    await first.ctl.shareWorkbook(wb.itemId, [megan]);
    await first.ctl.setFaults({
      seed: 7,
      rules: [{ id: 'slow', route: 'shares', kind: 'latency', latencyMs: 1, count: 3 }],
    });
    const before = await first.ctl.state();
    await stop(first);

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, STATE_FILE_NAME)).mode & 0o777).toBe(0o600);

    const second = await start();
    const after = await second.ctl.state();
    expect(Date.parse(after.now)).toBeGreaterThanOrEqual(Date.parse(before.now));
    expect(after.keys).toEqual(before.keys);
    expect(after.sessions.map((s) => [s.id, s.status, s.createdAt])).toEqual([
      [sessionId, 'open', before.sessions[0]?.createdAt],
    ]);
    expect(after.entra).toEqual(before.entra);
    expect(after.workbooks.find((w) => w.itemId === wb.itemId)?.sharedWith).toEqual([megan]);
    expect((await second.ctl.faults()).rules.map((r) => r.id)).toEqual(['slow']);
    // The token the first run signed is still good, and the session is live in Graph: refresh, then close.
    expect((await graph(second, token, 'refreshSession', sessionId)).status).toBe(204);
    expect((await graph(second, token, 'closeSession', sessionId)).status).toBe(204);
    expect(logLines).toEqual([]);
  });

  it('lets sessions expire on their own while it was stopped (timestamps kept)', async () => {
    const first = await start();
    const token = await first.graphToken(megan);
    const sessionId = ((await (await graph(first, token, 'createSession')).json()) as { id: string }).id;
    await stop(first);
    const second = await start();
    await second.ctl.advanceClock(6 * 3600);
    const state = await second.ctl.state();
    expect(state.sessions.find((s) => s.id === sessionId)?.status).toBe('expired');
    // A day after it ended, the next restart forgets it, as Graph has.
    await second.ctl.advanceClock(24 * 3600);
    await stop(second);
    const third = await start();
    expect((await third.ctl.state()).sessions).toEqual([]);
  });

  it('keeps a long-running createSession: polled after the restart, it finishes and its session opens', async () => {
    const first = await start();
    const token = await first.graphToken(megan);
    await first.ctl.setAsyncCreate({ delayMs: 4000 });
    const accepted = await first.call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'respond-async' },
      body: '{"persistChanges":true}',
    });
    expect(accepted.status).toBe(202);
    const operation = (accepted.headers.get('location') ?? '').slice(first.emulator.url.length);
    await stop(first);

    const second = await start();
    expect((await second.ctl.state()).asyncCreate).toMatchObject({ delayMs: 4000 });
    await second.ctl.advanceClock(5);
    const polled = await second.call(operation, { headers: { authorization: `Bearer ${token}` } });
    expect(polled.status).toBe(200);
    expect(((await polled.json()) as { status: string }).status).toBe('succeeded');
    expect((await second.ctl.state()).sessions.map((s) => s.status)).toEqual(['open']);
  });

  it('writes nothing to the log and never the private keys', async () => {
    const first = await start();
    await stop(first);
    const text = readFileSync(join(dir, STATE_FILE_NAME), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 1, clockOffsetMs: 0 });
    expect(logLines.join('\n')).not.toContain('PRIVATE KEY');
  });
});

describe('a state file that cannot be used', () => {
  const cases: [string, string][] = [
    ['is not JSON', '{"format": 1, "savedAt": '],
    ['was written by a newer version', JSON.stringify({ format: 2, savedAt: new Date().toISOString() })],
    [
      'holds a session row that is not one',
      JSON.stringify({
        format: 1,
        savedAt: new Date().toISOString(),
        clockOffsetMs: 0,
        keys: {},
        sessions: [{ id: 'x', userOid: 'not-a-guid' }],
      }),
    ],
  ];
  it.each(cases)(
    'is set aside with one clear log line when it %s, and the emulator starts fresh',
    async (_what, content) => {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(join(dir, STATE_FILE_NAME), content, { mode: 0o600 });
      const started = await start();
      expect(logLines).toHaveLength(1);
      expect(logLines[0]).toMatch(
        new RegExp(
          `the saved state .*${STATE_FILE_NAME} could not be used \\(.+\\); it was moved to .*unreadable-.* and the emulator starts fresh`,
        ),
      );
      const aside = readdirSync(dir).filter((name) => name.startsWith(`${STATE_FILE_NAME}.unreadable-`));
      expect(aside).toHaveLength(1);
      expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toBe(content);
      // A working start: Graph answers with the fresh state.
      const token = await started.graphToken(megan);
      expect((await graph(started, token, 'createSession')).status).toBe(201);
      expect((await started.ctl.state()).sessions).toHaveLength(1);
    },
  );

  it('is set aside when a saved key does not match its certificate', async () => {
    await stop(await start());
    const file = join(dir, STATE_FILE_NAME);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      keys: { current: { certificate: string }; next: { certificate: string } };
    };
    [saved.keys.current.certificate, saved.keys.next.certificate] = [
      saved.keys.next.certificate,
      saved.keys.current.certificate,
    ];
    writeFileSync(file, JSON.stringify(saved));
    await start();
    expect(logLines).toEqual([expect.stringContaining("(keys.current.certificate is not the key's certificate)")]);
  });

  it('keeps serving and says so when the state cannot be written', async () => {
    const first = await start();
    // A folder where the file should go: the rename fails, as on a full or read-only disk.
    rmSync(join(dir, STATE_FILE_NAME));
    mkdirSync(join(dir, STATE_FILE_NAME));
    await first.ctl.advanceClock(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(logLines.some((line) => line.includes('could not save its state'))).toBe(true);
    expect((await first.ctl.state()).now).toBeDefined();
    rmSync(join(dir, STATE_FILE_NAME), { recursive: true });
  });
});

describe('reset', () => {
  it('clears what is saved, keeps the keys, and asks local mode to empty its registry', async () => {
    let registryResets = 0;
    const first = await start({ onReset: async () => void registryResets++ });
    const token = await first.graphToken(megan);
    expect((await graph(first, token, 'createSession')).status).toBe(201);
    const keys = (await first.ctl.state()).keys;
    await first.ctl.reset();
    expect(registryResets).toBe(1);
    await stop(first);
    const second = await start();
    const state = await second.ctl.state();
    expect(state.sessions).toEqual([]);
    expect(state.keys).toEqual(keys);
  });

  it('answers 502 resetIncomplete when the registry could not be emptied', async () => {
    const started = await start({ onReset: () => Promise.reject(new Error('the middle tier did not stop')) });
    const answer = await started.ctl.call('POST', '/_emulator/reset', {});
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ error: { code: 'resetIncomplete' } });
  });
});

/**
 * Proof: the middle tier is SIGKILLed while it closes 100 sessions (each `$batch` slowed by the
 * emulator, so closes are in flight), then started again on the same registry. After the
 * start-up reconciliation every session is either closed in the emulator and gone from the
 * registry, or open in both. Nothing orphaned, nothing lost.
 */
import Database from 'better-sqlite3';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { SessionView } from '../../src/shared/api';
import { clearFaults, resilienceState, setFaults, ssoTokenFor } from '../support/emulatorControl';
import type { LocalStack } from '../support/localStack';
import { startProcessStack, type ProcessStack } from '../support/processStack';
import { eventually } from '../support/eventually';
import { apiCall, listSessions, openSessions } from '../support/sessionApi';

let stack: ProcessStack;
const workbooks = [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.forecast];

beforeAll(async () => {
  stack = await startProcessStack({ RATE_LIMIT_PER_MINUTE: '0' });
  await stack.startServer();
}, 30_000);
afterAll(async () => stack?.close());

function registryStatuses(): Record<string, number> {
  const db = new Database(stack.registryPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT status, COUNT(*) AS n FROM sessions GROUP BY status').all() as {
      status: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    db.close();
  }
}

it('finishes or keeps every session after a SIGKILL in the middle of closing 100', async () => {
  const megan = await ssoTokenFor(stack as unknown as LocalStack, SEED_USERS.megan.oid);
  const ids = await openSessions(stack, megan, workbooks, 50);
  expect(ids).toHaveLength(100);

  // 50 per workbook = 3 batches per workbook, one after the other: about 3 × 400 ms in all.
  await setFaults(stack, 7, [{ id: 'slow-batch', route: 'batch', kind: 'latency', latencyMs: 400 }]);
  const closing = apiCall(stack, megan, '/api/sessions/close', { method: 'POST', body: { ids } }).catch(
    (error: unknown) => error,
  );
  // Kill once the first batches have landed and the next ones are on the wire.
  const deadline = Date.now() + 10_000;
  while ((await resilienceState(stack)).sessions.every((s) => s.status === 'open')) {
    if (Date.now() > deadline) throw new Error('no session was closed in time');
    await new Promise((r) => setTimeout(r, 25));
  }
  await stack.killServer();
  expect(await closing).toBeInstanceOf(Error);
  await clearFaults(stack);

  const left = registryStatuses();
  // The kill really came mid-way: some rows are gone (confirmed closes), others are `closing`.
  expect(left.closing ?? 0).toBeGreaterThan(0);
  expect((left.closing ?? 0) + (left.open ?? 0)).toBeLessThan(100);

  await stack.startServer();
  let rows: SessionView[];
  const settle = Date.now() + 15_000;
  for (;;) {
    rows = await listSessions(stack, megan);
    if (rows.every((r) => r.status === 'open')) break;
    if (Date.now() > settle) throw new Error(`not reconciled: ${JSON.stringify(rows.map((r) => r.status))}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const state = await resilienceState(stack);
  const graph = state.sessions.filter((s) => s.userOid === SEED_USERS.megan.oid);
  expect(graph).toHaveLength(100);
  // Every row left is an open Graph session (refreshing it succeeds), and no open Graph session
  // lacks a row: per workbook, the counts agree.
  for (const row of rows)
    expect((await apiCall(stack, megan, `/api/sessions/${row.id}/refresh`, { method: 'POST' })).status).toBe(200);
  for (const wb of workbooks) {
    const openInGraph = graph.filter((s) => s.workbook.itemId === wb.itemId && s.status === 'open').length;
    expect(rows.filter((r) => r.workbook.itemId === wb.itemId)).toHaveLength(openInGraph);
  }
  expect(graph.filter((s) => s.status === 'closed').length + rows.length).toBe(100);
  // The reconciler said what it did. Its log reaches us through the child's stdout pipe, which
  // can lag behind what the API already shows after a burst of lines: wait for it, bounded.
  await eventually(async () => stack.serverOutput().includes('registry reconciled'), true, 10_000);
}, 60_000);

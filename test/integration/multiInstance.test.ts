/**
 * Proof: two middle tiers (child processes) share one PostgreSQL registry and one emulator.
 * 200 sessions are opened through A, then closed through A and B at once (single DELETEs and
 * $batch on both), and A is SIGKILLed in the middle. Afterwards:
 *  - every Graph session is closed, and the registry is empty: B's reconciler finished the closes
 *    A left in flight once A's leases lapsed; the rows A never got to are still listed (nothing
 *    lost) and the user closes them through B;
 *  - no session was closed twice by the live instances: every outcome they reported is `closed`,
 *    no close of a session answered 404 before the kill, and the only closeSession sent again is
 *    one A had in flight when it died (the write-ahead protocol re-sends those: Graph cannot tell
 *    whether A's request got through), at most one per row A held.
 */
import pg from 'pg';
import { Agent } from 'undici';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { CloseManyResponse, CloseSessionResponse } from '../../src/shared/api';
import {
  clearFaults,
  resilienceState,
  setFaults,
  ssoTokenFor,
  type EmulatorState as ResilienceState,
} from '../support/emulatorControl';
import { startEmulatorSide, type EmulatorSide } from '../support/emulatorSide';
import { eventually } from '../support/eventually';
import { freePort } from '../support/freePort';
import type { LocalStack } from '../support/localStack';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { serverProcess, type ServerProcess } from '../support/processStack';
import { apiCall, listSessions, openSessions } from '../support/sessionApi';

/** The emulator's request log entries (with the time each was received). */
type LoggedRequest = ResilienceState['requests'][number] & { at: string };

const WORKBOOKS = [
  SEED_WORKBOOKS.presupuesto,
  SEED_WORKBOOKS.forecast,
  SEED_WORKBOOKS.ventas,
  SEED_WORKBOOKS.inventario,
  SEED_WORKBOOKS.headcount,
];
const LEASE_SECONDS = 5;

let side: EmulatorSide;
let database: TestDatabase;
let dispatcher: Agent;
let a: { process: ServerProcess; target: { addinUrl: string; dispatcher: Agent; emulatorUrl: string } };
let b: typeof a;

async function registryRows(): Promise<{ status: string; n: number }[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (
      await client.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM sessions GROUP BY status ORDER BY status',
      )
    ).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  side = await startEmulatorSide('wbs-multi-');
  database = await createTestDatabase();
  dispatcher = new Agent({ connect: { ca: side.caCertPem } });
  // Both instances serve the same public URL (behind one load balancer), each on its own port.
  const common = {
    ...side.serverEnv,
    REGISTRY_URL: database.url,
    REGISTRY_LEASE_SECONDS: String(LEASE_SECONDS),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
  };
  const instance = (port: number) => {
    const addinUrl = `https://127.0.0.1:${port}`;
    return {
      process: serverProcess({ ...common, PORT: String(port) }, addinUrl, dispatcher),
      target: { addinUrl, dispatcher, emulatorUrl: side.emulator.url },
    };
  };
  a = instance(side.addinPort);
  b = instance(await freePort());
  await Promise.all([a.process.start(), b.process.start()]);
}, 60_000);

afterAll(async () => {
  await a?.process.kill();
  await b?.process.kill();
  await database?.drop();
  await side?.close();
  await dispatcher?.close();
});

it('closes every one of 200 sessions exactly once through two instances sharing PostgreSQL, one of them SIGKILLed midway', async () => {
  const emulator = { dispatcher, emulatorUrl: side.emulator.url, addinUrl: a.target.addinUrl };
  const megan = await ssoTokenFor(emulator as unknown as LocalStack, SEED_USERS.megan.oid);
  const ids = await openSessions(a.target, megan, WORKBOOKS, 40);
  expect(new Set(ids).size).toBe(200);
  // Interleave so both instances and both paths touch every workbook.
  const quarter = (n: number): string[] => ids.filter((_, i) => i % 4 === n);
  await setFaults(emulator, 11, [{ id: 'slow-close', route: 'closeSession', kind: 'latency', latencyMs: 150 }]);

  const singles = (target: typeof a.target, list: string[]) =>
    Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        const outcomes: string[] = [];
        for (const id of list.filter((_, i) => i % 4 === lane)) {
          const res = await apiCall(target, megan, `/api/sessions/${id}`, { method: 'DELETE' });
          if (res.status !== 200) throw new Error(`DELETE ${res.status} ${JSON.stringify(res.body)}`);
          outcomes.push((res.body as CloseSessionResponse).outcome);
        }
        return outcomes;
      }),
    ).then((lanes) => lanes.flat());
  const batch = async (target: typeof a.target, list: string[]) => {
    const res = await apiCall(target, megan, '/api/sessions/close', { method: 'POST', body: { ids: list } });
    if (res.status !== 200) throw new Error(`close many ${res.status}`);
    return (res.body as CloseManyResponse).results.map((r) => r.outcome);
  };

  const onA = Promise.allSettled([singles(a.target, quarter(0)), batch(a.target, quarter(1))]);
  const onB = Promise.all([singles(b.target, quarter(2)), batch(b.target, quarter(3))]);
  // Kill A once some closes have landed in Graph and others are on the wire.
  const deadline = Date.now() + 20_000;
  while ((await resilienceState(emulator)).sessions.filter((s) => s.status === 'closed').length < 30) {
    if (Date.now() > deadline) throw new Error('closes did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  await a.process.kill();
  const killedAt = new Date().toISOString();
  const inFlightAtKill = (await registryRows()).find((r) => r.status === 'closing')?.n ?? 0;

  // B was never disturbed: everything it closed, it closed first.
  const [bSingles, bBatch] = await onB;
  expect([...bSingles, ...bBatch]).toEqual(Array.from({ length: 100 }, () => 'closed'));
  // A's answers that made it out before the kill are closes too.
  for (const settled of await onA)
    if (settled.status === 'fulfilled') expect(settled.value.every((o) => o === 'closed')).toBe(true);
  await clearFaults(emulator);

  // B's reconciler finishes what A had in flight once A's leases lapse; what A never started
  // is still listed as open (nothing lost), and the user closes it through B.
  await eventually(async () => (await registryRows()).some((r) => r.status === 'closing'), false, 30_000);
  const left = await listSessions(b.target, megan);
  expect(left.every((s) => s.status === 'open')).toBe(true);
  if (left.length > 0)
    expect(
      (
        await batch(
          b.target,
          left.map((s) => s.id),
        )
      ).every((o) => o === 'closed'),
    ).toBe(true);

  const state = await resilienceState(emulator);
  const mine = state.sessions.filter((s) => s.userOid === SEED_USERS.megan.oid);
  expect(mine).toHaveLength(200);
  expect(mine.filter((s) => s.status !== 'closed')).toEqual([]);
  expect(await registryRows()).toEqual([]);

  // Single closeSession requests carry the Graph session id: none was answered 404 (already
  // closed) before the kill; after it, only re-sends of rows A held, at most one per row.
  const singleCloses = (state.requests as LoggedRequest[]).filter(
    (r) => r.path.endsWith('/workbook/closeSession') && r.method === 'POST',
  );
  const repeated = singleCloses.filter((r) => r.status === 404);
  expect(repeated.filter((r) => r.at < killedAt)).toEqual([]);
  expect(repeated.length).toBeLessThanOrEqual(inFlightAtKill);
  const perId = new Map<string, number>();
  for (const r of singleCloses.filter((c) => c.status === 204))
    perId.set(r.headers['workbook-session-id'] ?? '', (perId.get(r.headers['workbook-session-id'] ?? '') ?? 0) + 1);
  expect([...perId.values()].every((n) => n === 1)).toBe(true);
  if (inFlightAtKill > 0) expect(b.process.output()).toContain('finished a close left by another process');
}, 120_000);

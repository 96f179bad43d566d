/**
 * POST /api/sessions/close against the emulator: one outcome per id in the order given, 45 ids
 * of one workbook in 3 `$batch` requests, and each workbook's closes chained with `dependsOn`
 * (visible through how a throttled first item holds back the rest of ITS workbook only).
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { clearFaults, mintTestToken, resilienceState, setFaults, ssoTokenFor } from '../support/emulatorControl';
import { httpsJson, REGISTRIES, startLocalStack, type LocalStack } from '../support/localStack';
import { apiCall, closeMany, listSessions, openSessions } from '../support/sessionApi';

let stack: LocalStack;
let megan: string;
let ana: string;
const { presupuesto, forecast } = SEED_WORKBOOKS;

describe.each(REGISTRIES)('with the %s registry', (registry) => {
  beforeAll(async () => {
    stack = await startLocalStack({ registry, serverEnv: { RATE_LIMIT_PER_MINUTE: '0' } });
    megan = await ssoTokenFor(stack, SEED_USERS.megan.oid);
    ana = await ssoTokenFor(stack, SEED_USERS.ana.oid);
  }, 30_000);
  afterAll(async () => stack?.close());
  afterEach(async () => clearFaults(stack));

  const batchRequests = async (): Promise<number> =>
    (await resilienceState(stack)).requests.filter((r) => r.path === '/v1.0/$batch').length;

  it('answers each id in order: closed, alreadyGone (Graph dropped it), failed/sessionNotFound for unknown and foreign ids', async () => {
    const [first, gone, third] = await openSessions(stack, megan, [forecast], 3);
    const [anasId] = await openSessions(stack, ana, [presupuesto], 1);
    if (first === undefined || gone === undefined || third === undefined || anasId === undefined)
      throw new Error('not opened');
    // Graph forgets one session behind the middle tier's back: close it directly in Graph.
    const graphSession = (await resilienceState(stack)).sessions.filter(
      (s) => s.status === 'open' && s.workbook.itemId === forecast.itemId,
    )[1];
    const graphToken = await mintTestToken(stack, {
      userOid: SEED_USERS.megan.oid,
      audience: 'graph',
      scopes: ['Files.ReadWrite'],
    });
    const direct = await httpsJson(
      stack,
      `${stack.emulator.origins.graph}/v1.0/drives/${encodeURIComponent(forecast.driveId)}/items/${forecast.itemId}/workbook/closeSession`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${graphToken}`, 'workbook-session-id': graphSession?.id ?? '' },
        body: {},
      },
    );
    expect(direct.status).toBe(204);
    // The registry does not know yet.
    expect(await listSessions(stack, megan)).toHaveLength(3);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const { results } = await closeMany(stack, megan, [third, unknown, first, anasId, gone]);
    expect(results.map((r) => r.id)).toEqual([third, unknown, first, anasId, gone]);
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get(unknown)).toEqual({
      id: unknown,
      outcome: 'failed',
      error: { code: 'sessionNotFound', message: expect.any(String) },
    });
    expect(byId.get(anasId)).toEqual({
      id: anasId,
      outcome: 'failed',
      error: { code: 'sessionNotFound', message: expect.any(String) },
    });
    const outcomes = results
      .filter((r) => r.outcome !== 'failed')
      .map((r) => r.outcome)
      .sort();
    expect(outcomes).toEqual(['alreadyGone', 'closed', 'closed']);
    expect(await listSessions(stack, megan)).toEqual([]);
    // Ana's session was not touched.
    expect((await listSessions(stack, ana)).map((s) => s.id)).toEqual([anasId]);
    await closeMany(stack, ana, [anasId]);
  });

  it('sends 45 closes of one workbook as 3 $batch requests', async () => {
    const ids = await openSessions(stack, megan, [presupuesto], 45);
    const before = await batchRequests();
    const { results } = await closeMany(stack, megan, ids);
    expect(results.every((r) => r.outcome === 'closed')).toBe(true);
    expect((await batchRequests()) - before).toBe(3);
  }, 30_000);

  it('chains each workbook with dependsOn: a throttled first item holds back its own workbook, not the other', async () => {
    const ids = await openSessions(stack, megan, [presupuesto, forecast], 3);
    await setFaults(stack, 1, [
      { id: 'throttle', route: 'closeSession', kind: 'throttle', count: 3, retryAfterSeconds: 0.05 },
    ]);
    const before = await batchRequests();
    const { results } = await closeMany(stack, megan, ids);
    expect(results.every((r) => r.outcome === 'closed')).toBe(true);
    const state = await resilienceState(stack);
    expect(state.faults.fired.throttle).toBe(3);
    // Per-workbook chains: round 1 throttles both chain heads (the rest answer 424), round 2 the
    // one fault left holds back one workbook while the other closes, round 3 closes the rest.
    // (Unchained, round 1 would throttle 3 items and close 3: 2 rounds; one chain for all: 4.)
    expect(state.requests.filter((r) => r.path === '/v1.0/$batch').length - before).toBe(3);
    expect(state.retryAfterViolations).toEqual([]);
  });

  it('validates the body: empty, duplicate, non-UUID, too many ids and unknown fields are 400; no token is 401', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const body of [
      { ids: [] },
      { ids: [id, id] },
      { ids: [id, id.toUpperCase()] },
      { ids: ['nope'] },
      { ids: Array.from({ length: 201 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) },
      { ids: [id], extra: 1 },
      {},
    ]) {
      const res = await apiCall(stack, megan, '/api/sessions/close', { method: 'POST', body });
      expect(res.status).toBe(400);
      expect((res.body as { error: { code: string } }).error.code).toBe('invalidRequest');
    }
    const anonymous = await httpsJson(stack, `${stack.addinUrl}/api/sessions/close`, {
      method: 'POST',
      body: { ids: [id] },
    });
    expect(anonymous.status).toBe(401);
    const wrongMethod = await apiCall(stack, megan, '/api/sessions/close', { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
  });
});

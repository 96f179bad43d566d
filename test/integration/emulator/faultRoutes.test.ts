// Fault rules and Retry-After bookkeeping over real HTTPS, for plain Graph requests, $batch
// items, the outer $batch and the token endpoint.
import { graphErrorCodes } from '../../../src/shared/graph';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, TEST_TENANT, type TestEmulator } from '../../support/testEmulator';

let t: TestEmulator;
let auth: Record<string, string>;
const wb = SEED_WORKBOOKS.presupuesto;
const workbookPath = `/v1.0/drives/${wb.driveId}/items/${wb.itemId}/workbook`;
const MEGAN = SEED_USERS.megan.oid;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());
beforeEach(async () => {
  t.emulator.reset();
  auth = { authorization: `Bearer ${await t.graphToken(MEGAN)}` };
});

async function createSession(): Promise<string> {
  const response = await t.call(`${workbookPath}/createSession`, {
    method: 'POST',
    headers: auth,
    body: '{"persistChanges":true}',
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe('fault rules on plain Graph requests', () => {
  it('throttles with a fractional Retry-After and records a client that comes back too early', async () => {
    const id = await createSession();
    await t.ctl.setFaults({
      seed: 1,
      rules: [{ id: 'slow-down', route: 'closeSession', kind: 'throttle', retryAfterSeconds: 1.5, count: 1 }],
    });
    const headers = { ...auth, 'workbook-session-id': id };

    const throttled = await t.call(`${workbookPath}/closeSession`, { method: 'POST', headers });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1.5');
    const body = (await throttled.json()) as { error: { innerError: Record<string, string> } };
    expect(graphErrorCodes(body)).toEqual(['toomanyrequests', '429']);
    expect(body.error.innerError).toMatchObject({ status: '429', 'request-id': throttled.headers.get('request-id') });

    const early = await t.call(`${workbookPath}/closeSession`, { method: 'POST', headers });
    expect(early.status).toBe(204);
    const state = await t.ctl.state();
    expect(state.retryAfterViolations).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `${workbookPath}/closeSession`,
        userOid: MEGAN,
        notBefore: expect.any(String),
      }),
    ]);
    expect(state.faults.fired).toEqual({ 'slow-down': 1 });
  });

  it('records nothing for a client that waits', async () => {
    await t.ctl.setFaults({ rules: [{ route: 'createSession', kind: 'throttle', retryAfterSeconds: 0.05, count: 1 }] });
    expect(
      (
        await t.call(`${workbookPath}/createSession`, {
          method: 'POST',
          headers: auth,
          body: '{"persistChanges":true}',
        })
      ).status,
    ).toBe(429);
    await t.ctl.advanceClock(0.05);
    await createSession();
    expect((await t.ctl.state()).retryAfterViolations).toEqual([]);
  });

  it('answers 503 and 504 in the Graph envelope, with Retry-After only when given', async () => {
    await t.ctl.setFaults({
      rules: [
        { route: 'shares', kind: 'unavailable', retryAfterSeconds: 2, count: 1 },
        { route: 'driveItem', kind: 'gatewayTimeout', count: 1 },
      ],
    });
    const unavailable = await t.call('/v1.0/shares/u!aHR0cHM6Ly9leGFtcGxlLmNvbQ/driveItem', { headers: auth });
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '2']);
    expect(graphErrorCodes(await unavailable.json())).toEqual([
      'serviceunavailable',
      'serviceunavailableuncategorized',
    ]);
    const timeout = await t.call(`/v1.0/drives/${wb.driveId}/items/${wb.itemId}`, { headers: auth });
    expect([timeout.status, timeout.headers.get('retry-after')]).toEqual([504, null]);
  });

  it('resets the connection without an answer, then serves the next request', async () => {
    await t.ctl.setFaults({ rules: [{ route: 'createSession', kind: 'reset', count: 1 }] });
    await expect(
      t.call(`${workbookPath}/createSession`, { method: 'POST', headers: auth, body: '{"persistChanges":true}' }),
    ).rejects.toThrow();
    await createSession();
    // The dropped request is in the request log with status 0, so a test can count resets.
    const { requests } = await t.ctl.state();
    expect(requests.map((r) => [r.path, r.status])).toEqual([
      [`${workbookPath}/createSession`, 0],
      [`${workbookPath}/createSession`, 201],
    ]);
    expect(requests[0]?.headers.authorization).toBe('Bearer <redacted>');
  });

  it('logs a reset of the token endpoint too', async () => {
    await t.ctl.setFaults({ rules: [{ route: 'token', kind: 'reset', count: 1 }] });
    await expect(
      t.call(`/${TEST_TENANT}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=x',
      }),
    ).rejects.toThrow();
    const { requests } = await t.ctl.state();
    expect(requests.map((r) => [r.path, r.status])).toEqual([[`/${TEST_TENANT}/oauth2/v2.0/token`, 0]]);
  });

  it('delays the answer by the latency', async () => {
    await t.ctl.setFaults({ rules: [{ route: 'any', kind: 'latency', latencyMs: 150 }] });
    const started = Date.now();
    await createSession();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('validates rules (400) and clears them with DELETE', async () => {
    const bad = await t.call('/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"rules":[{"route":"x","kind":"throttle"}]}',
    });
    expect(bad.status).toBe(400);
    expect(graphErrorCodes(await bad.json())[0]).toBe('invalidrequest');
    await t.ctl.setFaults({ rules: [{ route: 'any', kind: 'throttle' }] });
    expect((await t.call('/_emulator/faults', { method: 'DELETE' })).status).toBe(204);
    await createSession();
  });
});

describe('fault rules in $batch', () => {
  const batch = (requests: unknown[]): Promise<Response> =>
    t.call('/v1.0/$batch', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ requests }),
    }) as unknown as Promise<Response>;

  it('throttles one item with its own retry-after, 424s its dependent, and keeps the outer 200', async () => {
    const [a, b] = [await createSession(), await createSession()];
    await t.ctl.setFaults({ rules: [{ route: 'closeSession', kind: 'throttle', retryAfterSeconds: 0.5, count: 1 }] });
    const url = `/drives/${wb.driveId}/items/${wb.itemId}/workbook/closeSession`;
    const response = await batch([
      { id: '1', method: 'POST', url, headers: { 'workbook-session-id': a } },
      { id: '2', method: 'POST', url, headers: { 'workbook-session-id': b } },
      { id: '3', method: 'GET', url: '/me', dependsOn: [] },
      { id: '4', method: 'POST', url, headers: { 'workbook-session-id': a }, dependsOn: ['1'] },
    ]);
    expect(response.status).toBe(200);
    const { responses } = (await response.json()) as {
      responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[];
    };
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 429],
      ['2', 204],
      ['3', 501],
      ['4', 424],
    ]);
    expect(responses[0]?.headers['Retry-After']).toBe('0.5');
    expect(graphErrorCodes(responses[0]?.body)).toEqual(['toomanyrequests', '429']);

    // Coming back for that workbook at once is a violation, as for a plain request.
    await batch([{ id: '1', method: 'POST', url, headers: { 'workbook-session-id': a } }]);
    expect((await t.ctl.state()).retryAfterViolations).toHaveLength(1);
  });

  it("targets the outer request with route 'batch'", async () => {
    await t.ctl.setFaults({ rules: [{ route: 'batch', kind: 'throttle', retryAfterSeconds: 3, count: 1 }] });
    const response = await batch([{ id: '1', method: 'GET', url: `/drives/${wb.driveId}/items/${wb.itemId}` }]);
    expect([response.status, response.headers.get('retry-after')]).toEqual([429, '3']);
  });
});

describe('fault rules on the token endpoint', () => {
  it("answers in Entra's JSON shape with Retry-After", async () => {
    await t.ctl.setFaults({ rules: [{ route: 'token', kind: 'throttle', retryAfterSeconds: 0.2, count: 1 }] });
    const response = await t.call(`/${TEST_TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=x',
    });
    expect([response.status, response.headers.get('retry-after')]).toEqual([429, '0.2']);
    expect(await response.json()).toMatchObject({
      error: 'temporarily_unavailable',
      error_codes: [],
      trace_id: response.headers.get('request-id'),
      correlation_id: expect.any(String),
    });
  });
});

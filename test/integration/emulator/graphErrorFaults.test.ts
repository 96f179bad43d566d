// The `graphError` fault kind over real HTTPS: any status, code, message, inner-error chain and
// Retry-After, on plain Graph requests and on `$batch` items, and its validation.
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { GRAPH_FAILURES } from '../../../src/emulator/graph/graphFailures';
import { FAULT_PRESETS } from '../../../src/emulator/officeHost/faultPresets';
import { startTestEmulator, type TestEmulator } from '../../support/testEmulator';

let t: TestEmulator;
let auth: Record<string, string>;
const wb = SEED_WORKBOOKS.presupuesto;
const workbookPath = `/v1.0/drives/${wb.driveId}/items/${wb.itemId}/workbook`;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());
beforeEach(async () => {
  t.emulator.reset();
  auth = { authorization: `Bearer ${await t.graphToken(SEED_USERS.megan.oid)}` };
});

interface Envelope {
  error: {
    code: string;
    message: string;
    innerError: Record<string, unknown> & { innerError?: Record<string, unknown> };
  };
}

describe('graphError faults', () => {
  it('answers the nested GenericFileOpenError chain with the ids and date on the first level', async () => {
    await t.ctl.setFaults({
      rules: [{ route: 'createSession', kind: 'graphError', count: 1, error: GRAPH_FAILURES.genericFileOpen }],
    });
    const response = await t.call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: { ...auth, 'client-request-id': 'abc-123' },
      body: '{"persistChanges":true}',
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as Envelope;
    expect(body).toEqual({
      error: {
        code: 'GenericFileOpenError',
        message: 'The workbook cannot be opened.',
        innerError: {
          code: 'internalServerErrorUncategorized',
          message: 'An unspecified error has occurred.',
          innerError: { code: 'GenericFileOpenError', message: 'The workbook cannot be opened.' },
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
          'request-id': response.headers.get('request-id'),
          'client-request-id': 'abc-123',
        },
      },
    });
    // count: 1 — the next createSession is served.
    expect(
      (
        await t.call(`${workbookPath}/createSession`, {
          method: 'POST',
          headers: auth,
          body: '{"persistChanges":true}',
        })
      ).status,
    ).toBe(201);
  });

  it('answers a 403 without any inner code, and a Retry-After when one is given', async () => {
    await t.ctl.setFaults({
      rules: [
        { route: 'createSession', kind: 'graphError', error: GRAPH_FAILURES.wacAccessToken, retryAfterSeconds: 2.5 },
      ],
    });
    const response = await t.call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: auth,
      body: '{"persistChanges":true}',
    });
    expect([response.status, response.headers.get('retry-after')]).toEqual([403, '2.5']);
    const body = (await response.json()) as Envelope;
    expect(body.error).toMatchObject({ code: 'AccessDenied', message: 'Could not obtain a WAC access token.' });
    expect(Object.keys(body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
  });

  it('defaults the message to the documented one of the status and serves any route', async () => {
    await t.ctl.setFaults({
      rules: [
        {
          route: 'driveItem',
          kind: 'graphError',
          error: { status: 409, code: 'conflict', innerError: [{ code: 'invalidSessionAccessConflict' }] },
        },
      ],
    });
    const response = await t.call(`/v1.0/drives/${wb.driveId}/items/${wb.itemId}`, { headers: auth });
    expect(response.status).toBe(409);
    expect(((await response.json()) as Envelope).error).toMatchObject({
      code: 'conflict',
      message: 'The current state conflicts with what the request expects.',
      innerError: { code: 'invalidSessionAccessConflict' },
    });
  });

  it('becomes the answer of the matching $batch item only, with its own retry-after', async () => {
    const created = await t.call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: auth,
      body: '{"persistChanges":true}',
    });
    const { id } = (await created.json()) as { id: string };
    await t.ctl.setFaults({
      rules: [
        { route: 'refreshSession', kind: 'graphError', error: GRAPH_FAILURES.sessionBadGateway, retryAfterSeconds: 1 },
      ],
    });
    const url = `/drives/${wb.driveId}/items/${wb.itemId}`;
    const response = await t.call('/v1.0/$batch', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: [
          { id: 'r', method: 'POST', url: `${url}/workbook/refreshSession`, headers: { 'workbook-session-id': id } },
          { id: 'c', method: 'POST', url: `${url}/workbook/closeSession`, headers: { 'workbook-session-id': id } },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const { responses } = (await response.json()) as {
      responses: { id: string; status: number; headers: Record<string, string>; body?: Envelope }[];
    };
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['r', 502],
      ['c', 204],
    ]);
    expect(responses[0]?.headers['Retry-After']).toBe('1');
    expect(responses[0]?.body?.error).toMatchObject({ code: 'badGateway' });
    expect(responses[0]?.body?.error.innerError.code).toBeUndefined();
  });

  it.each([
    ['no error object', { route: 'createSession', kind: 'graphError' }, 'rules[0].error is required'],
    [
      'a status below 400',
      { route: 'createSession', kind: 'graphError', error: { status: 302, code: 'found' } },
      'rules[0].error.status',
    ],
    [
      'a code with spaces',
      { route: 'createSession', kind: 'graphError', error: { status: 500, code: 'not a code' } },
      'rules[0].error.code',
    ],
    [
      'an inner chain too deep',
      {
        route: 'createSession',
        kind: 'graphError',
        error: { status: 500, code: 'x', innerError: Array.from({ length: 6 }, () => ({ code: 'y' })) },
      },
      'rules[0].error.innerError',
    ],
    [
      'an unknown inner property',
      {
        route: 'createSession',
        kind: 'graphError',
        error: { status: 500, code: 'x', innerError: [{ code: 'y', status: 1 }] },
      },
      "unknown property 'status'",
    ],
    ['the token route', { route: 'token', kind: 'graphError', error: { status: 500, code: 'x' } }, "not to 'token'"],
    [
      'an error on another kind',
      { route: 'createSession', kind: 'throttle', error: { status: 500, code: 'x' } },
      'applies only to graphError',
    ],
  ])('refuses a rule with %s (400 naming the field)', async (_name, rule, detail) => {
    const answer = await t.ctl.call('POST', '/_emulator/faults', { rules: [rule] });
    expect(answer.status).toBe(400);
    expect((answer.body as Envelope).error.message).toContain(detail);
  });
});

describe('dev host presets', () => {
  it.each(FAULT_PRESETS.map((p) => [p.id, p] as const))(
    '%s is a rule set the control API accepts and that fires',
    async (_id, preset) => {
      const installed = await t.ctl.setFaults(preset.body);
      expect(installed.rules).toHaveLength(preset.body.rules.length);
    },
  );

  it('the no-access preset answers the real 403 shapes on /shares and on workbook calls', async () => {
    const preset = FAULT_PRESETS.find((p) => p.id === 'no-access');
    if (preset === undefined) throw new Error('no-access preset missing');
    await t.ctl.setFaults(preset.body);
    const created = await t.call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: auth,
      body: '{"persistChanges":true}',
    });
    expect(created.status).toBe(403);
    expect(((await created.json()) as Envelope).error).toMatchObject({
      code: 'FileOpenUserUnauthorized',
      innerError: { code: 'unauthorizedUncategorized' },
    });
    const share = `u!${Buffer.from(wb.webUrl).toString('base64url')}`;
    const shares = await t.call(`/v1.0/shares/${share}/driveItem`, { headers: auth });
    expect(shares.status).toBe(403);
    expect(((await shares.json()) as Envelope).error.message).toBe(
      'The sharing link no longer exists, or you do not have permission to access it.',
    );
  });
});

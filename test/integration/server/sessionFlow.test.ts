/**
 * The whole middle tier against a fake Entra token endpoint and fake Graph over HTTPS, with the
 * real msal-node OBO client: open → list → refresh → close, and the error mappings on the way.
 */
import { parseApiErrorEnvelope } from '../../../src/shared/errors';
import { call } from '../../support/httpsCall';
import { TEST_TENANT, type FakeUpstream, type UpstreamRequest } from '../../support/fakeUpstream';
import { startTestServer, type TestServer } from '../../support/testServer';

// Contains the characters Graph session ids carry and that must pass through unencoded.
const GRAPH_SESSION_ID = 'cluster=PSG4&session=15.SG2.A116%2fPB4%2f+Z2j/kuix==';
const DOCUMENT_URL = 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Presupuesto 2027.xlsx';

let stack: TestServer;
/** Moves the middle tier's clock (a slow Graph answer, in tests). */
let clockShiftMs = 0;
let upstream: FakeUpstream;
let base: string;
let auth: { authorization: string };
let graphAnswers: Record<
  string,
  (req: UpstreamRequest) => { status: number; body?: unknown; headers?: Record<string, string> }
>;
let tokenAnswer: () => { status: number; body: unknown };

const graphCalls = (): UpstreamRequest[] => upstream.requests.filter((r) => r.path.startsWith('/v1.0/'));
const tokenCalls = (): UpstreamRequest[] =>
  upstream.requests.filter((r) => r.path.startsWith(`/${TEST_TENANT}/oauth2/v2.0/token`));

beforeAll(async () => {
  stack = await startTestServer({
    server: { sleep: async () => undefined, now: () => Date.now() + clockShiftMs },
    upstreamHandler: () => (req) => {
      if (req.path.startsWith(`/${TEST_TENANT}/oauth2/v2.0/token`)) return tokenAnswer();
      const path = req.path.replace(/^\/v1\.0/, '');
      const key = `${req.method} ${path.startsWith('/shares/') ? '/shares' : path}`;
      const answer = graphAnswers[key]?.(req);
      return answer === undefined
        ? undefined
        : { ...answer, headers: { 'request-id': 'graph-req-1', ...answer.headers } };
    },
  });
  ({ upstream, base } = stack);
  auth = await stack.authorization();
});

afterAll(async () => stack.close());

beforeEach(() => {
  upstream.requests.length = 0;
  tokenAnswer = () => ({
    status: 200,
    body: {
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/Files.ReadWrite',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: 'graph-token-1',
    },
  });
  const item = {
    id: '01ITEM',
    name: 'Presupuesto 2027.xlsx',
    webUrl: DOCUMENT_URL,
    parentReference: { driveId: 'b!drive1', driveType: 'business' },
  };
  graphAnswers = {
    'GET /shares': () => ({ status: 200, body: item }),
    'GET /drives/b!drive1/items/01ITEM': () => ({ status: 200, body: item }),
    'POST /drives/b!drive1/items/01ITEM/workbook/createSession': () => ({
      status: 201,
      body: { id: GRAPH_SESSION_ID, persistChanges: true },
    }),
    'POST /drives/b!drive1/items/01ITEM/workbook/refreshSession': () => ({ status: 204 }),
    'POST /drives/b!drive1/items/01ITEM/workbook/closeSession': () => ({ status: 204 }),
  };
});

async function openSession(): Promise<string> {
  const res = await call(base, 'POST', '/api/sessions', {
    headers: auth,
    json: { documentUrl: DOCUMENT_URL, persistChanges: true },
  });
  expect(res.status).toBe(201);
  return (res.json() as { session: { id: string } }).session.id;
}

describe('session flow against fake Entra + Graph', () => {
  it('opens a session from a document URL, lists it, refreshes it and closes it', async () => {
    const res = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { documentUrl: DOCUMENT_URL, persistChanges: true },
    });
    expect(res.status).toBe(201);
    const { session } = res.json() as { session: Record<string, unknown> & { id: string } };
    expect(session).toEqual(
      expect.objectContaining({
        status: 'open',
        persistChanges: true,
        workbook: { driveId: 'b!drive1', itemId: '01ITEM', name: 'Presupuesto 2027.xlsx', webUrl: DOCUMENT_URL },
      }),
    );
    expect(res.text).not.toContain(GRAPH_SESSION_ID);

    const create = graphCalls().find((r) => r.path.endsWith('/createSession'));
    expect(create?.headers.authorization).toBe('Bearer graph-token-1');
    expect(create?.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(create?.body ?? '')).toEqual({ persistChanges: true });

    const list = await call(base, 'GET', '/api/sessions', { headers: auth });
    expect((list.json() as { sessions: { id: string }[] }).sessions.map((s) => s.id)).toEqual([session.id]);

    const refresh = await call(base, 'POST', `/api/sessions/${session.id}/refresh`, { headers: auth });
    expect(refresh.status).toBe(200);
    expect(graphCalls().find((r) => r.path.endsWith('/refreshSession'))?.headers['workbook-session-id']).toBe(
      GRAPH_SESSION_ID,
    );

    const close = await call(base, 'DELETE', `/api/sessions/${session.id}`, { headers: auth });
    expect(close.status).toBe(200);
    expect(close.json()).toEqual({ id: session.id, outcome: 'closed' });
    expect(graphCalls().find((r) => r.path.endsWith('/closeSession'))?.headers['workbook-session-id']).toBe(
      GRAPH_SESSION_ID,
    );
    expect((await call(base, 'GET', '/api/sessions', { headers: auth })).json()).toEqual({ sessions: [] });
    // One OBO exchange for the whole flow: msal served the rest from its cache (same assertion).
    expect(tokenCalls()).toHaveLength(1);
  });

  it('resolves a document URL through /shares once per user, then from the cache', async () => {
    const url = 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Cached.xlsx';
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(base, 'POST', '/api/sessions', {
        headers: auth,
        json: { documentUrl: url, persistChanges: true },
      });
      expect(res.status).toBe(201);
      ids.push((res.json() as { session: { id: string } }).session.id);
    }
    expect(graphCalls().filter((r) => r.path.startsWith('/v1.0/shares/'))).toHaveLength(1);
    expect(graphCalls().filter((r) => r.path.endsWith('/createSession'))).toHaveLength(3);
    for (const id of ids) await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth });
  });

  it('opens by drive and item ids', async () => {
    const res = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { driveId: 'b!drive1', itemId: '01ITEM', persistChanges: true },
    });
    expect(res.status).toBe(201);
    await call(base, 'DELETE', `/api/sessions/${(res.json() as { session: { id: string } }).session.id}`, {
      headers: auth,
    });
  });

  it('dates a refresh from its request, so a slow Graph answer never makes expiresAt later than Graph', async () => {
    const id = await openSession();
    const requestedAt = Date.now() + clockShiftMs;
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/refreshSession'] = () => {
      clockShiftMs += 40_000;
      return { status: 204 };
    };
    const res = await call(base, 'POST', `/api/sessions/${id}/refresh`, { headers: auth }).finally(() => {
      clockShiftMs = 0;
    });
    expect(res.status).toBe(200);
    const { session } = res.json() as { session: { expiresAt: string } };
    const expiresAt = Date.parse(session.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(requestedAt + 5 * 60_000);
    expect(expiresAt).toBeLessThan(requestedAt + 5 * 60_000 + 20_000);
    expect((await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth })).status).toBe(200);
  });

  it('answers 410 sessionExpired and forgets the row when Graph no longer knows the session on refresh', async () => {
    const id = await openSession();
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/refreshSession'] = () => ({
      status: 404,
      body: { error: { code: 'itemNotFound', message: 'x', innerError: { code: 'invalidSessionReCreatable' } } },
    });
    const res = await call(base, 'POST', `/api/sessions/${id}/refresh`, { headers: auth });
    expect(res.status).toBe(410);
    expect(parseApiErrorEnvelope(res.json())?.error.code).toBe('sessionExpired');
    expect((await call(base, 'GET', '/api/sessions', { headers: auth })).json()).toEqual({ sessions: [] });
  });

  it('reports alreadyGone when Graph no longer knows the session on close', async () => {
    const id = await openSession();
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/closeSession'] = () => ({
      status: 404,
      body: { error: { code: 'itemNotFound', message: 'x', innerError: { code: 'invalidSessionReCreatable' } } },
    });
    const res = await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth });
    expect(res.json()).toEqual({ id, outcome: 'alreadyGone' });
  });

  it('rejects a non-.xlsx file with 422 unsupportedWorkbook and keeps no row', async () => {
    graphAnswers['GET /shares'] = () => ({
      status: 200,
      body: { id: '01X', name: 'old.xls', parentReference: { driveId: 'b!drive1' } },
    });
    const res = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { documentUrl: 'https://contoso.sharepoint.com/old.xls', persistChanges: false },
    });
    expect(res.status).toBe(422);
    expect(parseApiErrorEnvelope(res.json())?.error.code).toBe('unsupportedWorkbook');
  });

  it('deletes the opening row when Graph refuses createSession (403 → workbookAccessDenied)', async () => {
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/createSession'] = () => ({
      status: 403,
      body: {
        error: { code: 'FileOpenUserUnauthorized', message: 'no', innerError: { code: 'unauthorizedUncategorized' } },
      },
    });
    const res = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { documentUrl: DOCUMENT_URL, persistChanges: true },
    });
    expect(res.status).toBe(403);
    expect(parseApiErrorEnvelope(res.json())?.error.code).toBe('workbookAccessDenied');
    expect((await call(base, 'GET', '/api/sessions', { headers: auth })).json()).toEqual({ sessions: [] });
  });

  it('retries a throttled createSession honouring Retry-After, then succeeds', async () => {
    let attempts = 0;
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/createSession'] = () => {
      attempts += 1;
      return attempts <= 2
        ? { status: 429, headers: { 'retry-after': '0.5' }, body: { error: { code: 'TooManyRequests', message: 'x' } } }
        : { status: 201, body: { id: GRAPH_SESSION_ID, persistChanges: true } };
    };
    const id = await openSession();
    await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth });
  });

  it('never repeats createSession after a 504 (Graph may have created it): reports it, and keeps the record until it has certainly expired', async () => {
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/createSession'] = () => ({
      status: 504,
      body: { error: { code: 'gatewayTimeout', message: 'x' } },
    });
    const before = (await call(base, 'GET', '/api/sessions', { headers: auth })).json() as { sessions: unknown[] };
    const res = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { driveId: 'b!drive1', itemId: '01ITEM', persistChanges: true },
    });
    expect(res.status).toBe(503);
    expect(parseApiErrorEnvelope(res.json())?.error).toEqual(
      expect.objectContaining({ code: 'upstreamUnavailable', message: expect.stringMatching(/did not confirm/) }),
    );
    expect(graphCalls().filter((r) => r.path.endsWith('/createSession'))).toHaveLength(1);
    const after = (await call(base, 'GET', '/api/sessions', { headers: auth })).json() as {
      sessions: { id: string; status: string }[];
    };
    expect(after.sessions).toHaveLength(before.sessions.length + 1);
    const record = after.sessions[0];
    expect(record?.status).toBe('opening');
    // The user may dismiss it: nothing to close in Graph (its id was never known).
    expect((await call(base, 'DELETE', `/api/sessions/${record?.id ?? ''}`, { headers: auth })).json()).toEqual({
      id: record?.id,
      outcome: 'alreadyGone',
    });
  });

  it('maps Graph 5xx to 503 upstreamUnavailable', async () => {
    graphAnswers['GET /shares'] = () => ({
      status: 500,
      body: { error: { code: 'internalServerError', message: 'x' } },
    });
    // A URL this user never resolved (resolutions are cached per user).
    const res = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { documentUrl: `${DOCUMENT_URL}.other.xlsx`, persistChanges: true },
    });
    expect(res.status).toBe(503);
    expect(parseApiErrorEnvelope(res.json())?.error.code).toBe('upstreamUnavailable');
  });
  it('recovers transparently when Graph rejects a cached token (401): drops it, exchanges again and retries once', async () => {
    const id = await openSession();
    const exchangesBefore = tokenCalls().length;
    tokenAnswer = () => ({
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: 'https://graph.microsoft.com/Files.ReadWrite',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: 'graph-token-2',
      },
    });
    // Graph no longer accepts the token the middle tier cached when the session was opened.
    const rejectFirstToken = (answer: { status: number }) => (req: UpstreamRequest) =>
      req.headers.authorization === 'Bearer graph-token-1'
        ? {
            status: 401,
            body: {
              error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' },
            },
          }
        : answer;
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/refreshSession'] = rejectFirstToken({ status: 204 });
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/closeSession'] = rejectFirstToken({ status: 204 });

    const refreshed = await call(base, 'POST', `/api/sessions/${id}/refresh`, { headers: auth });
    expect(refreshed.status).toBe(200);
    expect(tokenCalls().length).toBe(exchangesBefore + 1);
    expect(
      graphCalls()
        .filter((r) => r.path.endsWith('/refreshSession'))
        .map((r) => r.headers.authorization),
    ).toEqual(['Bearer graph-token-1', 'Bearer graph-token-2']);
    // The new token is the cached one from now on.
    expect((await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth })).json()).toEqual({
      id,
      outcome: 'closed',
    });
    expect(tokenCalls().length).toBe(exchangesBefore + 1);
  });

  it('reports 502 when Graph rejects the freshly exchanged token too (no third attempt), and keeps the session open', async () => {
    const id = await openSession();
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/closeSession'] = () => ({
      status: 401,
      body: { error: { code: 'InvalidAuthenticationToken', message: 'x' } },
    });
    const exchangesBefore = tokenCalls().length;
    const rejected = await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth });
    expect(rejected.status).toBe(502);
    expect(parseApiErrorEnvelope(rejected.json())?.error.code).toBe('upstreamError');
    // Cached token refused → one new exchange → refused again → reported; no third attempt.
    expect(tokenCalls().length).toBe(exchangesBefore + 1);
    expect(graphCalls().filter((r) => r.path.endsWith('/closeSession'))).toHaveLength(2);
    const { sessions } = (await call(base, 'GET', '/api/sessions', { headers: auth })).json() as {
      sessions: { id: string; status: string }[];
    };
    expect(sessions).toEqual([expect.objectContaining({ id, status: 'open' })]);
  });

  it("answers Graph's claims challenge (continuous access evaluation) with 401 claimsChallenge, no silent retry; the next exchange carries the claims", async () => {
    const id = await openSession();
    const claims = '{"access_token":{"nbf":{"essential":true, "value":"1800000000"}}}';
    const challenge = {
      status: 401,
      body: {
        error: {
          code: 'InvalidAuthenticationToken',
          message:
            'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
        },
      },
      headers: {
        'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`,
      },
    };
    graphAnswers['POST /drives/b!drive1/items/01ITEM/workbook/closeSession'] = (req) =>
      req.headers.authorization === 'Bearer graph-token-cae' ? { status: 204 } : challenge;
    const exchangesBefore = tokenCalls().length;

    const challenged = await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth });
    expect(challenged.status).toBe(401);
    expect(parseApiErrorEnvelope(challenged.json())?.error).toMatchObject({ code: 'claimsChallenge', claims });
    // Only the user can satisfy the claims: no exchange without them, and the session stays open.
    expect(tokenCalls().length).toBe(exchangesBefore);

    tokenAnswer = () => ({
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: 'https://graph.microsoft.com/Files.ReadWrite',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: 'graph-token-cae',
      },
    });
    expect((await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth })).json()).toEqual({
      id,
      outcome: 'closed',
    });
    const sent = new URLSearchParams(tokenCalls().at(-1)?.body ?? '').get('claims');
    expect(JSON.parse(sent ?? '{}')).toMatchObject({
      access_token: { nbf: { essential: true, value: '1800000000' }, xms_cc: { values: ['CP1'] } },
    });
  });
});

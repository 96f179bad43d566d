import { type TokenRequest, type TokenSource } from '../auth/TokenManager';
import { SsoError } from '../office/OfficeHost';
import { errorResponse, jsonResponse, recordingFetch, sessionView } from '../testing/fakeHttp';
import { ApiError } from './ApiError';
import { ServerClock } from './ServerClock';
import { SessionsApiClient } from './SessionsApiClient';

/** Hands out token-1, token-2, … and records what each request asked for. */
function countingTokens(): TokenSource & { requests: TokenRequest[] } {
  const requests: TokenRequest[] = [];
  return {
    requests,
    getToken: (request = {}) => {
      requests.push(request);
      return Promise.resolve(`token-${requests.length}`);
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('SessionsApiClient', () => {
  it('sets the server clock by the Date of every answer, errors included, and ignores a missing one', async () => {
    const deviceMs = Date.parse('2026-03-02T10:06:00.000Z');
    const clock = new ServerClock(() => deviceMs);
    const answers = [
      jsonResponse(200, { sessions: [] }, { Date: 'Mon, 02 Mar 2026 10:00:00 GMT' }),
      jsonResponse(200, { sessions: [] }),
      jsonResponse(200, { sessions: [] }, { Date: 'Mon, 02 Mar 2026 10:09:00 GMT' }),
      jsonResponse(
        503,
        { error: { code: 'upstreamUnavailable', message: 'down' } },
        { Date: 'Mon, 02 Mar 2026 10:09:00 GMT' },
      ),
    ];
    const { fetchFn } = recordingFetch(() => answers.shift() ?? jsonResponse(200, { sessions: [] }));
    const client = new SessionsApiClient(countingTokens(), fetchFn, clock);
    await client.listSessions();
    expect(Math.abs(clock.now() - Date.parse('2026-03-02T10:00:00.500Z'))).toBeLessThanOrEqual(500);
    const afterFirst = clock.offsetMs();
    await client.listSessions();
    expect(clock.offsetMs()).toBe(afterFirst);
    // The middle tier's clock was set 9 minutes forward: the next answer and an error answer say so.
    await client.listSessions();
    expect(clock.offsetMs()).toBe(afterFirst);
    await expect(client.listSessions()).rejects.toBeInstanceOf(ApiError);
    expect(Math.abs(clock.now() - Date.parse('2026-03-02T10:09:00.500Z'))).toBeLessThanOrEqual(500);
  });

  it('GETs /api/sessions with the bearer token and returns the validated sessions', async () => {
    const { fetchFn, requests } = recordingFetch(() => jsonResponse(200, { sessions: [sessionView()] }));
    const client = new SessionsApiClient(countingTokens(), fetchFn);
    await expect(client.listSessions()).resolves.toEqual([sessionView()]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      url: '/api/sessions',
      method: 'GET',
      headers: { Authorization: 'Bearer token-1' },
    });
  });

  it('POSTs documentUrl and persistChanges as JSON and returns the created session', async () => {
    const created = sessionView({ persistChanges: false });
    const { fetchFn, requests } = recordingFetch(() => jsonResponse(201, { session: created }));
    const client = new SessionsApiClient(countingTokens(), fetchFn);
    const url = 'https://contoso.sharepoint.com/sites/finance/Shared Documents/Presupuesto 2027.xlsx';
    await expect(client.openSession({ documentUrl: url, persistChanges: false })).resolves.toEqual(created);
    expect(requests[0]).toMatchObject({
      url: '/api/sessions',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: { documentUrl: url, persistChanges: false },
    });
  });

  it('DELETEs /api/sessions/{id} with the id encoded', async () => {
    const { fetchFn, requests } = recordingFetch(() => jsonResponse(200, { id: 'a/b', outcome: 'alreadyGone' }));
    const client = new SessionsApiClient(countingTokens(), fetchFn);
    await expect(client.closeSession('a/b')).resolves.toEqual({ id: 'a/b', outcome: 'alreadyGone' });
    expect(requests[0]).toMatchObject({ url: '/api/sessions/a%2Fb', method: 'DELETE' });
  });

  it.each(['tokenExpired', 'invalidToken', 'missingToken'] as const)(
    'on 401 %s gets a fresh token and retries once',
    async (code) => {
      let calls = 0;
      const { fetchFn, requests } = recordingFetch(() =>
        ++calls === 1 ? errorResponse(code) : jsonResponse(200, { sessions: [] }),
      );
      const tokens = countingTokens();
      await expect(new SessionsApiClient(tokens, fetchFn).listSessions()).resolves.toEqual([]);
      expect(tokens.requests).toEqual([{}, { forceRefresh: true }]);
      expect(requests.map((r) => r.headers.Authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    },
  );

  it('retries only once: a second tokenExpired becomes an ApiError', async () => {
    const { fetchFn, requests } = recordingFetch(() => errorResponse('tokenExpired'));
    const error = await failureOf(new SessionsApiClient(countingTokens(), fetchFn).listSessions());
    expect(error.code).toBe('tokenExpired');
    expect(error.status).toBe(401);
    expect(requests).toHaveLength(2);
  });

  it('on claimsChallenge asks for a token with authChallenge = claims and retries once', async () => {
    const claims = '{"access_token":{"polids":{"essential":true,"values":["p1"]}}}';
    let calls = 0;
    const { fetchFn } = recordingFetch(() =>
      ++calls === 1 ? errorResponse('claimsChallenge', { claims }) : jsonResponse(200, { sessions: [] }),
    );
    const tokens = countingTokens();
    await expect(new SessionsApiClient(tokens, fetchFn).listSessions()).resolves.toEqual([]);
    expect(tokens.requests).toEqual([{}, { authChallenge: claims }]);
  });

  it('does not retry other errors and keeps code, request id and retry-after', async () => {
    const { fetchFn, requests } = recordingFetch(() => errorResponse('rateLimited', { retryAfterSeconds: 7 }));
    const error = await failureOf(new SessionsApiClient(countingTokens(), fetchFn).listSessions());
    expect(error).toMatchObject({ code: 'rateLimited', status: 429, requestId: 'req-1', retryAfterSeconds: 7 });
    expect(requests).toHaveLength(1);
  });

  it('turns an error status without our envelope into invalidResponse', async () => {
    const { fetchFn } = recordingFetch(() => jsonResponse(502, '<html>Bad gateway</html>'));
    const error = await failureOf(new SessionsApiClient(countingTokens(), fetchFn).listSessions());
    expect(error).toMatchObject({ code: 'invalidResponse', status: 502 });
  });

  it('turns a rejected fetch into networkError', async () => {
    const client = new SessionsApiClient(countingTokens(), () => Promise.reject(new TypeError('Failed to fetch')));
    expect((await failureOf(client.listSessions())).code).toBe('networkError');
  });

  it.each([['javascript:alert(1)'], ['data:text/html,hi'], ['http://contoso.sharepoint.com/a.xlsx'], ['not a url']])(
    'lists a session whose workbook link is %s without the link',
    async (webUrl) => {
      const listed = sessionView();
      const { fetchFn } = recordingFetch(() =>
        jsonResponse(200, { sessions: [{ ...listed, workbook: { ...listed.workbook, webUrl } }] }),
      );
      await expect(new SessionsApiClient(countingTokens(), fetchFn).listSessions()).resolves.toEqual([
        { ...listed, workbook: { ...listed.workbook, webUrl: null } },
      ]);
    },
  );

  it.each([
    ['a body that is not JSON', 'oops'],
    ['no sessions array', { items: [] }],
    ['a session without a workbook', { sessions: [{ ...sessionView(), workbook: undefined }] }],
    ['an unknown status', { sessions: [{ ...sessionView(), status: 'zombie' }] }],
    ['a date that is not a date', { sessions: [{ ...sessionView(), openedAt: 'yesterday' }] }],
    ['persistChanges as a string', { sessions: [{ ...sessionView(), persistChanges: 'true' }] }],
  ])('rejects a 200 list with %s as invalidResponse', async (_label, body) => {
    const { fetchFn } = recordingFetch(() => jsonResponse(200, body));
    expect((await failureOf(new SessionsApiClient(countingTokens(), fetchFn).listSessions())).code).toBe(
      'invalidResponse',
    );
  });

  it('rejects a close answer with an unknown outcome', async () => {
    const { fetchFn } = recordingFetch(() => jsonResponse(200, { id: 'x', outcome: 'maybe' }));
    expect((await failureOf(new SessionsApiClient(countingTokens(), fetchFn).closeSession('x'))).code).toBe(
      'invalidResponse',
    );
  });

  describe('closeSessions', () => {
    const ids = ['a/1', 'b-2', 'c-3'];
    const failed = {
      id: 'c-3',
      outcome: 'failed',
      error: { code: 'upstreamUnavailable', message: 'throttled', retryAfterSeconds: 4 },
    };
    const valid = { results: [{ id: 'a/1', outcome: 'closed' }, { id: 'b-2', outcome: 'alreadyGone' }, failed] };

    it('POSTs all ids to /api/sessions/close in one request and returns the validated results', async () => {
      const { fetchFn, requests } = recordingFetch(() => jsonResponse(200, valid));
      await expect(new SessionsApiClient(countingTokens(), fetchFn).closeSessions(ids)).resolves.toEqual(valid.results);
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({
        url: '/api/sessions/close',
        method: 'POST',
        headers: { Authorization: 'Bearer token-1', 'Content-Type': 'application/json' },
        body: { ids },
      });
    });

    it('gets a fresh token and retries once when the token is refused', async () => {
      let calls = 0;
      const { fetchFn, requests } = recordingFetch(() =>
        ++calls === 1 ? errorResponse('tokenExpired') : jsonResponse(200, valid),
      );
      const tokens = countingTokens();
      await expect(new SessionsApiClient(tokens, fetchFn).closeSessions(ids)).resolves.toEqual(valid.results);
      expect(tokens.requests).toEqual([{}, { forceRefresh: true }]);
      expect(requests.map((r) => r.body)).toEqual([{ ids }, { ids }]);
    });

    it.each([
      ['an id left out', { results: valid.results.slice(0, 2) }],
      ['an id answered twice', { results: [valid.results[0], valid.results[0], failed] }],
      ['an id nobody asked about', { results: [valid.results[0], valid.results[1], { ...failed, id: 'zzz' }] }],
      ['the answers out of order', { results: [valid.results[1], valid.results[0], failed] }],
      ['an unknown outcome', { results: [valid.results[0], { id: 'b-2', outcome: 'maybe' }, failed] }],
      [
        'a failure without an error',
        { results: [valid.results[0], valid.results[1], { id: 'c-3', outcome: 'failed' }] },
      ],
      [
        'an error code outside the contract',
        { results: [valid.results[0], valid.results[1], { ...failed, error: { code: 'oops', message: 'x' } }] },
      ],
      [
        'a negative retry-after',
        {
          results: [
            valid.results[0],
            valid.results[1],
            { ...failed, error: { ...failed.error, retryAfterSeconds: -1 } },
          ],
        },
      ],
      ['no results array', { closed: ids }],
    ])('rejects an answer with %s as invalidResponse', async (_label, body) => {
      const { fetchFn } = recordingFetch(() => jsonResponse(200, body));
      const error = await failureOf(new SessionsApiClient(countingTokens(), fetchFn).closeSessions(ids));
      expect(error).toMatchObject({ code: 'invalidResponse', status: 200 });
    });

    it.each([
      ['no ids', []],
      ['the same id twice', ['a', 'a']],
      ['more ids than one request may carry', Array.from({ length: 201 }, (_, i) => `id-${i}`)],
    ])('refuses %s without calling the API', async (_label, badIds) => {
      const { fetchFn, requests } = recordingFetch(() => jsonResponse(200, { results: [] }));
      await expect(new SessionsApiClient(countingTokens(), fetchFn).closeSessions(badIds)).rejects.toBeInstanceOf(
        RangeError,
      );
      expect(requests).toHaveLength(0);
    });
  });

  it('lets an SsoError from the token source through without calling the API', async () => {
    const { fetchFn, requests } = recordingFetch(() => jsonResponse(200, { sessions: [] }));
    const tokens: TokenSource = { getToken: () => Promise.reject(new SsoError(13001, 'not signed in')) };
    await expect(new SessionsApiClient(tokens, fetchFn).listSessions()).rejects.toMatchObject({
      name: 'SsoError',
      code: 13001,
    });
    expect(requests).toHaveLength(0);
  });
});

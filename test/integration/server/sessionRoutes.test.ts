import { API_LIMITS } from '../../../src/shared/api';
import { parseApiErrorEnvelope } from '../../../src/shared/errors';
import { call } from '../../support/httpsCall';
import { startTestServer, type TestServer } from '../../support/testServer';

let stack: TestServer;
let auth: { authorization: string };
let base: string;

beforeAll(async () => {
  stack = await startTestServer();
  base = stack.base;
  auth = await stack.authorization();
});

afterAll(async () => stack.close());

function envelope(body: string): ReturnType<typeof parseApiErrorEnvelope> {
  return parseApiErrorEnvelope(JSON.parse(body));
}

describe('sessions API input validation (over HTTPS)', () => {
  it('answers 401 missingToken without a bearer token, with request-id and security headers', async () => {
    const res = await call(base, 'GET', '/api/sessions');
    expect(res.status).toBe(401);
    const env = envelope(res.text);
    expect(env?.error.code).toBe('missingToken');
    expect(env?.error.requestId).toBe(res.headers['request-id']);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 401 invalidToken for a garbage token', async () => {
    const res = await call(base, 'GET', '/api/sessions', { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(res.status).toBe(401);
    expect(envelope(res.text)?.error.code).toBe('invalidToken');
  });

  it('lists no sessions for a new user', async () => {
    const res = await call(base, 'GET', '/api/sessions', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ sessions: [] });
  });

  it.each([
    [
      'an unknown property',
      { documentUrl: 'https://contoso.sharepoint.com/a.xlsx', persistChanges: true, extra: 1 },
      '/body',
    ],
    [
      'a non-boolean persistChanges',
      { documentUrl: 'https://contoso.sharepoint.com/a.xlsx', persistChanges: 'true' },
      '/body',
    ],
    ['an http document URL', { documentUrl: 'http://contoso.sharepoint.com/a.xlsx', persistChanges: true }, '/body'],
    [
      'a too long document URL',
      {
        documentUrl: `https://contoso.sharepoint.com/${'a'.repeat(API_LIMITS.maxDocumentUrlLength)}.xlsx`,
        persistChanges: true,
      },
      '/body',
    ],
    [
      'ids and a URL together',
      { documentUrl: 'https://contoso.sharepoint.com/a.xlsx', driveId: 'b!x', itemId: '01X', persistChanges: true },
      '/body',
    ],
    [
      'a too long drive id',
      { driveId: 'd'.repeat(API_LIMITS.maxGraphIdLength + 1), itemId: '01X', persistChanges: true },
      '/body',
    ],
    ['a missing persistChanges', { driveId: 'b!x', itemId: '01X' }, '/body'],
  ])('rejects a create body with %s as 400 invalidRequest', async (_name, body, targetPrefix) => {
    const res = await call(base, 'POST', '/api/sessions', { headers: auth, json: body });
    expect(res.status).toBe(400);
    const env = envelope(res.text);
    expect(env?.error.code).toBe('invalidRequest');
    expect(env?.error.target?.startsWith(targetPrefix)).toBe(true);
  });

  it('rejects a missing body and malformed JSON as 400', async () => {
    const empty = await call(base, 'POST', '/api/sessions', { headers: auth });
    expect(empty.status).toBe(400);
    const bad = await call(base, 'POST', '/api/sessions', {
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"persistChanges":',
    });
    expect(bad.status).toBe(400);
    expect(envelope(bad.text)?.error.code).toBe('invalidRequest');
  });

  it('answers 413 payloadTooLarge over the body limit', async () => {
    const payload = JSON.stringify({
      documentUrl: `https://x/${'a'.repeat(API_LIMITS.maxBodyBytes)}`,
      persistChanges: true,
    });
    const res = await call(base, 'POST', '/api/sessions', {
      headers: { ...auth, 'content-type': 'application/json' },
      body: payload,
    });
    expect(res.status).toBe(413);
    expect(envelope(res.text)?.error.code).toBe('payloadTooLarge');
  });

  it('answers 415 unsupportedMediaType for a non-JSON body', async () => {
    const res = await call(base, 'POST', '/api/sessions', {
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'persistChanges=true',
    });
    expect(res.status).toBe(415);
    expect(envelope(res.text)?.error.code).toBe('unsupportedMediaType');
  });

  it('answers 400 for a session id that is not a UUID', async () => {
    const refresh = await call(base, 'POST', '/api/sessions/not-a-uuid/refresh', { headers: auth });
    expect(refresh.status).toBe(400);
    expect(envelope(refresh.text)?.error.target).toBe('/params/id');
    const del = await call(base, 'DELETE', '/api/sessions/42', { headers: auth });
    expect(del.status).toBe(400);
  });

  it('answers 404 sessionNotFound for an unknown id (refresh with an empty JSON body too)', async () => {
    const id = '3f2b8c1e-0d4a-4b6c-9e7f-112233445566';
    const refresh = await call(base, 'POST', `/api/sessions/${id}/refresh`, {
      headers: { ...auth, 'content-type': 'application/json' },
      body: '',
    });
    expect(refresh.status).toBe(404);
    expect(envelope(refresh.text)?.error.code).toBe('sessionNotFound');
    const del = await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth });
    expect(envelope(del.text)?.error.code).toBe('sessionNotFound');
  });

  it('answers 404 routeNotFound for unknown /api routes and 405 with Allow for wrong methods', async () => {
    const unknown = await call(base, 'GET', '/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(envelope(unknown.text)?.error.code).toBe('routeNotFound');
    const wrong = await call(base, 'PUT', '/api/sessions');
    expect(wrong.status).toBe(405);
    expect(envelope(wrong.text)?.error.code).toBe('methodNotAllowed');
    expect(wrong.headers.allow).toBe('GET, POST, HEAD');
    const getOne = await call(base, 'GET', '/api/sessions/3f2b8c1e-0d4a-4b6c-9e7f-112233445566');
    expect(getOne.status).toBe(405);
    expect(getOne.headers.allow).toBe('DELETE');
    // A cross-origin preflight gets the same answer: no CORS headers, so the browser refuses.
    const options = await call(base, 'OPTIONS', '/api/sessions', {
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(options.status).toBe(405);
    expect(envelope(options.text)?.error.code).toBe('methodNotAllowed');
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
    const unknownOptions = await call(base, 'OPTIONS', '/api/nothing-here');
    expect(envelope(unknownOptions.text)?.error.code).toBe('routeNotFound');
  });

  it('answers 404 routeNotFound for a missing static file, with the security headers', async () => {
    const res = await call(base, 'GET', '/nothing.js');
    expect(res.status).toBe(404);
    expect(envelope(res.text)?.error.code).toBe('routeNotFound');
    expect(res.headers['request-id']).toBeDefined();
  });
});

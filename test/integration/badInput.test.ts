/**
 * The bad-input proof: hundreds of malformed requests against the real stack (middle tier +
 * emulator over HTTPS), generated from tables. Every one must be answered with a 4xx and the
 * shared envelope (whose requestId matches the `request-id` header), none may reach Graph or the
 * token endpoint, and the server must still serve a valid request afterwards.
 *
 * Tokens with valid signatures but wrong claims are minted by the emulator's
 * `POST /_emulator/tokens`; the HS256-with-the-public-key forgery is built here from the
 * emulator's published JWKS. Requests an HTTP client will not send (CR/LF inside header values,
 * duplicate headers, oversized header blocks) go over raw TLS sockets. The token tables are
 * here; the tables of bodies, ids, queries, routes and headers are in badInputCases.ts.
 */
import { createPublicKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { API_ERROR_STATUS, parseApiErrorEnvelope, type ApiErrorCode } from '../../src/shared/errors';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { emulatorState, mintTestToken, ssoTokenFor, type TestTokenRequest } from '../support/emulatorControl';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';
import { sendRaw } from '../support/rawHttps';
import {
  requestCases,
  SOME_ID,
  VALID_AUTHORIZATION,
  VALID_CREATE,
  type Answer,
  type BadInputClient,
  type Case,
  type SendInit,
} from './badInputCases';

const MEGAN = SEED_USERS.megan.oid;

let stack: LocalStack;
let valid = '';
const tokens = new Map<string, string>();

async function send(method: string, path: string, init: SendInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  const authorization = init.authorization === undefined ? `Bearer ${valid}` : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const res = await request(`${stack.addinUrl}${path}`, {
    method: method as 'GET',
    headers,
    body: init.body,
    dispatcher: stack.dispatcher,
  });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: res.statusCode, headers: flat, text };
}

const client: BadInputClient = {
  send,
  json: (method, path, body, authorization) => () =>
    send(method, path, { authorization, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  text:
    (method, path, body, contentType = 'application/json') =>
    () =>
      send(method, path, { headers: contentType === null ? {} : { 'content-type': contentType }, body }),
  raw:
    (lines, body = '') =>
    async () => {
      const withToken = lines.map((line) => (line === VALID_AUTHORIZATION ? `Authorization: Bearer ${valid}` : line));
      const head = [...withToken, 'Host: localhost', 'Connection: close'].join('\r\n');
      const answer = await sendRaw(stack.addinUrl, stack.caCertPem, `${head}\r\n\r\n${body}`);
      return { status: answer.status, headers: answer.headers, text: answer.body };
    },
};

const ROUTES: { name: string; method: string; path: string; body?: unknown }[] = [
  { name: 'list', method: 'GET', path: '/api/sessions' },
  { name: 'create', method: 'POST', path: '/api/sessions', body: VALID_CREATE },
  { name: 'refresh', method: 'POST', path: `/api/sessions/${SOME_ID}/refresh` },
  { name: 'close', method: 'DELETE', path: `/api/sessions/${SOME_ID}` },
  { name: 'close many', method: 'POST', path: '/api/sessions/close', body: { ids: [SOME_ID] } },
];

/** Emulator-minted tokens: valid signatures (unless stated), wrong in one way each. */
const MINTED: { name: string; spec: Omit<TestTokenRequest, 'userOid'>; code: ApiErrorCode }[] = [
  { name: 'expired', spec: { audience: 'addin', lifetimeSeconds: -3600 }, code: 'tokenExpired' },
  { name: 'not yet valid', spec: { audience: 'addin', notBeforeSeconds: 3600 }, code: 'invalidToken' },
  { name: 'signed by an unknown key', spec: { audience: 'addin', signing: 'unknownKey' }, code: 'invalidToken' },
  { name: 'alg none', spec: { audience: 'addin', signing: 'none' }, code: 'invalidToken' },
  {
    name: 'wrong audience (another app)',
    spec: { audience: 'addin', audienceValue: '0badc0de-0000-4000-8000-000000000000' },
    code: 'invalidToken',
  },
  {
    name: 'wrong audience (api:// of another host)',
    spec: { audience: 'addin', audienceValue: `api://evil.example/${LOCAL_MODE.clientId}` },
    code: 'invalidToken',
  },
  { name: 'a Graph token', spec: { audience: 'graph', scopes: ['Files.ReadWrite'] }, code: 'invalidToken' },
  {
    name: 'wrong issuer (real Entra)',
    spec: { audience: 'addin', issuer: `https://login.microsoftonline.com/${LOCAL_MODE.tenantId}/v2.0` },
    code: 'invalidToken',
  },
  {
    name: 'wrong issuer (v1 sts)',
    spec: { audience: 'addin', issuer: `https://sts.windows.net/${LOCAL_MODE.tenantId}/` },
    code: 'invalidToken',
  },
  {
    name: 'wrong issuer (another host)',
    spec: { audience: 'addin', issuer: `https://evil.example/${LOCAL_MODE.tenantId}/v2.0` },
    code: 'invalidToken',
  },
  {
    name: 'a tenant the deployment does not serve',
    spec: { audience: 'addin', tenantId: '0badc0de-1111-4222-8333-444444444444' },
    code: 'tenantNotAllowed',
  },
  { name: 'missing scope', spec: { audience: 'addin', scopes: [] }, code: 'invalidToken' },
  { name: 'another scope only', spec: { audience: 'addin', scopes: ['Files.Read'] }, code: 'invalidToken' },
  { name: 'scope in the wrong case', spec: { audience: 'addin', scopes: ['ACCESS_AS_USER'] }, code: 'invalidToken' },
];

function tamperedPayload(token: string): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims.oid = SEED_USERS.ana.oid;
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

/** Authorization header values built from `valid` (evaluated lazily, after beforeAll). */
const MALFORMED_AUTH: { name: string; value: () => string | null; code: ApiErrorCode }[] = [
  { name: 'no Authorization header', value: () => null, code: 'missingToken' },
  { name: 'empty Authorization header', value: () => '', code: 'missingToken' },
  {
    name: 'Basic scheme',
    value: () => `Basic ${Buffer.from('megan:password').toString('base64')}`,
    code: 'invalidToken',
  },
  { name: 'Negotiate scheme with the token', value: () => `Negotiate ${valid}`, code: 'invalidToken' },
  { name: 'token without a scheme', value: () => valid, code: 'invalidToken' },
  { name: 'scheme without a token', value: () => 'Bearer', code: 'invalidToken' },
  { name: 'two tokens', value: () => `Bearer ${valid} ${valid}`, code: 'invalidToken' },
  { name: 'garbage', value: () => 'Bearer not-a-jwt', code: 'invalidToken' },
  { name: 'two segments', value: () => 'Bearer a.b', code: 'invalidToken' },
  { name: 'empty segments', value: () => 'Bearer ..', code: 'invalidToken' },
  {
    name: 'base64 junk segments',
    value: () => `Bearer ${Buffer.from('{"alg":"RS256"').toString('base64url')}.e30.e30`,
    code: 'invalidToken',
  },
  { name: 'truncated signature', value: () => `Bearer ${valid.slice(0, -12)}`, code: 'invalidToken' },
  { name: 'signature removed', value: () => `Bearer ${valid.split('.').slice(0, 2).join('.')}.`, code: 'invalidToken' },
  { name: 'payload tampered (other user)', value: () => `Bearer ${tamperedPayload(valid)}`, code: 'invalidToken' },
  {
    name: 'token longer than any Entra token',
    value: () => `Bearer ${valid}${'A'.repeat(12_000)}`,
    code: 'invalidToken',
  },
  {
    name: 'HS256 signed with the public key as secret',
    value: () => `Bearer ${tokens.get('hs256') ?? ''}`,
    code: 'invalidToken',
  },
  ...MINTED.map((m) => ({ name: m.name, value: () => `Bearer ${tokens.get(m.name) ?? ''}`, code: m.code })),
];

const tokenCases: Case[] = ROUTES.flatMap((route) =>
  MALFORMED_AUTH.map((auth) => ({
    name: `token: ${auth.name} → ${route.name}`,
    expected: { status: API_ERROR_STATUS[auth.code], code: auth.code },
    send: () =>
      send(route.method, route.path, {
        authorization: auth.value(),
        ...(route.body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(route.body) }),
      }),
  })),
);

const CASES: Case[] = [...tokenCases, ...requestCases(client)];

// ---------------------------------------------------------------------------------------------

interface UpstreamCounts {
  graph: number;
  token: number;
}

async function upstreamCounts(): Promise<UpstreamCounts> {
  const { requests } = await emulatorState(stack);
  return {
    graph: requests.filter((r) => r.path.startsWith('/v1.0')).length,
    token: requests.filter((r) => r.path.includes('/oauth2/v2.0/token')).length,
  };
}

let before: UpstreamCounts;

beforeAll(async () => {
  // Limits off: this suite is about validation, and it sends hundreds of requests from one address.
  stack = await startLocalStack({
    serverEnv: { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '0' },
  });
  valid = await ssoTokenFor(stack, MEGAN);
  await Promise.all(
    MINTED.map(async (m) => {
      tokens.set(m.name, await mintTestToken(stack, { userOid: MEGAN, ...m.spec }));
    }),
  );
  // The HS256 "key confusion" forgery: the published RSA public key (PEM) used as an HMAC secret.
  const jwks = await httpsJson(stack, `${stack.emulator.origins.entra}/${LOCAL_MODE.tenantId}/discovery/v2.0/keys`);
  const jwk = (jwks.body as { keys: { kid: string; n: string; e: string; kty: string }[] }).keys[0];
  if (jwk === undefined) throw new Error('the emulator publishes no key');
  const pem = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' }).export({
    type: 'spki',
    format: 'pem',
  });
  const claims = JSON.parse(Buffer.from(valid.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  tokens.set(
    'hs256',
    await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: jwk.kid, typ: 'JWT' })
      .sign(new TextEncoder().encode(String(pem))),
  );

  // The valid token works (so each case fails for its one defect), and Graph is quiet before.
  const ok = await send('GET', '/api/sessions');
  if (ok.status !== 200) throw new Error(`a valid request failed: ${ok.status} ${ok.text}`);
  before = await upstreamCounts();
}, 30_000);

afterAll(async () => stack?.close());

describe('bad input is refused with a 4xx envelope and never reaches Graph', () => {
  it('has at least 200 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const answer = await c.send();
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new Error(`not JSON (${answer.status}): ${answer.text.slice(0, 200)}`);
    }
    const envelope = parseApiErrorEnvelope(body);
    expect(envelope).toBeDefined();
    expect(envelope?.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['request-id']).toBe(envelope?.error.requestId);
    expect(answer.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    if (c.expected.status !== undefined) expect(answer.status).toBe(c.expected.status);
    if (c.expected.code !== undefined) expect(envelope?.error.code).toBe(c.expected.code);
  });

  it('sent nothing to Graph or the token endpoint, and still serves a valid request', async () => {
    expect(await upstreamCounts()).toEqual(before);
    const created = await send('POST', '/api/sessions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(VALID_CREATE),
    });
    expect(created.status).toBe(201);
    const list = await send('GET', '/api/sessions');
    expect(list.status).toBe(200);
    expect((JSON.parse(list.text) as { sessions: unknown[] }).sessions).toHaveLength(1);
  });
});

/**
 * The bad-input proof: hundreds of malformed requests against the real stack (middle tier +
 * emulator over HTTPS), generated from tables. Every one must be answered with a 4xx and the
 * shared envelope (whose requestId matches the `request-id` header), none may reach Graph or the
 * token endpoint, and the server must still serve a valid request afterwards.
 *
 * Tokens with valid signatures but wrong claims are minted by the emulator's
 * `POST /_emulator/tokens`; the HS256-with-the-public-key forgery is built here from the
 * emulator's published JWKS. Requests an HTTP client will not send (CR/LF inside header values,
 * duplicate headers, oversized header blocks) go over raw TLS sockets.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { API_LIMITS } from '../../src/shared/api';
import { parseApiErrorEnvelope, type ApiErrorCode } from '../../src/shared/errors';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { emulatorState, mintTestToken, ssoTokenFor, type TestTokenRequest } from '../helpers/emulatorControl';
import { httpsJson, startLocalStack, type LocalStack } from '../helpers/localStack';
import { sendRaw } from '../helpers/rawHttps';

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

interface Expectation {
  status?: number;
  code?: ApiErrorCode;
}

interface Case {
  name: string;
  send: () => Promise<Answer>;
  expected: Expectation;
}

const MEGAN = SEED_USERS.megan.oid;
const SOME_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const DOCUMENT_URL = SEED_WORKBOOKS.forecast.webUrl;
const VALID_CREATE = { documentUrl: encodeURI(DOCUMENT_URL), persistChanges: true };

let stack: LocalStack;
let valid = '';
const tokens = new Map<string, string>();

async function send(method: string, path: string, init: { authorization?: string | null; headers?: Record<string, string>; body?: string | Buffer | Readable } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  const authorization = init.authorization === undefined ? `Bearer ${valid}` : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const res = await request(`${stack.addinUrl}${path}`, { method: method as 'GET', headers, body: init.body, dispatcher: stack.dispatcher });
  const text = await res.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: res.statusCode, headers: flat, text };
}

const json = (method: string, path: string, body: unknown, authorization?: string | null): (() => Promise<Answer>) => () =>
  send(method, path, { authorization, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** `contentType` null: send no Content-Type at all. */
const text = (method: string, path: string, body: string | Buffer, contentType: string | null = 'application/json'): (() => Promise<Answer>) => () =>
  send(method, path, { headers: contentType === null ? {} : { 'content-type': contentType }, body });

/** A raw request over TLS with a valid token unless the lines say otherwise. */
const raw = (lines: string[], body = ''): (() => Promise<Answer>) => async () => {
  const head = [...lines, `Host: localhost`, 'Connection: close'].join('\r\n');
  const answer = await sendRaw(stack.addinUrl, stack.caCertPem, `${head}\r\n\r\n${body}`);
  return { status: answer.status, headers: answer.headers, text: answer.body };
};

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

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
  { name: 'wrong audience (another app)', spec: { audience: 'addin', audienceValue: '0badc0de-0000-4000-8000-000000000000' }, code: 'invalidToken' },
  { name: 'wrong audience (api:// of another host)', spec: { audience: 'addin', audienceValue: `api://evil.example/${LOCAL_MODE.clientId}` }, code: 'invalidToken' },
  { name: 'a Graph token', spec: { audience: 'graph', scopes: ['Files.ReadWrite'] }, code: 'invalidToken' },
  { name: 'wrong issuer (real Entra)', spec: { audience: 'addin', issuer: `https://login.microsoftonline.com/${LOCAL_MODE.tenantId}/v2.0` }, code: 'invalidToken' },
  { name: 'wrong issuer (v1 sts)', spec: { audience: 'addin', issuer: `https://sts.windows.net/${LOCAL_MODE.tenantId}/` }, code: 'invalidToken' },
  { name: 'wrong issuer (another host)', spec: { audience: 'addin', issuer: `https://evil.example/${LOCAL_MODE.tenantId}/v2.0` }, code: 'invalidToken' },
  { name: 'wrong tenant', spec: { audience: 'addin', tenantId: '0badc0de-1111-4222-8333-444444444444' }, code: 'invalidToken' },
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
  { name: 'Basic scheme', value: () => `Basic ${Buffer.from('megan:password').toString('base64')}`, code: 'invalidToken' },
  { name: 'Negotiate scheme with the token', value: () => `Negotiate ${valid}`, code: 'invalidToken' },
  { name: 'token without a scheme', value: () => valid, code: 'invalidToken' },
  { name: 'scheme without a token', value: () => 'Bearer', code: 'invalidToken' },
  { name: 'two tokens', value: () => `Bearer ${valid} ${valid}`, code: 'invalidToken' },
  { name: 'garbage', value: () => 'Bearer not-a-jwt', code: 'invalidToken' },
  { name: 'two segments', value: () => 'Bearer a.b', code: 'invalidToken' },
  { name: 'empty segments', value: () => 'Bearer ..', code: 'invalidToken' },
  { name: 'base64 junk segments', value: () => `Bearer ${Buffer.from('{"alg":"RS256"').toString('base64url')}.e30.e30`, code: 'invalidToken' },
  { name: 'truncated signature', value: () => `Bearer ${valid.slice(0, -12)}`, code: 'invalidToken' },
  { name: 'signature removed', value: () => `Bearer ${valid.split('.').slice(0, 2).join('.')}.`, code: 'invalidToken' },
  { name: 'payload tampered (other user)', value: () => `Bearer ${tamperedPayload(valid)}`, code: 'invalidToken' },
  { name: 'token longer than any Entra token', value: () => `Bearer ${valid}${'A'.repeat(12_000)}`, code: 'invalidToken' },
  { name: 'HS256 signed with the public key as secret', value: () => `Bearer ${tokens.get('hs256') ?? ''}`, code: 'invalidToken' },
  ...MINTED.map((m) => ({ name: m.name, value: () => `Bearer ${tokens.get(m.name) ?? ''}`, code: m.code })),
];

const tokenCases: Case[] = ROUTES.flatMap((route) =>
  MALFORMED_AUTH.map((auth) => ({
    name: `token: ${auth.name} → ${route.name}`,
    expected: { status: 401, code: auth.code },
    send: () =>
      send(route.method, route.path, {
        authorization: auth.value(),
        ...(route.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(route.body) }),
      }),
  })),
);

const invalid: Expectation = { status: 400, code: 'invalidRequest' };
const deepObject = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
const deepArray = `${'['.repeat(7000)}${']'.repeat(7000)}`;

const createBodies: [string, unknown][] = [
  ['empty object', {}],
  ['an array', [VALID_CREATE]],
  ['a string', 'https://contoso.sharepoint.com/a.xlsx'],
  ['a number', 42],
  ['null', null],
  ['persistChanges as a string', { ...VALID_CREATE, persistChanges: 'true' }],
  ['persistChanges as a number', { ...VALID_CREATE, persistChanges: 1 }],
  ['persistChanges null', { ...VALID_CREATE, persistChanges: null }],
  ['persistChanges missing', { documentUrl: VALID_CREATE.documentUrl }],
  ['documentUrl as a number', { ...VALID_CREATE, documentUrl: 7 }],
  ['documentUrl as an array', { ...VALID_CREATE, documentUrl: [VALID_CREATE.documentUrl] }],
  ['documentUrl as an object', { ...VALID_CREATE, documentUrl: { href: VALID_CREATE.documentUrl } }],
  ['documentUrl empty', { ...VALID_CREATE, documentUrl: '' }],
  ['documentUrl over http', { ...VALID_CREATE, documentUrl: 'http://contoso.sharepoint.com/a.xlsx' }],
  ['documentUrl javascript:', { ...VALID_CREATE, documentUrl: 'javascript:alert(1)' }],
  ['documentUrl file:', { ...VALID_CREATE, documentUrl: 'file:///etc/passwd' }],
  ['documentUrl with credentials', { ...VALID_CREATE, documentUrl: 'https://user:pass@contoso.sharepoint.com/a.xlsx' }],
  ['documentUrl over the length limit', { ...VALID_CREATE, documentUrl: `https://contoso.sharepoint.com/${'a'.repeat(API_LIMITS.maxDocumentUrlLength)}.xlsx` }],
  ['documentUrl with CR/LF', { ...VALID_CREATE, documentUrl: 'https://contoso.sharepoint.com/a.xlsx\r\nX-Injected: 1' }],
  ['documentUrl with NUL', { ...VALID_CREATE, documentUrl: 'https://contoso.sharepoint.com/a\u0000.xlsx' }],
  ['an unknown field', { ...VALID_CREATE, extra: true }],
  ['an unknown nested field', { ...VALID_CREATE, options: { persist: true } }],
  ['url and ids together', { ...VALID_CREATE, driveId: 'b!drive', itemId: '01ITEM' }],
  ['ids without itemId', { driveId: 'b!drive', persistChanges: true }],
  ['driveId with a slash', { driveId: 'b!drive/../other', itemId: '01ITEM', persistChanges: true }],
  ['driveId ".."', { driveId: '..', itemId: '01ITEM', persistChanges: true }],
  ['itemId "."', { driveId: 'b!drive', itemId: '.', persistChanges: true }],
  ['itemId with a query', { driveId: 'b!drive', itemId: '01ITEM?$select=id', persistChanges: true }],
  ['itemId with percent-encoding', { driveId: 'b!drive', itemId: '%2e%2e', persistChanges: true }],
  ['itemId with a backslash', { driveId: 'b!drive', itemId: '..\\..\\x', persistChanges: true }],
  ['itemId with CR/LF', { driveId: 'b!drive', itemId: '01ITEM\r\nX-Injected: 1', persistChanges: true }],
  ['itemId with a control character', { driveId: 'b!drive', itemId: '01\u0001ITEM', persistChanges: true }],
  ['itemId with unicode', { driveId: 'b!drive', itemId: '01ÍTEM', persistChanges: true }],
  ['itemId with an RTL override', { driveId: 'b!drive', itemId: '01\u202eMETI', persistChanges: true }],
  ['driveId empty', { driveId: '', itemId: '01ITEM', persistChanges: true }],
  ['driveId over the length limit', { driveId: 'b'.repeat(API_LIMITS.maxGraphIdLength + 1), itemId: '01ITEM', persistChanges: true }],
  ['ids as numbers', { driveId: 1, itemId: 2, persistChanges: true }],
];

const closeManyBodies: [string, unknown][] = [
  ['empty object', {}],
  ['ids missing, other field', { sessions: [SOME_ID] }],
  ['ids as a string', { ids: SOME_ID }],
  ['ids empty', { ids: [] }],
  ['201 ids', { ids: Array.from({ length: 201 }, () => randomUUID()) }],
  ['duplicate ids', { ids: [SOME_ID, SOME_ID] }],
  ['a non-UUID id', { ids: ['not-a-uuid'] }],
  ['a numeric id', { ids: [7] }],
  ['a null id', { ids: [null] }],
  ['a nested array', { ids: [[SOME_ID]] }],
  ['an oversized id', { ids: ['a'.repeat(5000)] }],
  ['a traversal id', { ids: ['../../etc/passwd'] }],
  ['an unknown field beside ids', { ids: [SOME_ID], force: true }],
  ['ids null', { ids: null }],
];

const bodyCases: Case[] = [
  ...createBodies.map(([name, body]): Case => ({ name: `create body: ${name}`, expected: invalid, send: json('POST', '/api/sessions', body) })),
  ...closeManyBodies.map(([name, body]): Case => ({ name: `close-many body: ${name}`, expected: invalid, send: json('POST', '/api/sessions/close', body) })),
  { name: 'create body: deeply nested object', expected: invalid, send: text('POST', '/api/sessions', deepObject) },
  { name: 'create body: deeply nested array', expected: invalid, send: text('POST', '/api/sessions', deepArray) },
  { name: 'create body: just over the size limit', expected: { status: 413, code: 'payloadTooLarge' }, send: json('POST', '/api/sessions', { ...VALID_CREATE, pad: 'x'.repeat(API_LIMITS.maxBodyBytes) }) },
  { name: 'create body: 1 MB', expected: { status: 413, code: 'payloadTooLarge' }, send: text('POST', '/api/sessions', 'x'.repeat(1024 * 1024)) },
  {
    name: 'create body: chunked, no length, over the limit',
    expected: { status: 413, code: 'payloadTooLarge' },
    send: () => send('POST', '/api/sessions', { headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.alloc(API_LIMITS.maxBodyBytes, 0x20), Buffer.from('{}')]) }),
  },
  { name: 'close-many body: over the size limit', expected: { status: 413, code: 'payloadTooLarge' }, send: json('POST', '/api/sessions/close', { ids: Array.from({ length: 500 }, () => randomUUID()) }) },
  { name: 'create body: not JSON', expected: invalid, send: text('POST', '/api/sessions', '{') },
  { name: 'create body: single quotes', expected: invalid, send: text('POST', '/api/sessions', "{'documentUrl': 'x'}") },
  { name: 'create body: trailing comma', expected: invalid, send: text('POST', '/api/sessions', '{"persistChanges": true,}') },
  { name: 'create body: NaN', expected: invalid, send: text('POST', '/api/sessions', 'NaN') },
  { name: 'create body: invalid UTF-8', expected: invalid, send: text('POST', '/api/sessions', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])) },
  { name: 'create body: __proto__ pollution', expected: invalid, send: text('POST', '/api/sessions', `{"__proto__":{"admin":true},"documentUrl":"${VALID_CREATE.documentUrl}","persistChanges":true}`) },
  { name: 'create body: constructor.prototype pollution', expected: invalid, send: text('POST', '/api/sessions', '{"constructor":{"prototype":{"admin":true}},"persistChanges":true}') },
  { name: 'create body: empty', expected: invalid, send: text('POST', '/api/sessions', '') },
  { name: 'create body: whitespace only', expected: invalid, send: text('POST', '/api/sessions', '   ') },
  { name: 'create body: no content type', expected: { status: 415, code: 'unsupportedMediaType' }, send: text('POST', '/api/sessions', JSON.stringify(VALID_CREATE), null) },
  ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'text/json', 'application/octet-stream'].map(
    (type): Case => ({ name: `create body: content type ${type}`, expected: { status: 415, code: 'unsupportedMediaType' }, send: text('POST', '/api/sessions', JSON.stringify(VALID_CREATE), type) }),
  ),
  { name: 'refresh with a body', expected: invalid, send: json('POST', `/api/sessions/${SOME_ID}/refresh`, { persistChanges: true }) },
  { name: 'close with a body', expected: invalid, send: json('DELETE', `/api/sessions/${SOME_ID}`, { force: true }) },
];

/** Path ids (already URL-encoded where needed), for refresh and close. */
const BAD_IDS: [string, string, Expectation][] = [
  ['not a UUID', 'abc', invalid],
  ['a number', '1', invalid],
  ['a UUID without dashes', SOME_ID.replace(/-/g, ''), invalid],
  ['a UUID with an extra digit', `${SOME_ID}0`, invalid],
  ['a UUID in braces', `%7B${SOME_ID}%7D`, invalid],
  ['a UUID with a trailing space', `${SOME_ID}%20`, invalid],
  ['an oversized id (300 chars)', 'a'.repeat(300), invalid],
  ['an oversized UUID-like id', `${SOME_ID}${'-0000'.repeat(20)}`, invalid],
  ['an id longer than any route parameter (5000 chars)', 'a'.repeat(5000), {}],
  ['encoded traversal', '..%2F..%2Fetc%2Fpasswd', invalid],
  // The router resolves the dot segments, so no API route matches: 404 from the /api fallback.
  ['encoded dots', '%2e%2e', { status: 404, code: 'routeNotFound' }],
  ['double-encoded traversal', '..%252f..%252f', invalid],
  ['unicode', '%C3%BC%C3%B1%C3%AD', invalid],
  ['an emoji', '%F0%9F%98%80', invalid],
  ['fullwidth digits', '%EF%BC%91%EF%BC%92%EF%BC%93', invalid],
  ['an RTL override', `${SOME_ID.slice(0, 35)}%E2%80%AE`, invalid],
  ['encoded CR/LF', `${SOME_ID}%0D%0AX-Injected:%201`, invalid],
  ['encoded NUL', `${SOME_ID}%00`, invalid],
  ['broken percent-encoding', '%zz', invalid],
  ['a lone percent sign', '%', invalid],
];

const idCases: Case[] = BAD_IDS.flatMap(([name, id, expected]): Case[] => [
  { name: `id: ${name} → refresh`, expected, send: () => send('POST', `/api/sessions/${id}/refresh`) },
  { name: `id: ${name} → close`, expected, send: () => send('DELETE', `/api/sessions/${id}`) },
]);

const queryCases: Case[] = [
  ['list', 'GET', '/api/sessions?top=1'],
  ['list with __proto__', 'GET', '/api/sessions?__proto__[x]=1'],
  ['create with a query', 'POST', '/api/sessions?persistChanges=false'],
  ['refresh with a query', 'POST', `/api/sessions/${SOME_ID}/refresh?force=1`],
  ['close with a query', 'DELETE', `/api/sessions/${SOME_ID}?id=${SOME_ID}`],
].map(([name = '', method = '', path = '']): Case => ({
  name: `query: ${name}`,
  expected: invalid,
  send: method === 'POST' && path === '/api/sessions?persistChanges=false' ? json(method, path, VALID_CREATE) : () => send(method, path),
}));

const routeCases: Case[] = [
  { name: 'route: unknown /api path', expected: { status: 404, code: 'routeNotFound' }, send: () => send('GET', '/api/admin') },
  { name: 'route: refresh with an extra segment', expected: { status: 404, code: 'routeNotFound' }, send: () => send('POST', `/api/sessions/${SOME_ID}/refresh/now`) },
  { name: 'route: PUT on the collection', expected: { status: 405, code: 'methodNotAllowed' }, send: json('PUT', '/api/sessions', VALID_CREATE) },
  { name: 'route: GET on a session', expected: { status: 405, code: 'methodNotAllowed' }, send: () => send('GET', `/api/sessions/${SOME_ID}`) },
  { name: 'route: CORS preflight from another origin', expected: { status: 404 }, send: () => send('OPTIONS', '/api/sessions', { authorization: null, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }) },
  { name: 'route: static traversal', expected: { status: 404, code: 'routeNotFound' }, send: () => send('GET', '/..%2F..%2Fpackage.json', { authorization: null }) },
];

const validAuth = (): string => `Authorization: Bearer ${valid}`;
const headerCases: Case[] = [
  { name: 'header: CR inside a value', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'X-Test: a\rb']) },
  { name: 'header: LF inside a value (header splitting)', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'client-request-id: abc\nX-Injected: 1']) },
  { name: 'header: NUL inside a value', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'X-Test: a\u0000b']) },
  { name: 'header: control character inside a value', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'client-request-id: a\u0001b']) },
  { name: 'header: DEL inside a value', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'X-Test: a\u007fb']) },
  { name: 'header: obsolete line folding', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'X-Test: a', ' folded']) },
  { name: 'header: space in the name', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'X Test: a']) },
  { name: 'header: oversized value', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), `X-Big: ${'a'.repeat(20_000)}`]) },
  { name: 'header: oversized Authorization', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', `Authorization: Bearer ${'a'.repeat(20_000)}`]) },
  { name: 'header: duplicate Authorization (same token)', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), validAuth()]) },
  { name: 'header: duplicate Authorization (valid, then garbage)', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', validAuth(), 'Authorization: Bearer x.y.z']) },
  { name: 'header: duplicate Authorization (garbage, then valid)', expected: invalid, send: raw(['GET /api/sessions HTTP/1.1', 'Authorization: Bearer x.y.z', validAuth()]) },
  { name: 'header: duplicate Content-Type', expected: invalid, send: raw(['POST /api/sessions HTTP/1.1', validAuth(), 'Content-Type: application/json', 'Content-Type: text/plain', 'Content-Length: 2'], '{}') },
  { name: 'header: conflicting Content-Length', expected: invalid, send: raw(['POST /api/sessions HTTP/1.1', validAuth(), 'Content-Type: application/json', 'Content-Length: 2', 'Content-Length: 3'], '{}') },
  { name: 'header: Content-Length and Transfer-Encoding (smuggling)', expected: invalid, send: raw(['POST /api/sessions HTTP/1.1', validAuth(), 'Content-Type: application/json', 'Content-Length: 2', 'Transfer-Encoding: chunked'], '0\r\n\r\n') },
  { name: 'header: negative Content-Length', expected: invalid, send: raw(['POST /api/sessions HTTP/1.1', validAuth(), 'Content-Type: application/json', 'Content-Length: -1'], '{}') },
  { name: 'header: bad chunk size', expected: invalid, send: raw(['POST /api/sessions HTTP/1.1', validAuth(), 'Content-Type: application/json', 'Transfer-Encoding: chunked'], 'zz\r\n{}\r\n0\r\n\r\n') },
  { name: 'request line: raw space in the path', expected: invalid, send: raw(['GET /api/ses sions HTTP/1.1', validAuth()]) },
  { name: 'request line: oversized URL', expected: invalid, send: raw([`GET /api/sessions/${'a'.repeat(20_000)} HTTP/1.1`, validAuth()]) },
  { name: 'request line: unknown method', expected: invalid, send: raw(['BREW /api/sessions HTTP/1.1', validAuth()]) },
  { name: 'request line: not HTTP at all', expected: invalid, send: raw(['\u0016\u0003garbage']) },
  { name: 'header: Authorization split by CR/LF into another header', expected: { status: 401, code: 'invalidToken' }, send: raw(['GET /api/sessions HTTP/1.1', 'Authorization: Bearer x', 'X-Evil: 1']) },
];

const CASES: Case[] = [...tokenCases, ...bodyCases, ...idCases, ...queryCases, ...routeCases, ...headerCases];

// ---------------------------------------------------------------------------------------------

interface UpstreamCounts {
  graph: number;
  token: number;
}

async function upstreamCounts(): Promise<UpstreamCounts> {
  const { requests } = await emulatorState(stack);
  return { graph: requests.filter((r) => r.path.startsWith('/v1.0')).length, token: requests.filter((r) => r.path.includes('/oauth2/v2.0/token')).length };
}

let before: UpstreamCounts;

beforeAll(async () => {
  // Limits off: this suite is about validation, and it sends hundreds of requests from one address.
  stack = await startLocalStack({ serverEnv: { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '0' } });
  valid = await ssoTokenFor(stack, MEGAN);
  await Promise.all(
    MINTED.map(async (m) => {
      tokens.set(m.name, await mintTestToken(stack, { userOid: MEGAN, ...m.spec }));
    }),
  );
  // The HS256 "key confusion" forgery: the published RSA public key (PEM) used as an HMAC secret.
  const jwks = await httpsJson(stack, `${stack.emulatorUrl}/${LOCAL_MODE.tenantId}/discovery/v2.0/keys`);
  const jwk = (jwks.body as { keys: { kid: string; n: string; e: string; kty: string }[] }).keys[0];
  if (jwk === undefined) throw new Error('the emulator publishes no key');
  const pem = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const claims = JSON.parse(Buffer.from(valid.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  tokens.set('hs256', await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: jwk.kid, typ: 'JWT' }).sign(new TextEncoder().encode(String(pem))));

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
    const created = await send('POST', '/api/sessions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(VALID_CREATE) });
    expect(created.status).toBe(201);
    const list = await send('GET', '/api/sessions');
    expect(list.status).toBe(200);
    expect((JSON.parse(list.text) as { sessions: unknown[] }).sessions).toHaveLength(1);
  });
});

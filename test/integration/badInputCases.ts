/**
 * The bad-input tables that need no minted token: request bodies, path ids, query strings,
 * routes, and headers or request lines an HTTP client will not send. Each request carries the
 * valid token (so each case fails for its one defect) unless its row says otherwise.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { API_LIMITS } from '../../src/shared/api';
import { type ApiErrorCode } from '../../src/shared/errors';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface Expectation {
  status?: number;
  code?: ApiErrorCode;
}

export interface Case {
  name: string;
  send: () => Promise<Answer>;
  expected: Expectation;
}

export interface SendInit {
  /** undefined: the valid token; null: no Authorization header. */
  authorization?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
}

/** How the tables send their requests (test/integration/badInput.test.ts holds the stack). */
export interface BadInputClient {
  send: (method: string, path: string, init?: SendInit) => Promise<Answer>;
  json: (method: string, path: string, body: unknown, authorization?: string | null) => () => Promise<Answer>;
  /** `contentType` null: send no Content-Type at all. */
  text: (method: string, path: string, body: string | Buffer, contentType?: string | null) => () => Promise<Answer>;
  /** Raw lines over TLS; VALID_AUTHORIZATION stands for the valid token's header line when sent. */
  raw: (lines: string[], body?: string) => () => Promise<Answer>;
}

/** A raw request's line that the client replaces, when it sends, with the valid token's Authorization header. */
export const VALID_AUTHORIZATION = 'Authorization: Bearer <the valid token>';

export const SOME_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
export const VALID_CREATE = { documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: true };

export function requestCases(c: BadInputClient): Case[] {
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
    [
      'documentUrl with credentials',
      { ...VALID_CREATE, documentUrl: 'https://user:pass@contoso.sharepoint.com/a.xlsx' },
    ],
    [
      'documentUrl over the length limit',
      {
        ...VALID_CREATE,
        documentUrl: `https://contoso.sharepoint.com/${'a'.repeat(API_LIMITS.maxDocumentUrlLength)}.xlsx`,
      },
    ],
    [
      'documentUrl with CR/LF',
      { ...VALID_CREATE, documentUrl: 'https://contoso.sharepoint.com/a.xlsx\r\nX-Injected: 1' },
    ],
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
    [
      'driveId over the length limit',
      { driveId: 'b'.repeat(API_LIMITS.maxGraphIdLength + 1), itemId: '01ITEM', persistChanges: true },
    ],
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
    ...createBodies.map(([name, body]): Case => ({
      name: `create body: ${name}`,
      expected: invalid,
      send: c.json('POST', '/api/sessions', body),
    })),
    ...closeManyBodies.map(([name, body]): Case => ({
      name: `close-many body: ${name}`,
      expected: invalid,
      send: c.json('POST', '/api/sessions/close', body),
    })),
    { name: 'create body: deeply nested object', expected: invalid, send: c.text('POST', '/api/sessions', deepObject) },
    { name: 'create body: deeply nested array', expected: invalid, send: c.text('POST', '/api/sessions', deepArray) },
    {
      name: 'create body: just over the size limit',
      expected: { status: 413, code: 'payloadTooLarge' },
      send: c.json('POST', '/api/sessions', { ...VALID_CREATE, pad: 'x'.repeat(API_LIMITS.maxBodyBytes) }),
    },
    {
      name: 'create body: 1 MB',
      expected: { status: 413, code: 'payloadTooLarge' },
      send: c.text('POST', '/api/sessions', 'x'.repeat(1024 * 1024)),
    },
    {
      name: 'create body: chunked, no length, over the limit',
      expected: { status: 413, code: 'payloadTooLarge' },
      send: () =>
        c.send('POST', '/api/sessions', {
          headers: { 'content-type': 'application/json' },
          body: Readable.from([Buffer.alloc(API_LIMITS.maxBodyBytes, 0x20), Buffer.from('{}')]),
        }),
    },
    {
      name: 'close-many body: over the size limit',
      expected: { status: 413, code: 'payloadTooLarge' },
      send: c.json('POST', '/api/sessions/close', { ids: Array.from({ length: 500 }, () => randomUUID()) }),
    },
    { name: 'create body: not JSON', expected: invalid, send: c.text('POST', '/api/sessions', '{') },
    {
      name: 'create body: single quotes',
      expected: invalid,
      send: c.text('POST', '/api/sessions', "{'documentUrl': 'x'}"),
    },
    {
      name: 'create body: trailing comma',
      expected: invalid,
      send: c.text('POST', '/api/sessions', '{"persistChanges": true,}'),
    },
    { name: 'create body: NaN', expected: invalid, send: c.text('POST', '/api/sessions', 'NaN') },
    {
      name: 'create body: invalid UTF-8',
      expected: invalid,
      send: c.text('POST', '/api/sessions', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    },
    {
      name: 'create body: __proto__ pollution',
      expected: invalid,
      send: c.text(
        'POST',
        '/api/sessions',
        `{"__proto__":{"admin":true},"documentUrl":"${VALID_CREATE.documentUrl}","persistChanges":true}`,
      ),
    },
    {
      name: 'create body: constructor.prototype pollution',
      expected: invalid,
      send: c.text('POST', '/api/sessions', '{"constructor":{"prototype":{"admin":true}},"persistChanges":true}'),
    },
    { name: 'create body: empty', expected: invalid, send: c.text('POST', '/api/sessions', '') },
    { name: 'create body: whitespace only', expected: invalid, send: c.text('POST', '/api/sessions', '   ') },
    {
      name: 'create body: no content type',
      expected: { status: 415, code: 'unsupportedMediaType' },
      send: c.text('POST', '/api/sessions', JSON.stringify(VALID_CREATE), null),
    },
    ...[
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/jsonx',
      'text/json',
      'application/octet-stream',
    ].map((type): Case => ({
      name: `create body: content type ${type}`,
      expected: { status: 415, code: 'unsupportedMediaType' },
      send: c.text('POST', '/api/sessions', JSON.stringify(VALID_CREATE), type),
    })),
    {
      name: 'refresh with a body',
      expected: invalid,
      send: c.json('POST', `/api/sessions/${SOME_ID}/refresh`, { persistChanges: true }),
    },
    {
      name: 'close with a body',
      expected: invalid,
      send: c.json('DELETE', `/api/sessions/${SOME_ID}`, { force: true }),
    },
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
    { name: `id: ${name} → refresh`, expected, send: () => c.send('POST', `/api/sessions/${id}/refresh`) },
    { name: `id: ${name} → close`, expected, send: () => c.send('DELETE', `/api/sessions/${id}`) },
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
    send:
      method === 'POST' && path === '/api/sessions?persistChanges=false'
        ? c.json(method, path, VALID_CREATE)
        : () => c.send(method, path),
  }));

  const routeCases: Case[] = [
    {
      name: 'route: unknown /api path',
      expected: { status: 404, code: 'routeNotFound' },
      send: () => c.send('GET', '/api/admin'),
    },
    {
      name: 'route: refresh with an extra segment',
      expected: { status: 404, code: 'routeNotFound' },
      send: () => c.send('POST', `/api/sessions/${SOME_ID}/refresh/now`),
    },
    {
      name: 'route: PUT on the collection',
      expected: { status: 405, code: 'methodNotAllowed' },
      send: c.json('PUT', '/api/sessions', VALID_CREATE),
    },
    {
      name: 'route: GET on a session',
      expected: { status: 405, code: 'methodNotAllowed' },
      send: () => c.send('GET', `/api/sessions/${SOME_ID}`),
    },
    {
      name: 'route: CORS preflight from another origin',
      expected: { status: 405 },
      send: () =>
        c.send('OPTIONS', '/api/sessions', {
          authorization: null,
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        }),
    },
    {
      name: 'route: static traversal',
      expected: { status: 404, code: 'routeNotFound' },
      send: () => c.send('GET', '/..%2F..%2Fpackage.json', { authorization: null }),
    },
  ];

  const headerCases: Case[] = [
    {
      name: 'header: CR inside a value',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'X-Test: a\rb']),
    },
    {
      name: 'header: LF inside a value (header splitting)',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'client-request-id: abc\nX-Injected: 1']),
    },
    {
      name: 'header: NUL inside a value',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'X-Test: a\u0000b']),
    },
    {
      name: 'header: control character inside a value',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'client-request-id: a\u0001b']),
    },
    {
      name: 'header: DEL inside a value',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'X-Test: a\u007fb']),
    },
    {
      name: 'header: obsolete line folding',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'X-Test: a', ' folded']),
    },
    {
      name: 'header: space in the name',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'X Test: a']),
    },
    {
      name: 'header: oversized value',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, `X-Big: ${'a'.repeat(20_000)}`]),
    },
    {
      name: 'header: oversized Authorization',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', `Authorization: Bearer ${'a'.repeat(20_000)}`]),
    },
    {
      name: 'header: duplicate Authorization (same token)',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, VALID_AUTHORIZATION]),
    },
    {
      name: 'header: duplicate Authorization (valid, then garbage)',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'Authorization: Bearer x.y.z']),
    },
    {
      name: 'header: duplicate Authorization (garbage, then valid)',
      expected: invalid,
      send: c.raw(['GET /api/sessions HTTP/1.1', 'Authorization: Bearer x.y.z', VALID_AUTHORIZATION]),
    },
    {
      name: 'header: duplicate Content-Type',
      expected: invalid,
      send: c.raw(
        [
          'POST /api/sessions HTTP/1.1',
          VALID_AUTHORIZATION,
          'Content-Type: application/json',
          'Content-Type: text/plain',
          'Content-Length: 2',
        ],
        '{}',
      ),
    },
    {
      name: 'header: conflicting Content-Length',
      expected: invalid,
      send: c.raw(
        [
          'POST /api/sessions HTTP/1.1',
          VALID_AUTHORIZATION,
          'Content-Type: application/json',
          'Content-Length: 2',
          'Content-Length: 3',
        ],
        '{}',
      ),
    },
    {
      name: 'header: Content-Length and Transfer-Encoding (smuggling)',
      expected: invalid,
      send: c.raw(
        [
          'POST /api/sessions HTTP/1.1',
          VALID_AUTHORIZATION,
          'Content-Type: application/json',
          'Content-Length: 2',
          'Transfer-Encoding: chunked',
        ],
        '0\r\n\r\n',
      ),
    },
    {
      name: 'header: negative Content-Length',
      expected: invalid,
      send: c.raw(
        ['POST /api/sessions HTTP/1.1', VALID_AUTHORIZATION, 'Content-Type: application/json', 'Content-Length: -1'],
        '{}',
      ),
    },
    {
      name: 'header: bad chunk size',
      expected: invalid,
      send: c.raw(
        [
          'POST /api/sessions HTTP/1.1',
          VALID_AUTHORIZATION,
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ],
        'zz\r\n{}\r\n0\r\n\r\n',
      ),
    },
    {
      name: 'request line: raw space in the path',
      expected: invalid,
      send: c.raw(['GET /api/ses sions HTTP/1.1', VALID_AUTHORIZATION]),
    },
    {
      name: 'request line: oversized URL',
      expected: invalid,
      send: c.raw([`GET /api/sessions/${'a'.repeat(20_000)} HTTP/1.1`, VALID_AUTHORIZATION]),
    },
    {
      name: 'request line: unknown method',
      expected: invalid,
      send: c.raw(['BREW /api/sessions HTTP/1.1', VALID_AUTHORIZATION]),
    },
    { name: 'request line: not HTTP at all', expected: invalid, send: c.raw(['\u0016\u0003garbage']) },
    {
      name: 'header: Authorization split by CR/LF into another header',
      expected: { status: 401, code: 'invalidToken' },
      send: c.raw(['GET /api/sessions HTTP/1.1', 'Authorization: Bearer x', 'X-Evil: 1']),
    },
  ];

  return [...bodyCases, ...idCases, ...queryCases, ...routeCases, ...headerCases];
}

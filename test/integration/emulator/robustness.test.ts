// A few hundred random and malformed requests (seeded, so a failure replays exactly) against a
// running emulator: random bytes as bodies, random paths under every API, random headers, huge
// bodies, broken JSON, wrong methods, and mutated control-API bodies. No answer may be a 500,
// every answer carries the Graph id headers, and the emulator still serves a valid request after.
import { randomBytes } from 'node:crypto';
import { serviceOfPath } from '../../../src/emulator/common/serviceOrigins';
import { Agent, request } from 'undici';
import { mulberry32, type RandomSource } from '../../../src/emulator/faults/prng';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, TEST_TENANT, type TestEmulator } from '../../support/testEmulator';
import { sendRaw } from '../../support/rawHttps';

const SEED = 424242;
const PLAIN_REQUESTS = 240;
const CONTROL_MUTATIONS = 120;
const wb = SEED_WORKBOOKS.presupuesto;

let t: TestEmulator;
let agent: Agent;
let ca = '';

beforeAll(async () => {
  t = await startTestEmulator();
  ca = t.caCertPem;
  agent = new Agent({ connect: { ca }, connections: 8 });
});
afterAll(async () => {
  await t.close();
  await agent.close();
});

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;
const PREFIXES = [
  '/v1.0',
  '/v1.0/drives',
  `/v1.0/drives/${wb.driveId}/items/${wb.itemId}/workbook`,
  '/v1.0/me/drive/root:',
  '/v1.0/shares',
  '/_emulator',
  '/_emulator/host',
  `/${TEST_TENANT}/oauth2/v2.0`,
  '/common/oauth2/v2.0',
  '/_host',
  '',
];
const SEGMENTS = [
  'createSession',
  'refreshSession',
  'closeSession',
  '$batch',
  'token',
  'authorize',
  'state',
  'reset',
  'faults',
  'tokens',
  'clock',
  'advance',
  'context',
  'operations',
  "sessionInfoResource(key='x')",
  'driveItem',
  'u!aHR0cHM6Ly9jb250b3Nv',
  'u!!!',
  '%',
  '%zz',
  '%00',
  '..',
  'a:b',
  'users',
  'entra',
  'keys',
  'rotate',
  'async-create',
];
const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '*/*',
  '',
];

interface Answer {
  label: string;
  status: number;
  requestId: unknown;
  body: string;
}

function pick<T>(random: RandomSource, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty choice');
  return item;
}

function randomText(random: RandomSource, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(32 + Math.floor(random() * 95));
  return out;
}

function randomBody(random: RandomSource): string | Buffer | undefined {
  switch (Math.floor(random() * 7)) {
    case 0:
      return undefined;
    case 1:
      return Buffer.from(Array.from({ length: Math.floor(random() * 400) }, () => Math.floor(random() * 256)));
    case 2:
      return '{"persistChanges": tru'; // truncated JSON
    case 3:
      return JSON.stringify({
        requests: Array.from({ length: Math.floor(random() * 25) }, (_, i) => ({
          id: String(i % 7),
          method: pick(random, METHODS),
          url: randomText(random, 20),
          dependsOn: [String(Math.floor(random() * 9))],
        })),
      });
    case 4:
      return 'x'.repeat(70 * 1024 + Math.floor(random() * 1000)); // over the 64 KiB limit
    case 5:
      return `grant_type=${encodeURIComponent(randomText(random, 10))}&assertion=${randomText(random, 30)}&client_id=${randomText(random, 8)}`;
    default:
      return JSON.stringify(randomJson(random, 3));
  }
}

function randomJson(random: RandomSource, depth: number): unknown {
  const kind = Math.floor(random() * (depth > 0 ? 8 : 5));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return [1e308, -1, 0.5, Number.MAX_SAFE_INTEGER * 4, -0][Math.floor(random() * 5)];
    case 3:
      return randomText(random, Math.floor(random() * 12));
    case 4:
      return random() < 0.5 ? '' : 'x'.repeat(5000);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1));
    default: {
      const keys = [
        'persistChanges',
        'seconds',
        'rules',
        'seed',
        'userOid',
        'audience',
        'behaviour',
        'delayMs',
        'theme',
        'ssoBehaviour',
        '__proto__',
        'constructor',
        randomText(random, 5),
      ];
      const out: Record<string, unknown> = {};
      for (let i = 0; i < 1 + Math.floor(random() * 3); i++) out[pick(random, keys)] = randomJson(random, depth - 1);
      return out;
    }
  }
}

async function send(
  label: string,
  path: string,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): Promise<Answer> {
  const response = await request(`${t.emulator.origins[serviceOfPath(path.split('?')[0] ?? path)]}${path}`, {
    method: method as 'GET',
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    dispatcher: agent,
  });
  return {
    label,
    status: response.statusCode,
    requestId: response.headers['request-id'],
    body: await response.body.text(),
  };
}

/** A 500 (a bug), an answer without the id headers, or an error whose body is not an error envelope. */
function failuresOf(answers: Answer[]): string[] {
  return answers
    .filter(
      (a) =>
        (a.status >= 500 && a.status !== 501) ||
        typeof a.requestId !== 'string' ||
        (a.status >= 400 && a.body !== '' && !isErrorBody(a.body)),
    )
    .map((a) => `${a.label} → ${a.status} ${a.body.slice(0, 160)}`);
}

/** Graph's envelope `{error: {code, …}}` or Entra's `{error: "…", error_description}`. */
function isErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    return (
      (typeof body.error === 'object' &&
        body.error !== null &&
        typeof (body.error as { code?: unknown }).code === 'string') ||
      (typeof body.error === 'string' && typeof body.error_description === 'string')
    );
  } catch {
    return false;
  }
}

async function stillServesAValidRequest(): Promise<void> {
  const token = await t.graphToken(SEED_USERS.megan.oid);
  const created = await t.call(`/v1.0/drives/${wb.driveId}/items/${wb.itemId}/workbook/createSession`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"persistChanges":false}',
  });
  expect(created.status).toBe(201);
}

it(`answers ${PLAIN_REQUESTS} random requests without a 500 and keeps serving (seed ${SEED})`, async () => {
  const random = mulberry32(SEED);
  const token = await t.graphToken(SEED_USERS.megan.oid);
  const plans = Array.from({ length: PLAIN_REQUESTS }, (_, i) => {
    const segments = Array.from({ length: Math.floor(random() * 4) }, () =>
      random() < 0.2 ? encodeURIComponent(randomText(random, 6)) : pick(random, SEGMENTS),
    );
    const path = `${pick(random, PREFIXES)}/${segments.join('/')}${random() < 0.2 ? `?${encodeURIComponent(randomText(random, 8))}=1` : ''}`;
    const headers: Record<string, string> = {};
    const type = pick(random, CONTENT_TYPES);
    if (type !== '') headers['content-type'] = type;
    if (random() < 0.5)
      headers.authorization =
        random() < 0.5 ? `Bearer ${token}` : `Bearer ${randomText(random, 40).replace(/\s/g, '.')}`;
    if (random() < 0.3) headers['workbook-session-id'] = randomText(random, 300);
    if (random() < 0.3) headers['client-request-id'] = randomText(random, 200);
    if (random() < 0.2) headers.prefer = 'respond-async, ' + randomText(random, 10);
    if (random() < 0.2) headers.origin = pick(random, ['https://localhost:3000', 'https://evil.example', 'null']);
    const method = pick(random, METHODS);
    return { label: `#${i} ${method} ${path}`, path, method, headers, body: randomBody(random) };
  });
  const answers: Answer[] = [];
  for (let i = 0; i < plans.length; i += 8) {
    const chunk = plans
      .slice(i, i + 8)
      .map((plan) => send(plan.label, plan.path, plan.method, plan.headers, plan.body));
    answers.push(...(await Promise.all(chunk)));
  }
  expect(answers).toHaveLength(PLAIN_REQUESTS);
  expect(failuresOf(answers)).toEqual([]);
  await stillServesAValidRequest();
}, 60_000);

it(`answers ${CONTROL_MUTATIONS} mutated control-API and host bodies with 2xx or a 400 naming what is wrong`, async () => {
  const random = mulberry32(SEED + 1);
  const valid: [string, Record<string, unknown>][] = [
    ['/_emulator/clock/advance', { seconds: 1 }],
    [
      '/_emulator/faults',
      { seed: 1, rules: [{ route: 'shares', kind: 'throttle', probability: 0, retryAfterSeconds: 0.5 }] },
    ],
    [
      '/_emulator/tokens',
      { userOid: SEED_USERS.megan.oid, audience: 'graph', scopes: ['Files.ReadWrite'], lifetimeSeconds: 60 },
    ],
    [`/_emulator/users/${SEED_USERS.ana.oid}/entra`, { behaviour: 'ok' }],
    ['/_emulator/async-create', { delayMs: 0, outcome: 'succeeded' }],
    [
      '/_emulator/host/context',
      {
        userOid: SEED_USERS.megan.oid,
        workbookItemId: null,
        displayLanguage: 'en-US',
        ssoBehaviour: 'ok',
        theme: 'light',
      },
    ],
    ['/_emulator/host/token', { allowSignInPrompt: true }],
  ];
  const answers: Answer[] = [];
  for (let i = 0; i < CONTROL_MUTATIONS; i++) {
    const [path, body] = pick(random, valid);
    const mutated: Record<string, unknown> = { ...body };
    const field = pick(random, Object.keys(body));
    const mutation = Math.floor(random() * 4);
    if (mutation === 0) delete mutated[field];
    else if (mutation === 1) mutated[field] = randomJson(random, 2);
    else if (mutation === 2) mutated[randomText(random, 6)] = 1;
    const answer = await send(
      `#${i} ${path} ${JSON.stringify(mutated).slice(0, 120)}`,
      path,
      'POST',
      { 'content-type': 'application/json' },
      JSON.stringify(mutated),
    );
    answers.push(answer);
    if (answer.status === 400) {
      // The message names the field (or says the body is not an object).
      const message = (JSON.parse(answer.body) as { error: { message: string } }).error.message;
      expect(`${answer.label}: ${message}`).toMatch(
        /'[^']+'|rules\[\d+\]|JSON object|not a JSON|user of this tenant|workbook of this tenant/,
      );
    } else if (answer.status !== 404) {
      expect([answer.label, answer.status]).toEqual([answer.label, expect.any(Number)]);
      expect(answer.status).toBeLessThan(300);
    }
  }
  expect(failuresOf(answers)).toEqual([]);
  await t.ctl.reset();
  await stillServesAValidRequest();
}, 60_000);

it('survives bytes no HTTP client would send (raw TLS), then serves the next request', async () => {
  const random = mulberry32(SEED + 2);
  const raw = [
    'GET /v1.0/%%%% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    'POST /v1.0/$batch HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"a":1}',
    'POST /_emulator/faults HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n',
    `GET /v1.0/shares/u!${'A'.repeat(5000)}/driveItem HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    Buffer.concat([
      Buffer.from('POST /v1.0/$batch HTTP/1.1\r\nHost: localhost\r\nContent-Length: 64\r\nConnection: close\r\n\r\n'),
      randomBytes(64),
    ]),
    `${randomText(random, 30)}\r\n\r\n`,
  ];
  for (const bytes of raw) {
    // Each to the origin of the service its request line names.
    const answer = await sendRaw(
      t.emulator.origins[serviceOfPath(String(bytes).split(' ')[1] ?? '/')],
      ca,
      bytes,
    ).catch(() => ({ status: 0 }));
    // 0: the server closed without an answer (Node's parser refusing garbage); never a 500.
    expect([String(bytes).slice(0, 60), answer.status >= 500 && answer.status !== 501]).toEqual([
      String(bytes).slice(0, 60),
      false,
    ]);
  }
  await stillServesAValidRequest();
}, 30_000);

it('answers URLs the router cannot decode, or with an over-long segment, with a Graph 400 and the id headers', async () => {
  for (const path of ['/v1.0/%zz', '/_emulator/%', `/_emulator/users/${'A'.repeat(5000)}/entra`]) {
    const answer = await send(path.slice(0, 40), path, 'POST', { 'client-request-id': 'fuzz-1' }, undefined);
    expect([path.slice(0, 40), answer.status, typeof answer.requestId]).toEqual([path.slice(0, 40), 400, 'string']);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'invalidRequest', innerError: { code: 'invalidArgument', 'client-request-id': 'fuzz-1' } },
    });
  }
});

/**
 * Edges of the assembled middle tier (against fake Entra + Graph): rate limits, security
 * headers, closed CORS, parser-level refusals with the envelope, and graceful shutdown with a
 * request in flight.
 */
import { connect } from 'node:tls';
import { parseApiErrorEnvelope } from '../../../src/shared/errors';
import { createServer, type RunningServer } from '../../../src/server/app';
import { call, closeTestAgent } from '../../support/httpsCall';
import {
  mintToken,
  publishedKey,
  startFakeUpstream,
  TEST_TENANT,
  type FakeUpstream,
  type SigningKey,
  type UpstreamAnswer,
  type UpstreamRequest,
} from '../../support/fakeUpstream';
import { testCertificate } from '../../../src/server/testSupport/selfSignedCert';
import { testConfig } from '../../support/testConfig';

const OTHER_USER = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';
const DOCUMENT_URL = 'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Budget.xlsx';

let upstream: FakeUpstream;
let issuer: string;
let graphAnswer: (req: UpstreamRequest) => UpstreamAnswer | undefined;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  issuer = `${upstream.url}/${TEST_TENANT}/v2.0`;
  upstream.handler = (req) => {
    if (req.path.startsWith(`/${TEST_TENANT}/oauth2/v2.0/token`)) {
      return {
        status: 200,
        body: {
          token_type: 'Bearer',
          scope: 'https://graph.microsoft.com/Files.ReadWrite',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: 'graph-token',
        },
      };
    }
    return graphAnswer(req);
  };
});

afterAll(async () => {
  await upstream.close();
  await closeTestAgent();
});

beforeEach(() => {
  const item = {
    id: '01ITEM',
    name: 'Budget.xlsx',
    webUrl: DOCUMENT_URL,
    parentReference: { driveId: 'b!drive1', driveType: 'business' },
  };
  graphAnswer = (req) => {
    if (req.path.startsWith('/v1.0/shares/') || req.path.startsWith('/v1.0/drives/b!drive1/items/01ITEM?'))
      return { status: 200, body: item };
    if (req.path.endsWith('/createSession'))
      return { status: 201, body: { id: 'graph-session', persistChanges: true } };
    return undefined;
  };
});

const key = (): SigningKey => publishedKey(upstream);
const bearer = async (oid?: string): Promise<Record<string, string>> => ({
  authorization: `Bearer ${await mintToken({ key: key(), issuer, ...(oid === undefined ? {} : { claims: { oid } }) })}`,
});

describe('the start-up log', () => {
  it('announces the HTTPS listener with https://, never as plain http://', async () => {
    const lines: string[] = [];
    const server = await createServer(testConfig(upstream.url, { logLevel: 'info' }), {
      logStream: { write: (line) => void lines.push(line) },
    });
    try {
      const base = await server.listen();
      const port = new URL(base).port;
      const announced = lines
        .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg))
        .filter((msg) => msg.includes(`:${port}`));
      expect(announced.length).toBeGreaterThan(0);
      for (const msg of announced) expect(msg).not.toMatch(/http:\/\//);
      expect(announced.some((msg) => msg.startsWith('Server listening at https://'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('rate limits', () => {
  let server: RunningServer;
  let base: string;
  let offset = 0;

  beforeAll(async () => {
    server = await createServer(
      testConfig(upstream.url, {
        rateLimit: {
          perUserPerMinute: 60,
          perUserBurst: 3,
          unauthenticatedPerIpPerMinute: 2,
          expiredTokensPerIpPerMinute: 6,
        },
      }),
      { now: () => Date.now() + offset },
    );
    base = await server.listen();
  });
  afterAll(async () => server.close());

  it('allows a user their burst, then answers 429 rateLimited with retryAfterSeconds and Retry-After', async () => {
    const alice = await bearer();
    for (let i = 0; i < 3; i++) expect((await call(base, 'GET', '/api/sessions', { headers: alice })).status).toBe(200);
    const limited = await call(base, 'GET', '/api/sessions', { headers: alice });
    expect(limited.status).toBe(429);
    expect(parseApiErrorEnvelope(limited.json())?.error).toEqual(
      expect.objectContaining({ code: 'rateLimited', retryAfterSeconds: 1 }),
    );
    expect(limited.headers['retry-after']).toBe('1');

    // Another user is not affected; the first one gets a token back after a second.
    expect((await call(base, 'GET', '/api/sessions', { headers: await bearer(OTHER_USER) })).status).toBe(200);
    offset += 1000;
    expect((await call(base, 'GET', '/api/sessions', { headers: alice })).status).toBe(200);
  });

  it('limits failed authentications per address without locking out a signed-in user there', async () => {
    const bad = { authorization: 'Bearer not.a.token' };
    expect((await call(base, 'GET', '/api/sessions', { headers: bad })).status).toBe(401);
    expect((await call(base, 'GET', '/api/sessions', { headers: bad })).status).toBe(401);
    const limited = await call(base, 'GET', '/api/sessions', { headers: {} });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    offset += 60_000;
    expect((await call(base, 'GET', '/api/sessions', { headers: await bearer(OTHER_USER) })).status).toBe(200);
  });

  it('answers an expired but genuine token 401 tokenExpired even when the address is over its failed sign-in limit, metering expired tokens apart', async () => {
    offset += 60_000;
    const bad = { authorization: 'Bearer not.a.token' };
    const expired = async (): Promise<Record<string, string>> => ({
      authorization: `Bearer ${await mintToken({ key: key(), issuer, nowSeconds: Math.floor((Date.now() + offset) / 1000) - 7200 })}`,
    });
    for (let i = 0; i < 2; i++) expect((await call(base, 'GET', '/api/sessions', { headers: bad })).status).toBe(401);
    expect((await call(base, 'GET', '/api/sessions', { headers: bad })).status).toBe(429);

    const renew = await call(base, 'GET', '/api/sessions', { headers: await expired() });
    expect(renew.status).toBe(401);
    expect(parseApiErrorEnvelope(renew.json())?.error.code).toBe('tokenExpired');
    // Junk from the same address is still refused as too many.
    expect((await call(base, 'GET', '/api/sessions', { headers: bad })).status).toBe(429);

    // With a fresh budget, expired tokens take nothing from it: junk still gets its two 401s.
    offset += 60_000;
    for (let i = 0; i < 5; i++)
      expect((await call(base, 'GET', '/api/sessions', { headers: await expired() })).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await call(base, 'GET', '/api/sessions', { headers: bad })).status).toBe(401);
    expect((await call(base, 'GET', '/api/sessions', { headers: bad })).status).toBe(429);

    // Expired tokens have a meter of their own (6 a minute here, 600 by default): a flood is refused.
    expect((await call(base, 'GET', '/api/sessions', { headers: await expired() })).status).toBe(401);
    const flood = await call(base, 'GET', '/api/sessions', { headers: await expired() });
    expect(flood.status).toBe(429);
    expect(parseApiErrorEnvelope(flood.json())?.error.code).toBe('rateLimited');
  });
});

describe('the Date header', () => {
  it('comes from the middle tier clock on every answer, errors included: the pane sets its clock by it', async () => {
    const ahead = 7 * 60_000;
    const server = await createServer(testConfig(upstream.url), { now: () => Date.now() + ahead });
    try {
      const base = await server.listen();
      for (const res of [
        await call(base, 'GET', '/api/sessions', { headers: await bearer() }),
        await call(base, 'GET', '/api/sessions'),
      ]) {
        expect(Math.abs(Date.parse(String(res.headers.date)) - (Date.now() + ahead))).toBeLessThan(5_000);
      }
    } finally {
      await server.close();
    }
  });
});

describe('headers, CORS and parser-level refusals', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await createServer(testConfig(upstream.url));
    base = await server.listen();
  });
  afterAll(async () => server.close());

  it('sends security headers and no-store on API answers, errors included', async () => {
    for (const res of [
      await call(base, 'GET', '/api/sessions', { headers: await bearer() }),
      await call(base, 'GET', '/api/sessions'),
    ]) {
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('keeps CORS closed: no Access-Control-* header for a request from another origin', async () => {
    const origin = { origin: 'https://evil.example' };
    const res = await call(base, 'GET', '/api/sessions', { headers: { ...origin, ...(await bearer()) } });
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('answers a header with a bare CR with the envelope, not a bare 400', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const url = new URL(base);
      const socket = connect(
        { host: url.hostname, port: Number(url.port), ca: testCertificate().certPem, servername: 'localhost' },
        () => {
          socket.write('GET /api/sessions HTTP/1.1\r\nHost: localhost\r\nX-Test: a\rb\r\n\r\n');
        },
      );
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
    expect(parseApiErrorEnvelope(JSON.parse(body))?.error.code).toBe('invalidRequest');
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, lets the in-flight request finish, then closes', async () => {
    let signalWaiting: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (signalWaiting = resolve));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Graph is unavailable once; the retry's sleep is where the request waits, in flight.
    let creates = 0;
    const inner = graphAnswer;
    graphAnswer = (req) =>
      req.path.endsWith('/createSession') && ++creates === 1
        ? {
            status: 503,
            headers: { 'retry-after': '1' },
            body: { error: { code: 'serviceNotAvailable', message: 'x' } },
          }
        : inner(req);
    const server = await createServer(testConfig(upstream.url), {
      sleep: async () => {
        signalWaiting();
        await released;
      },
    });
    const base = await server.listen();

    const inFlight = call(base, 'POST', '/api/sessions', {
      headers: await bearer(),
      json: { documentUrl: DOCUMENT_URL, persistChanges: true },
    });
    await waiting;
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    // New connections are refused while the old request is still running, and close() waits for it.
    const url = new URL(base);
    const tryConnect = (): Promise<string> =>
      new Promise<string>((resolve) => {
        const socket = connect(
          { host: url.hostname, port: Number(url.port), ca: testCertificate().certPem, servername: 'localhost' },
          () => {
            socket.destroy();
            resolve('connected');
          },
        );
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    // close() stops the listener after its pre-close steps: poll (bounded) until it has.
    let refused = await tryConnect();
    for (let i = 0; i < 100 && refused === 'connected'; i++) refused = await tryConnect();
    expect(refused).toBe('ECONNREFUSED');
    expect(closed).toBe(false);

    release();
    const res = await inFlight;
    expect(res.status).toBe(201);
    await closing;
    expect(closed).toBe(true);
    expect(creates).toBe(2);
  });
});

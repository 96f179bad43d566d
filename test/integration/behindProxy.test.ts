/**
 * The middle tier in plain HTTP behind a TLS-terminating reverse proxy, as Azure App Service,
 * Container Apps and most hosts run it: the proxy (here a small HTTPS server on loopback) ends
 * TLS and forwards with X-Forwarded-For/-Proto/-Host; TRUST_PROXY names it. Clients connect from
 * their own loopback addresses (127.0.0.2, 127.0.0.3, …), so "the real client" is a real socket
 * address, not a header the test makes up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { startEmulatorSide } from '../support/emulatorSide';
import { ssoTokenFor } from '../support/emulatorControl';
import { startLocalStack, type LocalStack } from '../support/localStack';
import { captureLogs } from '../support/logCapture';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';
const OUTSIDER = '127.0.0.5';

let stack: LocalStack;
let proxy: Server;
let proxyUrl: string;
const logs = captureLogs();

/** The reverse proxy: ends TLS, appends the client's socket address to X-Forwarded-For, forwards over plain HTTP. */
function startProxy(certPem: string, keyPem: string, upstreamPort: number): Promise<Server> {
  const server = createHttpsServer({ cert: certPem, key: keyPem }, (req, res) => {
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          'x-forwarded-for': forwardedFor,
          'x-forwarded-proto': 'https',
          'x-forwarded-host': req.headers.host ?? '',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

/** One request from `localAddress`, over HTTPS to the proxy or plain HTTP straight to the middle tier. */
function send(
  target: 'proxy' | 'direct',
  localAddress: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const port = target === 'proxy' ? Number(new URL(proxyUrl).port) : Number(new URL(stack.addinUrl).port);
    const options = {
      host: '127.0.0.1',
      port,
      path,
      method,
      localAddress,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      agent: false as const,
    };
    const onAnswer = (res: IncomingMessage): void => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    };
    const req =
      target === 'proxy'
        ? httpsRequest({ ...options, ca: stack.caCertPem, servername: 'localhost' }, onAnswer)
        : httpRequest(options, onAnswer);
    req.on('error', reject);
    req.end(body);
  });
}

const errorCode = (answer: Answer): unknown => (JSON.parse(answer.body) as { error?: { code?: unknown } }).error?.code;

beforeAll(async () => {
  // Plain HTTP on the stack's port; the proxy (on its own port) is the public HTTPS origin.
  stack = await startLocalStack({
    serverEnv: {
      TLS_CERT_FILE: '',
      TLS_KEY_FILE: '',
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '2',
      LOG_LEVEL: 'debug',
    },
    serverOverrides: { logStream: logs.stream },
  });
  proxy = await startProxy(stack.certPem, stack.keyPem, Number(new URL(stack.addinUrl).port));
  proxyUrl = `https://localhost:${(proxy.address() as AddressInfo).port}`;
}, 30_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
  await stack?.close();
});

describe('behind a TLS-terminating proxy named by TRUST_PROXY', () => {
  it('serves a signed-in user through the proxy', async () => {
    const token = await ssoTokenFor(stack, SEED_USERS.megan.oid);
    const opened = await send(
      'proxy',
      CLIENT_A,
      '/api/sessions',
      { authorization: `Bearer ${token}` },
      'POST',
      JSON.stringify({ documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: false }),
    );
    expect(opened.status).toBe(201);
    const listed = await send('proxy', CLIENT_A, '/api/sessions', { authorization: `Bearer ${token}` });
    expect(listed.status).toBe(200);
    expect((JSON.parse(listed.body) as { sessions: unknown[] }).sessions).toHaveLength(1);
  });

  it('limits failed sign-ins per real client address, whatever X-Forwarded-For a client sends', async () => {
    // Client A claims to be someone else each time; the proxy appends its real address, which wins.
    const a = [];
    for (let i = 0; i < 3; i++)
      a.push(await send('proxy', CLIENT_A, '/api/sessions', { 'x-forwarded-for': `203.0.113.${i}` }));
    expect(a.map((r) => r.status)).toEqual([401, 401, 429]);
    // Client B, behind the same proxy, has its own budget.
    expect((await send('proxy', CLIENT_B, '/api/sessions')).status).toBe(401);
    // Refusals are logged at debug, each with the client address the middle tier believed.
    const addresses = logs
      .entries()
      .map((e) => (e.req as { remoteAddress?: string } | undefined)?.remoteAddress)
      .filter((a): a is string => a !== undefined);
    expect(addresses).toEqual(expect.arrayContaining([CLIENT_A, CLIENT_B]));
    expect(addresses.filter((a) => a.startsWith('203.0.113.'))).toEqual([]);
  });

  it('refuses API requests that reach the plain-HTTP port directly, even with forged X-Forwarded-* headers', async () => {
    const direct = await send('direct', OUTSIDER, '/api/sessions');
    expect(direct.status).toBe(400);
    expect(errorCode(direct)).toBe('invalidRequest');
    const forged = await send('direct', OUTSIDER, '/api/sessions', {
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.9',
    });
    expect(forged.status).toBe(400);
    expect((await send('direct', OUTSIDER, '/taskpane.html', { 'x-forwarded-proto': 'https' })).status).toBe(400);
  });

  it('answers the load balancer’s probes directly', async () => {
    const health = await send('direct', OUTSIDER, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const ready = await send('direct', OUTSIDER, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'ready',
      unopenableCloseCredentials: 0,
      unopenableTokenCacheEntries: 0,
    });
  });
});

describe('without TLS files and without TRUST_PROXY', () => {
  const entry = resolve(__dirname, '..', '..', 'build', 'server', 'main.js');

  it('refuses to start, saying what to set', async () => {
    if (!existsSync(entry))
      throw new Error(
        `${entry} is missing: build the middle tier first (npm run build:node, or npm test which builds).`,
      );
    const side = await startEmulatorSide('wbs-plain-');
    try {
      const env = { PATH: process.env.PATH ?? '', ...side.serverEnv, TLS_CERT_FILE: '', TLS_KEY_FILE: '' };
      const run = spawnSync(process.execPath, [entry, '--no-env-file'], { env, encoding: 'utf8', timeout: 20_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('TLS_CERT_FILE and TLS_KEY_FILE are missing');
      expect(run.stderr).toContain('TRUST_PROXY');
    } finally {
      await side.close();
    }
  });
});

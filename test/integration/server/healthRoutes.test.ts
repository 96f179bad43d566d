/**
 * /healthz and /readyz on the assembled middle tier against a fake Entra: no authentication,
 * nothing about the configuration in the answers, Entra asked at most once per cache period.
 */
import { READINESS_CACHE_MS } from '../../../src/server/health/readiness';
import { call } from '../../support/httpsCall';
import { TEST_CLIENT, TEST_TENANT, type FakeUpstream } from '../../support/fakeUpstream';
import { startTestServer, type TestServer } from '../../support/testServer';

let stack: TestServer;
let upstream: FakeUpstream;
let base: string;
let metadataStatus = 200;
let offset = 0;
const metadataPath = `/${TEST_TENANT}/v2.0/.well-known/openid-configuration`;

beforeAll(async () => {
  stack = await startTestServer({
    server: { now: () => Date.now() + offset },
    upstreamHandler: (fake) => (req) =>
      req.path === metadataPath
        ? {
            status: metadataStatus,
            body: {
              issuer: `${fake.url}/${TEST_TENANT}/v2.0`,
              jwks_uri: `${fake.url}/${TEST_TENANT}/discovery/v2.0/keys`,
            },
          }
        : undefined,
  });
  ({ upstream, base } = stack);
});

afterAll(async () => stack.close());

const metadataRequests = (): number => upstream.requests.filter((r) => r.path === metadataPath).length;

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} without a token, never cached', async () => {
    const res = await call(base, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /readyz', () => {
  it('is ready when the registry answers and Entra metadata and keys can be fetched; says nothing of the configuration', async () => {
    const res = await call(base, 'GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', unopenableCloseCredentials: 0, unopenableTokenCacheEntries: 0 });
    for (const secretish of [TEST_TENANT, TEST_CLIENT, upstream.url, 'test-secret-value'])
      expect(res.text).not.toContain(secretish);
  });

  it('asks Entra at most once per cache period, however many probes arrive', async () => {
    offset += READINESS_CACHE_MS;
    const before = metadataRequests();
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(base, 'GET', '/readyz')));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(metadataRequests() - before).toBe(1);
  });

  it('answers 503 naming the failing check when Entra cannot be reached, and recovers', async () => {
    metadataStatus = 503;
    offset += READINESS_CACHE_MS;
    const down = await call(base, 'GET', '/readyz');
    expect(down.status).toBe(503);
    expect(down.json()).toEqual({
      status: 'notReady',
      checks: { registry: 'ok', entra: 'failing' },
      unopenableCloseCredentials: 0,
      unopenableTokenCacheEntries: 0,
    });
    metadataStatus = 200;
    offset += READINESS_CACHE_MS;
    expect((await call(base, 'GET', '/readyz')).status).toBe(200);
  });
});

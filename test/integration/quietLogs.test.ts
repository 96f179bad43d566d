/**
 * At `info`, routine refusals leave no line of their own: they are counted, and the middle tier
 * sums them up by code (once a minute, and when it stops). Successful requests keep one line
 * each, with method, path and status.
 */
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { ssoTokenFor } from '../support/emulatorControl';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';
import { captureLogs } from '../support/logCapture';
import { openRawTls, sendRaw } from '../support/rawHttps';

const MEGAN = SEED_USERS.megan.oid;
const INFO = 30;

let stack: LocalStack | undefined;
const logs = captureLogs();

beforeAll(async () => {
  stack = await startLocalStack({
    serverEnv: {
      LOG_LEVEL: 'info',
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '5',
      HEADERS_TIMEOUT_SECONDS: '1',
      REQUEST_TIMEOUT_SECONDS: '2',
    },
    serverOverrides: { logStream: logs.stream },
  });
}, 30_000);
afterAll(async () => stack?.close());

function running(): LocalStack {
  if (stack === undefined) throw new Error('the stack is not running');
  return stack;
}

const get = (path: string, token?: string) =>
  httpsJson(running(), `${running().addinUrl}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

describe('log lines at info', () => {
  it('are one per successful request and none per refusal; the refusals are summed up by code', async () => {
    const token = await ssoTokenFor(running(), MEGAN);
    const statuses: number[] = [];
    // 8 junk tokens from one address with a budget of 5: 5 × 401, then 3 × 429.
    for (let i = 0; i < 8; i++) statuses.push((await get('/api/sessions', 'not.a.token')).status);
    for (let i = 0; i < 4; i++) statuses.push((await get(`/no-such-page-${i}`)).status);
    for (let i = 0; i < 2; i++) statuses.push((await get('/api/sessions?x=1', token)).status);
    // One malformed request (a bare CR in a header) and one that never finishes its headers.
    statuses.push(
      (
        await sendRaw(
          running().addinUrl,
          running().caCertPem,
          'GET /api/sessions HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\rb\r\n\r\n',
        )
      ).status,
    );
    const late = openRawTls(running().addinUrl, running().caCertPem);
    await late.ready;
    late.write('GET /api/sessions HTTP/1.1\r\nHost: localhost\r\n');
    await late.closedWithin(6000);
    statuses.push(Number(/^HTTP\/1\.1 (\d+)/.exec(late.received())?.[1]));
    // A signed-in request whose body stops halfway is cut off by the request timeout.
    const stalled = openRawTls(running().addinUrl, running().caCertPem);
    await stalled.ready;
    stalled.write(
      `POST /api/sessions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"documentUrl":`,
    );
    await stalled.closedWithin(6000);
    statuses.push(Number(/^HTTP\/1\.1 (\d+)/.exec(stalled.received())?.[1]));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 404, 404, 404, 404, 400, 400, 400, 408, 408]);

    for (let i = 0; i < 2; i++) expect((await get('/api/sessions', token)).status).toBe(200);

    const duringRun = logs.entries().filter((e) => e.level === INFO);
    const completed = duringRun.filter((e) => e.msg === 'request completed');
    expect(
      completed.map((e) => [(e.req as { url?: unknown }).url, (e.res as { statusCode?: unknown }).statusCode]),
    ).toEqual([
      ['/api/sessions', 200],
      ['/api/sessions', 200],
    ]);
    // Nothing else at info or above names a request (no "incoming request", no "request
    // rejected", no error for the request whose client was cut off).
    const aboutRequests = logs
      .entries()
      .filter(
        (e) =>
          (e.level as number) >= INFO &&
          e.msg !== 'request completed' &&
          (e.reqId !== undefined || e.req !== undefined),
      );
    expect(aboutRequests).toEqual([]);

    // Stopping writes the summary of what the current minute counted.
    await running().close();
    stack = undefined;
    const summaries = logs.entries().filter((e) => e.msg === 'routine refusals');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toEqual(
      expect.objectContaining({
        level: INFO,
        total: 17,
        refusals: { invalidRequest: 3, invalidToken: 5, rateLimited: 3, requestTimeout: 2, routeNotFound: 4 },
      }),
    );
  }, 30_000);
});

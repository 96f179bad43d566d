/**
 * The Prometheus endpoint scraped by a real Prometheus server (Debian's `prometheus`): the
 * middle tier (a child process from the build) serves /metrics on METRICS_PORT, on loopback and
 * never on its public port; after an open (throttled once by Graph), a close and a refused
 * on-behalf-of exchange, Prometheus' query API shows the requests by route and status, the Graph
 * calls by operation and status, the 429 and the seconds waited for Retry-After, the exchanges
 * by outcome and AADSTS code, the opens and closes by outcome, and the sessions open.
 */
import { request } from 'undici';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { SessionResponse } from '../../src/shared/api';
import { setEntraBehaviour, setFaults, ssoTokenFor } from '../support/emulatorControl';
import { freePort } from '../support/freePort';
import type { LocalStack } from '../support/localStack';
import { startProcessStack, type ProcessStack } from '../support/processStack';
import { startPrometheus, type PrometheusSample, type PrometheusServer } from '../support/prometheus';
import { apiCall } from '../support/sessionApi';

let stack: ProcessStack;
let prometheus: PrometheusServer;
let metricsPort: number;

beforeAll(async () => {
  metricsPort = await freePort();
  stack = await startProcessStack({ METRICS_PORT: String(metricsPort), RATE_LIMIT_PER_MINUTE: '0' });
  await stack.startServer();
  prometheus = await startPrometheus(`127.0.0.1:${metricsPort}`);
}, 60_000);
afterAll(async () => {
  await prometheus?.close();
  await stack?.close();
});

/** Polls an instant query until `accept` holds (Prometheus scrapes every second). */
async function queryUntil(
  promql: string,
  accept: (samples: PrometheusSample[]) => boolean,
): Promise<PrometheusSample[]> {
  const deadline = Date.now() + 30_000;
  let last: PrometheusSample[];
  for (;;) {
    last = await prometheus.query(promql);
    if (accept(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `${promql} never matched; last answer: ${JSON.stringify(last)}\nprometheus: ${prometheus.output()}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}
const single = (value: number) => (samples: PrometheusSample[]) => samples.length === 1 && samples[0]?.value === value;

it('serves /metrics on its own loopback port only', async () => {
  const own = await request(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(own.statusCode).toBe(200);
  expect(await own.body.text()).toContain('# TYPE http_server_request_duration histogram');
  const publicPort = await request(`${stack.addinUrl}/metrics`, { dispatcher: stack.dispatcher });
  await publicPort.body.dump();
  expect(publicPort.statusCode).toBe(404);
  await queryUntil('up', (samples) => samples.some((s) => s.value === 1));
});

it("shows an open and a close, Graph's 429 and the wait, the OBO outcomes and the sessions open in Prometheus' query API", async () => {
  const control = stack as unknown as LocalStack;
  const megan = await ssoTokenFor(control, SEED_USERS.megan.oid);
  const wb = SEED_WORKBOOKS.forecast;
  await setFaults(stack, 1, [
    { id: 'throttle-once', route: 'createSession', kind: 'throttle', count: 1, retryAfterSeconds: 1 },
  ]);
  const opened = await apiCall(stack, megan, '/api/sessions', {
    method: 'POST',
    body: { driveId: wb.driveId, itemId: wb.itemId, persistChanges: true },
  });
  expect(opened.status).toBe(201);
  const second = await apiCall(stack, megan, '/api/sessions', {
    method: 'POST',
    body: { driveId: wb.driveId, itemId: wb.itemId, persistChanges: false },
  });
  expect(second.status).toBe(201);
  await queryUntil('workbook_sessions_sessions{workbook_sessions_session_status="open"}', single(2));

  const closed = await apiCall(stack, megan, `/api/sessions/${(opened.body as SessionResponse).session.id}`, {
    method: 'DELETE',
  });
  expect(closed.status).toBe(200);

  // Ana's exchange is refused: consent missing (AADSTS65001).
  await setEntraBehaviour(control, SEED_USERS.ana.oid, 'consentRequired');
  const ana = await ssoTokenFor(control, SEED_USERS.ana.oid);
  const refused = await apiCall(stack, ana, '/api/sessions', {
    method: 'POST',
    body: { driveId: wb.driveId, itemId: wb.itemId, persistChanges: true },
  });
  expect(refused.status).toBe(403);
  await setEntraBehaviour(control, SEED_USERS.ana.oid, 'ok');

  await queryUntil(
    'sum by (workbook_sessions_outcome) (workbook_sessions_session_closes_total)',
    (s) => s.length === 1 && s[0]?.labels.workbook_sessions_outcome === 'closed' && s[0].value === 1,
  );
  await queryUntil('sum(workbook_sessions_session_opens_total{workbook_sessions_outcome="opened"})', single(2));
  await queryUntil(
    'sum(workbook_sessions_session_opens_total{workbook_sessions_outcome="failed",workbook_sessions_error_code="consentRequired"})',
    single(1),
  );
  await queryUntil('workbook_sessions_sessions{workbook_sessions_session_status="open"}', single(1));

  // API requests by route and status (semantic-convention names).
  await queryUntil(
    'sum(http_server_request_duration_count{http_route="/api/sessions",http_request_method="POST",http_response_status_code="201"})',
    single(2),
  );
  await queryUntil(
    'sum(http_server_request_duration_count{http_route="/api/sessions/:id",http_request_method="DELETE",http_response_status_code="200"})',
    single(1),
  );

  // Graph calls by operation and status, the 429 and the Retry-After wait.
  await queryUntil(
    'sum(workbook_sessions_graph_request_duration_count{workbook_sessions_graph_operation="createSession",http_response_status_code="429"})',
    single(1),
  );
  await queryUntil(
    'sum(workbook_sessions_graph_request_duration_count{workbook_sessions_graph_operation="createSession",http_response_status_code="201"})',
    single(2),
  );
  await queryUntil(
    'sum(workbook_sessions_graph_request_duration_count{workbook_sessions_graph_operation="closeSession",http_response_status_code="204"})',
    single(1),
  );
  await queryUntil(
    'sum(workbook_sessions_graph_throttled_total{workbook_sessions_graph_operation="createSession"})',
    single(1),
  );
  const waited = await queryUntil(
    'sum(workbook_sessions_graph_retry_wait_total{workbook_sessions_graph_wait_reason="retry_after"})',
    (s) => s.length === 1,
  );
  expect(waited[0]?.value).toBeGreaterThanOrEqual(1);
  const p99 = await queryUntil(
    'histogram_quantile(0.99, sum by (le) (workbook_sessions_graph_request_duration_bucket))',
    (s) => s.length === 1,
  );
  expect(p99[0]?.value).toBeGreaterThan(0);

  // On-behalf-of exchanges: Megan's succeeded, Ana's failed with its AADSTS code.
  await queryUntil(
    'sum(workbook_sessions_obo_exchanges_total{workbook_sessions_outcome="success"})',
    (s) => s.length === 1 && (s[0]?.value ?? 0) >= 1,
  );
  await queryUntil(
    'sum(workbook_sessions_obo_exchanges_total{workbook_sessions_outcome="failure",workbook_sessions_obo_error="AADSTS65001"})',
    single(1),
  );
});

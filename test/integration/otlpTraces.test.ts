/**
 * Traces over OTLP/HTTP, JSON and protobuf: the middle tier (a child process started from the
 * build, configured only through the standard OTEL_* variables) sends a receiver on loopback the
 * spans of an open and a close. The close's request span carries its route and status; beneath
 * it the Graph closeSession attempt carries the operation, the status, Graph's request-id and
 * our client-request-id, with the HTTP request and the registry operations beneath; log lines
 * carry the trace id. No attribute anywhere holds a token, a user's name or UPN, the document
 * URL, the drive or item id or the Graph session id.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { CloseSessionResponse, SessionResponse } from '../../src/shared/api';
import { emulatorState, ssoTokenFor } from '../support/emulatorControl';
import type { LocalStack } from '../support/localStack';
import { startOtlpReceiver, type AttributeValue, type OtlpReceiver, type ReceivedSpan } from '../support/otlpReceiver';
import { startProcessStack, type ProcessStack } from '../support/processStack';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { apiCall } from '../support/sessionApi';

const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;

async function spansOfTrace(
  receiver: OtlpReceiver,
  traceId: () => string | undefined,
  names: readonly string[],
): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const id = traceId();
    const trace = id === undefined ? [] : receiver.spans.filter((s) => s.traceId === id);
    if (names.every((name) => trace.some((s) => s.name === name))) return trace;
    if (Date.now() > deadline)
      throw new Error(`spans missing: wanted ${names.join(', ')}; got ${trace.map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const flatten = (value: AttributeValue): string[] => (Array.isArray(value) ? value.flatMap(flatten) : [String(value)]);

const CASES = [
  { protocol: 'http/json', registry: 'sqlite' },
  { protocol: 'http/protobuf', registry: 'postgresql' },
] as const;

describe.each(CASES)('OTLP over $protocol, $registry registry', ({ protocol, registry }) => {
  let receiver: OtlpReceiver;
  let stack: ProcessStack;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = registry === 'postgresql' ? await createTestDatabase() : undefined;
    stack = await startProcessStack({
      ...(database === undefined ? {} : { REGISTRY_URL: database.url }),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
      OTEL_SERVICE_NAME: 'workbook-sessions-test',
    });
    await stack.startServer();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    await database?.drop();
  });

  it('exports the spans of a close with route, status, Graph ids and retry count, and none carries a secret or a name', async () => {
    const megan = await ssoTokenFor(stack as unknown as LocalStack, SEED_USERS.megan.oid);
    const wb = SEED_WORKBOOKS.forecast;
    const opened = await apiCall(stack, megan, '/api/sessions', {
      method: 'POST',
      body: { documentUrl: wb.webUrl, persistChanges: true },
    });
    expect(opened.status).toBe(201);
    const { session } = opened.body as SessionResponse;
    const graphSessionId = (await emulatorState(stack as unknown as LocalStack)).sessions.find(
      (s) => s.status === 'open',
    )?.id;
    expect(graphSessionId).toEqual(expect.any(String));

    const closed = await apiCall(stack, megan, `/api/sessions/${session.id}`, { method: 'DELETE' });
    expect(closed.status).toBe(200);
    expect((closed.body as CloseSessionResponse).outcome).toBe('closed');

    const closeRequestSpan = (): ReceivedSpan | undefined =>
      receiver.spans.find((s) => s.name === 'DELETE /api/sessions/:id');
    const trace = await spansOfTrace(receiver, () => closeRequestSpan()?.traceId, [
      'DELETE /api/sessions/:id',
      'Graph closeSession',
      'POST',
    ]);
    const root = closeRequestSpan() as ReceivedSpan;
    expect(root).toMatchObject({
      parentSpanId: '',
      kind: SPAN_KIND.server,
      attributes: expect.objectContaining({
        'http.request.method': 'DELETE',
        'http.route': '/api/sessions/:id',
        'http.response.status_code': 200,
        'enduser.pseudo.id': expect.stringMatching(/^[\w-]{22}$/),
      }),
    });

    const graph = trace.find((s) => s.name === 'Graph closeSession') as ReceivedSpan;
    expect(graph.parentSpanId).toBe(root.spanId);
    expect(graph.attributes).toEqual(
      expect.objectContaining({
        'workbook_sessions.graph.operation': 'closeSession',
        'workbook_sessions.graph.retry_count': 0,
        'http.response.status_code': 204,
        'workbook_sessions.graph.client_request_id': expect.stringMatching(/^[0-9a-f-]{36}$/),
        'workbook_sessions.graph.request_id': expect.any(String),
      }),
    );
    // The client-request-id Graph received is the one on the span, and its request-id came back.
    const logged = (await emulatorState(stack as unknown as LocalStack)).requests.filter((r) =>
      r.path.endsWith('/workbook/closeSession'),
    );
    expect(logged.map((r) => r.headers['client-request-id'])).toContain(
      graph.attributes['workbook_sessions.graph.client_request_id'],
    );

    // The HTTP request to Graph (undici) beneath the attempt, its URL a template.
    const http = trace.find((s) => s.parentSpanId === graph.spanId) as ReceivedSpan;
    expect(http).toMatchObject({ name: 'POST', kind: SPAN_KIND.client });
    expect(http.attributes['url.full']).toMatch(
      /\/v1\.0\/drives\/\{drive-id\}\/items\/\{item-id\}\/workbook\/closeSession$/,
    );

    // The registry's statements for the close, beneath the request.
    const registryOps = trace.filter((s) => s.name.startsWith('registry '));
    expect(registryOps.map((s) => s.name)).toEqual(
      expect.arrayContaining(['registry get', 'registry markClosing', 'registry settleClosing']),
    );
    expect(registryOps.every((s) => s.attributes['db.system.name'] === registry)).toBe(true);
    if (registry === 'postgresql') {
      // PostgreSQL's statements (pg instrumentation) beneath the operation that ran them: their text, never their values.
      const markClosing = registryOps.find((s) => s.name === 'registry markClosing') as ReceivedSpan;
      const statements = trace.filter((s) => s.parentSpanId === markClosing.spanId && s.kind === SPAN_KIND.client);
      expect(statements.map((s) => String(s.attributes['db.statement'] ?? s.attributes['db.query.text']))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^UPDATE sessions s SET status = 'closing'/)]),
      );
    }

    // The open went through /shares (the document URL): its span names a template, never the URL.
    await spansOfTrace(receiver, () => receiver.spans.find((s) => s.name === 'Graph resolveDocumentUrl')?.traceId, [
      'Graph resolveDocumentUrl',
      'Graph createSession',
      'POST /api/sessions',
    ]);

    // Log lines of the close carry its trace id.
    const lines = stack
      .serverOutput()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { trace_id?: string; msg?: string });
    expect(lines.some((l) => l.trace_id === root.traceId && l.msg === 'Graph call')).toBe(true);

    // Nothing secret or personal in any attribute of any span exported.
    const forbidden = [
      megan,
      SEED_USERS.megan.oid,
      SEED_USERS.megan.upn,
      SEED_USERS.megan.displayName,
      wb.webUrl,
      encodeURIComponent(wb.webUrl),
      wb.driveId,
      wb.itemId,
      graphSessionId as string,
    ];
    const values = receiver.spans.flatMap((s) => [s.name, ...Object.values(s.attributes).flatMap(flatten)]);
    expect(values.length).toBeGreaterThan(50);
    for (const value of values) {
      // No JSON web token (an SSO or Graph access token) of any kind.
      expect(value).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
      for (const secret of forbidden) expect(value).not.toContain(secret);
    }
    expect(receiver.requests.some((r) => r.path === '/v1/metrics')).toBe(true);
    const expectedType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    expect(receiver.requests.every((r) => r.contentType.startsWith(expectedType))).toBe(true);
  });
});

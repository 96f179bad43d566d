import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OutboundNetworkError } from '../http/outboundRequest';
import { createOtelTelemetry } from './otelTelemetry';

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(tracerProvider);
metrics.setGlobalMeterProvider(meterProvider);

const telemetry = createOtelTelemetry({
  pseudonymKey: Buffer.alloc(32, 1),
  registrySystem: 'sqlite',
  shutdown: async () => undefined,
});
afterAll(async () => {
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
});
beforeEach(() => spans.reset());

async function metricPoints(name: string): Promise<{ attributes: Record<string, unknown>; value: unknown }[]> {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })));
}

describe('OpenTelemetry hooks', () => {
  it('gives each Graph attempt its retry count, status and request-id, and counts a 429', async () => {
    const answer = { status: 429, headers: { 'request-id': 'req-1', 'retry-after': '1' }, text: '' };
    await telemetry.graphAttempt(
      { operation: 'createSession', attempt: 2, clientRequestId: 'c-1' },
      async () => answer,
    );
    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe('Graph createSession');
    expect(span?.attributes).toEqual({
      'workbook_sessions.graph.operation': 'createSession',
      'workbook_sessions.graph.retry_count': 1,
      'workbook_sessions.graph.client_request_id': 'c-1',
      'workbook_sessions.graph.request_id': 'req-1',
      'http.response.status_code': 429,
    });
    expect(await metricPoints('workbook_sessions.graph.throttled')).toEqual([
      { attributes: { 'workbook_sessions.graph.operation': 'createSession' }, value: 1 },
    ]);
  });

  it('marks an attempt Graph never answered with the transport cause, and lets the error through', async () => {
    const failure = new OutboundNetworkError('https://graph.example/v1.0/x', 'ECONNRESET');
    await expect(
      telemetry.graphAttempt({ operation: 'closeSession', attempt: 1, clientRequestId: 'c-2' }, () =>
        Promise.reject(failure),
      ),
    ).rejects.toBe(failure);
    const [span] = spans.getFinishedSpans();
    expect(span?.attributes['error.type']).toBe('ECONNRESET');
    expect(span?.status.code).toBe(2);
    const durations = await metricPoints('workbook_sessions.graph.request.duration');
    expect(durations.map((d) => d.attributes)).toContainEqual({
      'workbook_sessions.graph.operation': 'closeSession',
      'error.type': 'ECONNRESET',
    });
  });

  it('puts the current trace and span ids on log lines, and nothing outside a span', async () => {
    expect(telemetry.logFields()).toEqual({});
    await telemetry.graphAttempt({ operation: 'batch', attempt: 1, clientRequestId: 'c-3' }, async () => {
      const fields = telemetry.logFields();
      expect(fields).toEqual({
        trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      return { status: 200, headers: {}, text: '' };
    });
    expect(spans.getFinishedSpans()[0]?.spanContext().traceId).toBeDefined();
  });

  it('records a failed registry operation with its error code', async () => {
    const failure = Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' });
    await expect(telemetry.registryOperation('markClosing', () => Promise.reject(failure))).rejects.toBe(failure);
    expect(spans.getFinishedSpans()[0]).toMatchObject({
      name: 'registry markClosing',
      attributes: { 'db.system.name': 'sqlite', 'db.operation.name': 'markClosing', 'error.type': 'SQLITE_BUSY' },
    });
  });

  it('counts lease takeovers as the rows taken from lapsed leases, and reconciler actions by kind', async () => {
    telemetry.reconciled({
      closesFinished: 2,
      expiredRemoved: 1,
      reopened: 0,
      closesPending: 1,
      unknownCreatesRemoved: 3,
    });
    expect(await metricPoints('workbook_sessions.registry.lease.takeovers')).toEqual([{ attributes: {}, value: 4 }]);
    expect(await metricPoints('workbook_sessions.reconciler.actions')).toEqual(
      expect.arrayContaining([
        { attributes: { 'workbook_sessions.reconciler.action': 'closesFinished' }, value: 2 },
        { attributes: { 'workbook_sessions.reconciler.action': 'unknownCreatesRemoved' }, value: 3 },
      ]),
    );
  });

  it('reports sessions by state from a cached count, never waiting for the registry', async () => {
    let asked = 0;
    telemetry.countSessionsWith(async () => {
      asked++;
      return { opening: 1, open: 5, closing: 0 };
    });
    expect(await metricPoints('workbook_sessions.sessions')).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(await metricPoints('workbook_sessions.sessions')).toContainEqual({
      attributes: { 'workbook_sessions.session.status': 'open' },
      value: 5,
    });
    expect(asked).toBe(1);
  });
});

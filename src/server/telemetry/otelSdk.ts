/**
 * Starts the OpenTelemetry SDK for the exports the configuration names (telemetryConfig.ts):
 * OTLP over HTTP (protobuf or JSON) for traces and metrics, a Prometheus endpoint (/metrics on
 * its own port), and Azure Monitor (azureMonitor.ts). Also the instrumentation of outbound HTTP (undici: every Graph and
 * Entra ID request) and of PostgreSQL statements (pg). Only loadTelemetry.ts loads this file,
 * and only when an export is configured, so that otherwise no OpenTelemetry package is loaded.
 *
 * The pg instrumentation patches `pg` when it is first required: main.ts therefore starts
 * telemetry before it loads the rest of the middle tier.
 */
import { context, metrics, propagation, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as AzureMonitor from './azureMonitor';
import { TELEMETRY_START_FAILED } from './telemetry';
import type { TelemetryConfig } from './telemetryConfig';

/** The exports cannot start (the metrics port is taken…): start-up stops with this message. */
export class TelemetryStartError extends Error {
  override name = TELEMETRY_START_FAILED;
}

export interface StartedSdk {
  shutdown(): Promise<void>;
}

export async function startSdk(config: TelemetryConfig, version: string): Promise<StartedSdk> {
  // OTEL_RESOURCE_ATTRIBUTES is honoured by the default resource; OTEL_SERVICE_NAME wins over our name.
  const resource = defaultResource().merge(
    resourceFromAttributes({ 'service.name': config.serviceName, 'service.version': version }),
  );

  const spanProcessors: SpanProcessor[] = [];
  if (config.traces !== null) {
    const options = { url: config.traces.url, headers: config.traces.headers };
    spanProcessors.push(
      new BatchSpanProcessor(
        config.traces.protocol === 'http/json' ? new JsonTraceExporter(options) : new ProtobufTraceExporter(options),
      ),
    );
  }
  const readers: IMetricReader[] = [];
  if (config.metrics !== null) {
    const options = { url: config.metrics.url, headers: config.metrics.headers };
    const exporter =
      config.metrics.protocol === 'http/json' ? new JsonMetricExporter(options) : new ProtobufMetricExporter(options);
    readers.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: config.metricExportIntervalMs,
        exportTimeoutMillis: Math.min(30_000, config.metricExportIntervalMs),
      }),
    );
  }
  if (config.azureMonitorConnectionString !== null) {
    // Its exporters and their Azure SDK dependencies load only when it is configured.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { azureMonitorExports } = require('./azureMonitor') as typeof AzureMonitor;
    const azure = azureMonitorExports(config.azureMonitorConnectionString, config.metricExportIntervalMs);
    spanProcessors.push(azure.spanProcessor);
    readers.push(azure.metricReader);
  }
  let prometheus: PrometheusExporter | undefined;
  if (config.prometheus !== null) {
    prometheus = new PrometheusExporter({
      host: config.prometheus.host,
      port: config.prometheus.port,
      endpoint: '/metrics',
      preventServerStart: true,
    });
    readers.push(prometheus);
  }

  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors });
  const meterProvider = new MeterProvider({ resource, readers });
  metrics.setGlobalMeterProvider(meterProvider);
  // Tracing only when traces go somewhere: following a request across awaits (AsyncLocalStorage)
  // is most of telemetry's cost per request, and metrics do not need it.
  if (spanProcessors.length > 0) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(tracerProvider);
  }
  const unregister = registerInstrumentations({
    instrumentations: [
      new UndiciInstrumentation({ startSpanHook: (request) => outboundUrlAttributes(request.origin, request.path) }),
      // Statements only, never their values (enhancedDatabaseReporting stays off).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });

  const shutdown = async (): Promise<void> => {
    unregister();
    await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
  };
  if (prometheus !== undefined && config.prometheus !== null) {
    try {
      await prometheus.startServer();
    } catch (error) {
      await shutdown();
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      const where = `${config.prometheus.host}:${config.prometheus.port}`;
      throw new TelemetryStartError(
        code === 'EADDRINUSE'
          ? `METRICS_PORT ${config.prometheus.port} is already in use on ${config.prometheus.host}: choose a free port.`
          : `the metrics endpoint cannot listen on ${where} (${typeof code === 'string' ? code : 'error'}): check METRICS_HOST and METRICS_PORT.`,
      );
    }
  }
  return { shutdown };
}

/**
 * The URL of an outbound request as a template: Graph's share ids encode the document URL, and
 * drive and item ids name a user's files, so none of them is exported; query strings neither.
 */
export function outboundUrlAttributes(origin: string | URL, path: string): Attributes {
  const pathname = path.split('?')[0] ?? '';
  const template = pathname
    .replace(/\/shares\/[^/]+/g, '/shares/{share-id}')
    .replace(/\/drives\/[^/]+/g, '/drives/{drive-id}')
    .replace(/\/items\/[^/]+/g, '/items/{item-id}');
  return { 'url.full': `${String(origin).replace(/\/+$/, '')}${template}`, 'url.path': template, 'url.query': '' };
}

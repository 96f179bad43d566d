/**
 * Azure Monitor (Application Insights) as one more destination of the same SDK pipeline: its
 * trace and metric exporters (https://learn.microsoft.com/en-us/azure/azure-monitor/app/opentelemetry-enable?tabs=nodejs),
 * fed by the spans and metrics of otelSdk.ts, beside OTLP and Prometheus. Required by otelSdk.ts
 * only when APPLICATIONINSIGHTS_CONNECTION_STRING is set.
 */
import { AzureMonitorMetricExporter, AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export function azureMonitorExports(
  connectionString: string,
  metricExportIntervalMs: number,
): { spanProcessor: SpanProcessor; metricReader: IMetricReader } {
  return {
    spanProcessor: new BatchSpanProcessor(new AzureMonitorTraceExporter({ connectionString })),
    metricReader: new PeriodicExportingMetricReader({
      exporter: new AzureMonitorMetricExporter({ connectionString }),
      exportIntervalMillis: metricExportIntervalMs,
      exportTimeoutMillis: Math.min(30_000, metricExportIntervalMs),
    }),
  };
}

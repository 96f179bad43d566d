/**
 * The telemetry variables of the middle tier's configuration table (serverVariables.ts): ours
 * (METRICS_*, Azure Monitor) and the standard OpenTelemetry ones telemetryConfig.ts reads.
 */
import { custom, hostName, milliseconds, oneOf, port, variable } from '../../shared/configTable';

const TELEMETRY = 'Metrics and traces (off unless one of these is set; docs/operations.md)';
const OTLP =
  'OpenTelemetry (standard OTEL_* variables, https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/)';

export const TELEMETRY_VARIABLES = [
  variable('METRICS_PORT', port(1), {
    group: TELEMETRY,
    description: 'a Prometheus endpoint, `/metrics` on this port of its own (never the public `PORT`)',
  }),
  variable('METRICS_HOST', hostName, {
    default: '127.0.0.1',
    group: TELEMETRY,
    description: 'where the Prometheus endpoint listens (only with `METRICS_PORT`)',
  }),
  variable('APPLICATIONINSIGHTS_CONNECTION_STRING', custom('InstrumentationKey=…;IngestionEndpoint=…'), {
    secret: true,
    group: TELEMETRY,
    description: "traces and metrics to Azure Monitor: the Application Insights resource's connection string",
  }),
  variable('OTEL_EXPORTER_OTLP_ENDPOINT', custom('http or https URL'), {
    group: TELEMETRY,
    description: 'traces and metrics over OTLP/HTTP to a collector (`/v1/traces` and `/v1/metrics` are appended)',
  }),
  variable('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', custom('http or https URL'), {
    group: OTLP,
    description: 'the traces endpoint, used as given',
  }),
  variable('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', custom('http or https URL'), {
    group: OTLP,
    description: 'the metrics endpoint, used as given',
  }),
  variable('OTEL_EXPORTER_OTLP_PROTOCOL', oneOf(['http/protobuf', 'http/json']), {
    default: 'http/protobuf',
    group: OTLP,
    description: 'the OTLP encoding (gRPC is not supported)',
  }),
  variable('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', custom('http/protobuf or http/json'), {
    shownDefault: '`OTEL_EXPORTER_OTLP_PROTOCOL`',
    group: OTLP,
    description: 'the encoding of traces',
  }),
  variable('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', custom('http/protobuf or http/json'), {
    shownDefault: '`OTEL_EXPORTER_OTLP_PROTOCOL`',
    group: OTLP,
    description: 'the encoding of metrics',
  }),
  variable('OTEL_EXPORTER_OTLP_HEADERS', custom('key=value pairs, values percent-encoded'), {
    secret: true,
    group: OTLP,
    description: 'headers sent with both signals (an API key)',
  }),
  variable('OTEL_EXPORTER_OTLP_TRACES_HEADERS', custom('key=value pairs, values percent-encoded'), {
    secret: true,
    group: OTLP,
    description: 'headers sent with traces',
  }),
  variable('OTEL_EXPORTER_OTLP_METRICS_HEADERS', custom('key=value pairs, values percent-encoded'), {
    secret: true,
    group: OTLP,
    description: 'headers sent with metrics',
  }),
  variable('OTEL_TRACES_EXPORTER', oneOf(['otlp', 'none']), {
    default: 'otlp',
    group: OTLP,
    description: '`none` turns traces off',
  }),
  variable('OTEL_METRICS_EXPORTER', oneOf(['otlp', 'none']), {
    default: 'otlp',
    group: OTLP,
    description: '`none` turns OTLP metrics off',
  }),
  variable('OTEL_METRIC_EXPORT_INTERVAL', milliseconds(100, 3_600_000), {
    default: '60000',
    group: OTLP,
    description: 'how often metrics are pushed over OTLP',
  }),
  variable('OTEL_TRACES_SAMPLER', custom('a sampler of the specification'), {
    shownDefault: 'parentbased_always_on',
    group: OTLP,
    description: 'which traces are recorded (`parentbased_traceidratio` with a ratio records a share)',
  }),
  variable('OTEL_TRACES_SAMPLER_ARG', custom('ratio 0–1'), {
    group: OTLP,
    description: 'the ratio of a `traceidratio` sampler (`0.1`: one trace in ten; metrics still count every request)',
  }),
  variable('OTEL_SERVICE_NAME', custom('text'), {
    default: 'workbook-sessions',
    group: OTLP,
    description: 'the service name on traces and metrics',
  }),
  variable('OTEL_SDK_DISABLED', custom('true or false'), {
    shownDefault: 'false',
    group: OTLP,
    description: '`true` turns every export off',
  }),
] as const;

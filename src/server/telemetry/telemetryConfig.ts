/**
 * Which telemetry exports are on, read with the rest of the configuration. Off unless one of
 * these is set: the standard OTLP variables (OTEL_EXPORTER_OTLP_ENDPOINT, or the per-signal
 * _TRACES_ENDPOINT / _METRICS_ENDPOINT;
 * https://opentelemetry.io/docs/specs/otel/protocol/exporter/), METRICS_PORT (a Prometheus
 * endpoint) or APPLICATIONINSIGHTS_CONNECTION_STRING (Azure Monitor). OTEL_SDK_DISABLED=true
 * turns all of it off, as the specification says.
 */

import { boolean, hostName, milliseconds, oneOf, optional, port } from '../../shared/configTable';
import type { ReadVariable } from '../serverVariables';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface OtlpSignal {
  /** The full URL the signal is posted to (…/v1/traces, …/v1/metrics unless given per signal). */
  url: string;
  protocol: OtlpProtocol;
  /** OTEL_EXPORTER_OTLP_HEADERS and the per-signal headers (e.g. an API key); never logged. */
  headers: Record<string, string>;
}

export interface TelemetryConfig {
  serviceName: string;
  traces: OtlpSignal | null;
  metrics: OtlpSignal | null;
  /** How often metrics are pushed over OTLP (OTEL_METRIC_EXPORT_INTERVAL). */
  metricExportIntervalMs: number;
  /** The Prometheus endpoint (/metrics on its own port); never the public port. */
  prometheus: { host: string; port: number } | null;
  /** Azure Monitor (Application Insights); a secret-bearing value, never logged. */
  azureMonitorConnectionString: string | null;
}

type Read = ReadVariable;

const metricsPort = port(1);

const PROTOCOLS: readonly string[] = ['http/protobuf', 'http/json'];
/** The samplers of the SDK configuration specification (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration). */
const SAMPLERS: readonly string[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/** Null when no export is configured: then nothing of OpenTelemetry is loaded. */
export function readTelemetry(read: Read, publicPort: number, allProblems: string[]): TelemetryConfig | null {
  // Both signals read the general variables: a wrong one is reported once.
  const problems: string[] = [];
  const config = readTelemetryVariables(read, publicPort, problems);
  allProblems.push(...new Set(problems));
  return config;
}

function readTelemetryVariables(read: Read, publicPort: number, problems: string[]): TelemetryConfig | null {
  const prometheus = readPrometheus(read, publicPort, problems);
  const traces = readSignal(read, 'TRACES', 'v1/traces', problems);
  const metrics = readSignal(read, 'METRICS', 'v1/metrics', problems);
  const connectionString = read('APPLICATIONINSIGHTS_CONNECTION_STRING');
  if (connectionString !== '' && !/(^|;)\s*InstrumentationKey=/i.test(connectionString)) {
    problems.push(
      'APPLICATIONINSIGHTS_CONNECTION_STRING must be the connection string of an Application Insights resource (InstrumentationKey=…;IngestionEndpoint=…).',
    );
  }
  const disabled = optional(boolean).parse('OTEL_SDK_DISABLED', read('OTEL_SDK_DISABLED'), problems);
  const interval = milliseconds(100, 3_600_000).parse(
    'OTEL_METRIC_EXPORT_INTERVAL',
    read('OTEL_METRIC_EXPORT_INTERVAL'),
    problems,
  );

  const sampler = read('OTEL_TRACES_SAMPLER');
  if (sampler !== '' && !SAMPLERS.includes(sampler))
    problems.push(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')} (got "${sampler}").`);
  const ratioText = read('OTEL_TRACES_SAMPLER_ARG');
  if (ratioText !== '' && sampler.endsWith('traceidratio') && !/^(0(\.\d+)?|1(\.0+)?)$/.test(ratioText)) {
    problems.push(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1 for ${sampler} (got "${ratioText}").`);
  }

  const serviceName = read('OTEL_SERVICE_NAME');
  if (disabled === true || (prometheus === null && traces === null && metrics === null && connectionString === ''))
    return null;
  return {
    serviceName,
    traces,
    metrics,
    metricExportIntervalMs: interval,
    prometheus,
    azureMonitorConnectionString: connectionString === '' ? null : connectionString,
  };
}

function readPrometheus(read: Read, publicPort: number, problems: string[]): TelemetryConfig['prometheus'] {
  const portText = read('METRICS_PORT');
  const host = hostName.parse('METRICS_HOST', read('METRICS_HOST'), problems);
  if (read('METRICS_HOST', '') !== '' && portText === '')
    problems.push(
      'METRICS_HOST is set but METRICS_PORT is not: set METRICS_PORT to serve /metrics, or remove METRICS_HOST.',
    );
  if (portText === '') return null;
  const port = metricsPort.parse('METRICS_PORT', portText, problems);
  if (Number.isNaN(port)) return null;
  if (port === publicPort)
    problems.push(`METRICS_PORT must differ from PORT (${publicPort}): metrics are never served on the public port.`);
  return { host, port };
}

/**
 * One signal's exporter settings: the per-signal endpoint is used as given, the general one gets
 * the signal's path appended (OTLP exporter specification).
 */
function readSignal(read: Read, signal: 'TRACES' | 'METRICS', path: string, problems: string[]): OtlpSignal | null {
  const own = read(`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`);
  const general = read('OTEL_EXPORTER_OTLP_ENDPOINT');
  const exporter = oneOf(['otlp', 'none']).parse(`OTEL_${signal}_EXPORTER`, read(`OTEL_${signal}_EXPORTER`), problems);
  if ((own === '' && general === '') || exporter === 'none') return null;
  const name = own !== '' ? `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT` : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const url = own !== '' ? own : `${general.replace(/\/+$/, '')}/${path}`;
  if (!/^https?:\/\/[^\s/]+/i.test(url) || !URL.canParse(url))
    problems.push(`${name} must be an http or https URL (got "${own !== '' ? own : general}").`);

  const protocol = read(`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`, read('OTEL_EXPORTER_OTLP_PROTOCOL'));
  if (!PROTOCOLS.includes(protocol)) {
    problems.push(
      `OTEL_EXPORTER_OTLP_PROTOCOL (or _${signal}_PROTOCOL) must be http/protobuf or http/json (got "${protocol}"; gRPC is not supported: point it at a collector's OTLP/HTTP port, 4318).`,
    );
  }
  const headers = {
    ...parseHeaders('OTEL_EXPORTER_OTLP_HEADERS', read('OTEL_EXPORTER_OTLP_HEADERS'), problems),
    ...parseHeaders(`OTEL_EXPORTER_OTLP_${signal}_HEADERS`, read(`OTEL_EXPORTER_OTLP_${signal}_HEADERS`), problems),
  };
  return { url, protocol: protocol as OtlpProtocol, headers };
}

/** `key1=value1,key2=value2`, values percent-encoded (W3C Baggage syntax, as the specification says). Values are never repeated in a message. */
export function parseHeaders(name: string, text: string, problems: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (text === '') return headers;
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const key = at < 0 ? '' : pair.slice(0, at).trim().toLowerCase();
    let value: string | undefined;
    try {
      value = at < 0 ? undefined : decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      value = undefined;
    }
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key) || value === undefined || /[\r\n\0]/.test(value)) {
      problems.push(
        `${name} must be a list of key=value pairs separated by commas, values percent-encoded (entry ${Object.keys(headers).length + 1} is not).`,
      );
      return {};
    }
    headers[key] = value;
  }
  return headers;
}

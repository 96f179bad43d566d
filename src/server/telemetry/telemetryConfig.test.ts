import { readTelemetry } from './telemetryConfig';
import { tableReader } from '../../shared/configTable';
import { SERVER_VARIABLES } from '../serverVariables';

function read(env: Record<string, string>) {
  return tableReader(SERVER_VARIABLES, env, []).text;
}

function telemetryOf(env: Record<string, string>, publicPort = 3000) {
  const problems: string[] = [];
  const config = readTelemetry(read(env), publicPort, problems);
  return { config, problems };
}

describe('readTelemetry', () => {
  it('is off (null) when no export is configured, and when OTEL_SDK_DISABLED is true', () => {
    expect(telemetryOf({})).toEqual({ config: null, problems: [] });
    expect(telemetryOf({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual({
      config: null,
      problems: [],
    });
    expect(telemetryOf({ METRICS_PORT: '9464', OTEL_SDK_DISABLED: 'true' })).toEqual({ config: null, problems: [] });
  });

  it('serves Prometheus on loopback by default, on METRICS_HOST when given', () => {
    expect(telemetryOf({ METRICS_PORT: '9464' }).config).toMatchObject({
      prometheus: { host: '127.0.0.1', port: 9464 },
      traces: null,
      metrics: null,
    });
    expect(telemetryOf({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).config?.prometheus).toEqual({
      host: '0.0.0.0',
      port: 9464,
    });
  });

  it('refuses a bad METRICS_PORT, the public port, and METRICS_HOST without a port', () => {
    expect(telemetryOf({ METRICS_PORT: 'abc' }).problems).toEqual([
      'METRICS_PORT must be a port number from 1 to 65535 (got "abc").',
    ]);
    expect(telemetryOf({ METRICS_PORT: '70000' }).problems).toHaveLength(1);
    expect(telemetryOf({ METRICS_PORT: '3000' }).problems).toEqual([
      'METRICS_PORT must differ from PORT (3000): metrics are never served on the public port.',
    ]);
    expect(telemetryOf({ METRICS_HOST: '127.0.0.1' }).problems).toEqual([
      expect.stringMatching(/^METRICS_HOST is set but METRICS_PORT is not/),
    ]);
    expect(telemetryOf({ METRICS_PORT: '9464', METRICS_HOST: 'bad host/x' }).problems).toEqual([
      expect.stringMatching(/^METRICS_HOST must be a host name or IP address/),
    ]);
  });

  it('derives the signal URLs from OTEL_EXPORTER_OTLP_ENDPOINT; a per-signal endpoint is used as given', () => {
    const { config } = telemetryOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.contoso.com:4318/',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://127.0.0.1:9000/custom',
    });
    expect(config?.traces).toEqual({
      url: 'https://collector.contoso.com:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
    });
    expect(config?.metrics).toEqual({ url: 'http://127.0.0.1:9000/custom', protocol: 'http/protobuf', headers: {} });
    expect(telemetryOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }).config).toMatchObject(
      { traces: { url: 'http://127.0.0.1:4318/v1/traces' }, metrics: null },
    );
    expect(
      telemetryOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_METRICS_EXPORTER: 'none' }).config,
    ).toMatchObject({ traces: { url: 'http://c:4318/v1/traces' }, metrics: null });
  });

  it('takes JSON or protobuf per signal, and refuses gRPC and other protocols', () => {
    const { config } = telemetryOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
    });
    expect(config?.traces?.protocol).toBe('http/json');
    expect(config?.metrics?.protocol).toBe('http/protobuf');
    expect(
      telemetryOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).problems[0],
    ).toMatch(/gRPC is not supported/);
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(telemetryOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).problems).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL/),
    ]);
    expect(telemetryOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://c/v1/traces' }).problems).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be/),
    ]);
  });

  it('parses percent-encoded headers, the per-signal ones winning, and never repeats a value in a problem', () => {
    const { config } = telemetryOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%3Dcret,x-tenant=contoso',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=fabrikam',
    });
    expect(config?.traces?.headers).toEqual({ 'api-key': 's=cret', 'x-tenant': 'fabrikam' });
    expect(config?.metrics?.headers).toEqual({ 'api-key': 's=cret', 'x-tenant': 'contoso' });
    const { problems } = telemetryOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=topsecret%ZZ',
    });
    expect(problems).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_HEADERS must be a list of key=value pairs/)]);
    expect(problems.join()).not.toContain('topsecret');
  });

  it('checks the sampler the SDK will read', () => {
    expect(
      telemetryOf({
        METRICS_PORT: '9464',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      }).problems,
    ).toEqual([]);
    expect(telemetryOf({ METRICS_PORT: '9464', OTEL_TRACES_SAMPLER: 'sometimes' }).problems).toEqual([
      expect.stringMatching(/^OTEL_TRACES_SAMPLER must be one of always_on/),
    ]);
    expect(
      telemetryOf({ METRICS_PORT: '9464', OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })
        .problems,
    ).toEqual(['OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1 for traceidratio (got "1.5").']);
  });

  it('checks OTEL_METRIC_EXPORT_INTERVAL, OTEL_SDK_DISABLED and the Application Insights connection string', () => {
    expect(
      telemetryOf({ METRICS_PORT: '9464', OTEL_METRIC_EXPORT_INTERVAL: '5000' }).config?.metricExportIntervalMs,
    ).toBe(5000);
    expect(telemetryOf({ METRICS_PORT: '9464', OTEL_METRIC_EXPORT_INTERVAL: '5s' }).problems).toHaveLength(1);
    expect(telemetryOf({ METRICS_PORT: '9464', OTEL_SDK_DISABLED: 'yes' }).problems).toEqual([
      'OTEL_SDK_DISABLED must be true or false (got "yes").',
    ]);
    const secret = 'not-a-connection-string-secret';
    const refused = telemetryOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: secret }).problems;
    expect(refused).toHaveLength(1);
    expect(refused.join()).not.toContain(secret);
    expect(
      telemetryOf({
        APPLICATIONINSIGHTS_CONNECTION_STRING:
          'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
      }).config?.azureMonitorConnectionString,
    ).toMatch(/^InstrumentationKey=/);
  });
});

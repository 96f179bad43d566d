import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { request } from 'undici';
import { loadTelemetry } from './loadTelemetry';
import { outboundUrlAttributes } from './otelSdk';
import { NO_TELEMETRY } from './telemetry';

const ROOT = resolve(__dirname, '..', '..', '..');
function freePortOnLoopback(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

const about = { version: '0.0.0-test', sealingKey: Buffer.alloc(32, 7), registry: 'sqlite' as const };

describe('loadTelemetry', () => {
  it('with no export configured, loads no OpenTelemetry package, even with the whole middle tier loaded', () => {
    // A fresh process: jest's own module registry cannot tell what Node would load.
    const script = `
      require(${JSON.stringify(resolve(ROOT, 'scripts', 'tsRequire.js'))});
      require(${JSON.stringify(resolve(ROOT, 'src', 'server', 'app.ts'))});
      const { loadTelemetry } = require(${JSON.stringify(resolve(ROOT, 'src', 'server', 'telemetry', 'loadTelemetry.ts'))});
      loadTelemetry(null, { version: 'x', sealingKey: Buffer.alloc(32), registry: 'sqlite' }).then((t) => {
        const loaded = Object.keys(require.cache).filter((f) => f.includes('@opentelemetry') || f.includes('otelSdk') || f.includes('otelTelemetry'));
        console.log(JSON.stringify({ enabled: t.enabled, loaded, modules: Object.keys(require.cache).length }));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { enabled: boolean; loaded: string[]; modules: number };
    expect(result).toEqual({ enabled: false, loaded: [], modules: expect.any(Number) });
    // The check is meaningful: fastify, msal-node, pg and better-sqlite3 were all loaded.
    expect(result.modules).toBeGreaterThan(200);
  });

  it('answers NO_TELEMETRY for no configuration', async () => {
    await expect(loadTelemetry(null, about)).resolves.toBe(NO_TELEMETRY);
    await expect(loadTelemetry(undefined, about)).resolves.toBe(NO_TELEMETRY);
  });

  it('with METRICS_PORT, serves /metrics there and refuses a port already taken with a clear message', async () => {
    const port = await freePortOnLoopback();
    const config = {
      serviceName: 'test',
      traces: null,
      metrics: null,
      metricExportIntervalMs: 60_000,
      prometheus: { host: '127.0.0.1', port },
      azureMonitorConnectionString: null,
    };
    const telemetry = await loadTelemetry(config, about);
    try {
      expect(telemetry.enabled).toBe(true);
      telemetry.sessionsClosed('closed', 2);
      telemetry.oboExchange('AADSTS65001');
      const res = await request(`http://127.0.0.1:${port}/metrics`);
      const text = await res.body.text();
      expect(res.statusCode).toBe(200);
      expect(text).toContain(
        'workbook_sessions_session_closes_total{workbook_sessions_outcome="closed",otel_scope_name="workbook-sessions"} 2',
      );
      expect(text).toContain(
        'workbook_sessions_obo_exchanges_total{workbook_sessions_outcome="failure",workbook_sessions_obo_error="AADSTS65001",otel_scope_name="workbook-sessions"} 1',
      );
      await expect(loadTelemetry(config, about)).rejects.toThrow(
        `METRICS_PORT ${port} is already in use on 127.0.0.1: choose a free port.`,
      );
    } finally {
      await telemetry.shutdown();
    }
  });
});

describe('outboundUrlAttributes', () => {
  it('exports Graph URLs as templates: no share id (an encoded document URL), drive or item id, nor query', () => {
    expect(
      outboundUrlAttributes(
        'https://graph.microsoft.com',
        '/v1.0/shares/u!aHR0cHM6Ly9jb250b3NvLnNoYXJlcG9pbnQuY29tL3gueGxzeA/driveItem?$select=id',
      ),
    ).toEqual({
      'url.full': 'https://graph.microsoft.com/v1.0/shares/{share-id}/driveItem',
      'url.path': '/v1.0/shares/{share-id}/driveItem',
      'url.query': '',
    });
    expect(
      outboundUrlAttributes('https://graph.microsoft.com/', '/v1.0/drives/b!Xk3p/items/01QXZ/workbook/closeSession')[
        'url.full'
      ],
    ).toBe('https://graph.microsoft.com/v1.0/drives/{drive-id}/items/{item-id}/workbook/closeSession');
    expect(
      outboundUrlAttributes('https://login.microsoftonline.com', '/contoso.onmicrosoft.com/oauth2/v2.0/token')[
        'url.path'
      ],
    ).toBe('/contoso.onmicrosoft.com/oauth2/v2.0/token');
  });
});

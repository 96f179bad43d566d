import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, OFFICE_JS_CDN_URL } from './config';
import { testCertificate } from './testSupport/selfSignedCert';

const dir = mkdtempSync(join(tmpdir(), 'wbs-config-'));
const files = { cert: join(dir, 'c.crt'), key: join(dir, 'c.key'), notPem: join(dir, 'x.txt') };
writeFileSync(files.cert, testCertificate().certPem);
writeFileSync(files.key, testCertificate().keyPem);
writeFileSync(files.notPem, 'hello');

const valid: NodeJS.ProcessEnv = {
  TLS_CERT_FILE: files.cert,
  TLS_KEY_FILE: files.key,
  TENANT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
  CLIENT_ID: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  CLIENT_SECRET: 's3cret',
  REGISTRY_PATH: ':memory:',
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults and loads PEM contents', () => {
    const config = loadConfig(valid);
    expect(config).toEqual(
      expect.objectContaining({
        port: 3000,
        host: 'localhost',
        publicUrl: 'https://localhost:3000',
        authorityHost: 'https://login.microsoftonline.com',
        graphBaseUrl: 'https://graph.microsoft.com/v1.0',
        graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
        outboundCaPem: null,
        officeJsUrl: OFFICE_JS_CDN_URL,
        logLevel: 'info',
      }),
    );
    expect(config.tlsCertPem).toContain('BEGIN CERTIFICATE');
    expect(config.tlsKeyPem).toContain('PRIVATE KEY');
  });

  it('lists every missing required variable, one line each, naming it', () => {
    const lines = problems({});
    for (const name of ['TLS_CERT_FILE', 'TLS_KEY_FILE', 'TENANT_ID', 'CLIENT_ID', 'CLIENT_SECRET']) {
      expect(lines.filter((l) => l.startsWith(`${name} `))).toHaveLength(1);
    }
    expect(lines).toHaveLength(5);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', 'abc'],
    ['HOST', 'bad host'],
    ['PUBLIC_URL', 'http://localhost:3000'],
    ['PUBLIC_URL', 'https://localhost:3000/path'],
    ['TLS_CERT_FILE', '/does/not/exist.crt'],
    ['TLS_KEY_FILE', files.notPem],
    ['TENANT_ID', 'contoso'],
    ['CLIENT_ID', '1234'],
    ['CLIENT_SECRET', '   '],
    ['AUTHORITY_HOST', 'http://login.example'],
    ['GRAPH_BASE_URL', 'ftp://graph.example/v1.0'],
    ['GRAPH_SCOPES', 'Files.ReadWrite "quoted"'],
    ['OUTBOUND_CA_FILE', files.notPem],
    ['OFFICE_JS_URL', 'http://cdn.example/office.js'],
    ['REGISTRY_PATH', join(files.notPem, 'registry.sqlite')],
    ['LOG_LEVEL', 'loud'],
    ['STATIC_DIR', join(dir, 'missing')],
  ])('rejects %s=%s with a line naming it', (name, value) => {
    const lines = problems({ ...valid, [name]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`${name} `)).toBe(true);
  });

  it('accepts local-mode values (emulator URLs, extra CA, port 0)', () => {
    const config = loadConfig({ ...valid, PORT: '0', HOST: '127.0.0.1', AUTHORITY_HOST: 'https://localhost:3100/', GRAPH_BASE_URL: 'https://localhost:3100/v1.0', OUTBOUND_CA_FILE: files.cert, OFFICE_JS_URL: 'https://localhost:3100/_host/office.js', STATIC_DIR: dir });
    expect(config.authorityHost).toBe('https://localhost:3100');
    expect(config.outboundCaPem).toContain('BEGIN CERTIFICATE');
    expect(config.port).toBe(0);
  });
});

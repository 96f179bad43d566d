import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, OFFICE_JS_CDN_URL } from './config';
import { OFFICE_WEB_FRAME_ANCESTORS } from './http/securityHeaders';
import { configProblems } from './testSupport/configProblems';
import { testCertificate } from './testSupport/selfSignedCert';

const dir = mkdtempSync(join(tmpdir(), 'wbs-config-'));
const files = {
  cert: join(dir, 'c.crt'),
  key: join(dir, 'c.key'),
  notPem: join(dir, 'x.txt'),
  huge: join(dir, 'huge.pem'),
};
writeFileSync(files.cert, testCertificate().certPem);
writeFileSync(files.huge, `${testCertificate().certPem}${'#'.repeat(2 * 1024 * 1024)}`);
writeFileSync(files.key, testCertificate().keyPem);
writeFileSync(files.notPem, 'hello');

const valid: NodeJS.ProcessEnv = {
  TLS_CERT_FILE: files.cert,
  TLS_KEY_FILE: files.key,
  TENANT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
  CLIENT_ID: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  CLIENT_SECRET: 's3cret',
  SEALING_KEY: Buffer.alloc(32, 1).toString('base64'),
  REGISTRY_PATH: ':memory:',
};

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
        officeWebOrigins: [...OFFICE_WEB_FRAME_ANCESTORS],
        logLevel: 'info',
      }),
    );
    expect(config.tls?.certPem).toContain('BEGIN CERTIFICATE');
    expect(config.tls?.keyPem).toContain('PRIVATE KEY');
    expect(config.trustProxy).toBeNull();
  });

  it('lists every missing required variable, one line each, naming it', () => {
    const lines = configProblems({});
    for (const name of ['TLS_CERT_FILE and TLS_KEY_FILE', 'TENANT_ID', 'CLIENT_ID', 'CLIENT_SECRET', 'SEALING_KEY']) {
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
    // A device or a folder is refused at once: reading /dev/zero would never end.
    ['TLS_CERT_FILE', '/dev/zero'],
    ['TLS_KEY_FILE', dir],
    ['OUTBOUND_CA_FILE', '/dev/zero'],
    ['OUTBOUND_CA_FILE', files.huge],
    ['OFFICE_JS_URL', 'http://cdn.example/office.js'],
    ['OFFICE_HOST_BRIDGE_URL', 'http://localhost:3100/_host/naa-bridge.js'],
    ['OFFICE_WEB_ORIGINS', 'https://*.office.com http://localhost:3100'],
    ['REGISTRY_PATH', join(files.notPem, 'registry.sqlite')],
    ['REGISTRY_URL', 'mysql://db.example/registry'],
    ['REGISTRY_URL', 'postgres://db.example'],
    ['REGISTRY_LEASE_SECONDS', '1'],
    ['SEALING_KEY', 'c2hvcnQ='],
    ['SEALING_KEY_PREVIOUS', 'not base64!'],
    ['LOG_LEVEL', 'loud'],
    ['STATIC_DIR', join(dir, 'missing')],
    ['ALLOWED_TENANTS', 'contoso.onmicrosoft.com'],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['RATE_LIMIT_BURST', 'many'],
    ['RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE', '1.5'],
    ['HEADERS_TIMEOUT_SECONDS', '0'],
    ['REQUEST_TIMEOUT_SECONDS', '3601'],
    ['KEEP_ALIVE_TIMEOUT_SECONDS', '5s'],
    ['CONNECTION_TIMEOUT_SECONDS', '-1'],
    // Shorter than a request that waits on Graph's bounded retries: the socket would be cut mid-answer.
    ['CONNECTION_TIMEOUT_SECONDS', '10'],
    ['MAX_CONNECTIONS', 'lots'],
    ['MAX_CONNECTIONS_PER_ADDRESS', '2.5'],
  ])('rejects %s=%s with a line naming it', (name, value) => {
    const lines = configProblems({ ...valid, [name]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`${name} `)).toBe(true);
  });

  it('accepts local-mode values (emulator URLs, extra CA, port 0)', () => {
    const config = loadConfig({
      ...valid,
      PORT: '0',
      HOST: '127.0.0.1',
      AUTHORITY_HOST: 'https://localhost:3100/',
      GRAPH_BASE_URL: 'https://localhost:3100/v1.0',
      OUTBOUND_CA_FILE: files.cert,
      OFFICE_JS_URL: 'https://localhost:3100/lib/1/hosted/office.js',
      OFFICE_HOST_BRIDGE_URL: 'https://localhost:3100/_host/naa-bridge.js',
      STATIC_DIR: dir,
    });
    expect(config.authorityHost).toBe('https://localhost:3100');
    expect(config.officeHostBridgeUrl).toBe('https://localhost:3100/_host/naa-bridge.js');
    expect(loadConfig(valid).officeHostBridgeUrl).toBeNull();
    expect(config.outboundCaPem).toContain('BEGIN CERTIFICATE');
    expect(config.port).toBe(0);
  });

  it('defaults to single-tenant with rate limits of 60 per minute (burst 30) per user and 30 per IP', () => {
    const config = loadConfig(valid);
    expect(config.allowedTenants).toEqual([]);
    expect(config.rateLimit).toEqual({
      perUserPerMinute: 60,
      perUserBurst: 30,
      unauthenticatedPerIpPerMinute: 30,
      expiredTokensPerIpPerMinute: 600,
    });
    expect(loadConfig({ ...valid, RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_BURST: '0' }).rateLimit.perUserPerMinute).toBe(
      0,
    );
  });

  it('accepts "organizations" or "common" as TENANT_ID only with ALLOWED_TENANTS', () => {
    const tenants = 'AAAAAAAA-1111-4222-8333-444444444444, bbbbbbbb-1111-4222-8333-444444444444';
    const config = loadConfig({ ...valid, TENANT_ID: 'organizations', ALLOWED_TENANTS: tenants });
    expect(config.tenantId).toBe('organizations');
    expect(config.allowedTenants).toEqual([
      'aaaaaaaa-1111-4222-8333-444444444444',
      'bbbbbbbb-1111-4222-8333-444444444444',
    ]);
    const lines = configProblems({ ...valid, TENANT_ID: 'common' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^TENANT_ID "common" .*ALLOWED_TENANTS/);
    expect(configProblems({ ...valid, TENANT_ID: 'consumers', ALLOWED_TENANTS: tenants })[0]).toMatch(
      /^TENANT_ID must be a GUID/,
    );
  });

  it('adds a GUID TENANT_ID to the allow-list', () => {
    const config = loadConfig({ ...valid, ALLOWED_TENANTS: 'aaaaaaaa-1111-4222-8333-444444444444' });
    expect(config.allowedTenants).toEqual([valid.TENANT_ID, 'aaaaaaaa-1111-4222-8333-444444444444']);
  });

  it('defaults to timeouts of 10 s for headers, 30 s per request, 72 s keep-alive, 120 s of silence, and 1000 connections (100 per address)', () => {
    expect(loadConfig(valid).connections).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      connectionTimeoutMs: 120_000,
      maxConnections: 1000,
      maxConnectionsPerAddress: 100,
    });
    const custom = loadConfig({
      ...valid,
      HEADERS_TIMEOUT_SECONDS: '2',
      REQUEST_TIMEOUT_SECONDS: '5',
      MAX_CONNECTIONS_PER_ADDRESS: '0',
    }).connections;
    expect(custom).toEqual(
      expect.objectContaining({ headersTimeoutMs: 2000, requestTimeoutMs: 5000, maxConnectionsPerAddress: 0 }),
    );
  });

  it('counts connections per address only when no proxy is trusted, unless told to', () => {
    const perAddress = (env: NodeJS.ProcessEnv): number =>
      loadConfig({ ...valid, ...env }).connections.maxConnectionsPerAddress;
    expect(perAddress({})).toBe(100);
    expect(perAddress({ TRUST_PROXY: '1' })).toBe(0);
    expect(perAddress({ TRUST_PROXY: '1', MAX_CONNECTIONS_PER_ADDRESS: '50' })).toBe(50);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(configProblems({ ...valid, HEADERS_TIMEOUT_SECONDS: '40' })).toEqual([
      expect.stringMatching(/^HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS/),
    ]);
  });

  it('selects PostgreSQL with REGISTRY_URL, and never repeats its password in a problem', () => {
    expect(loadConfig(valid)).toEqual(expect.objectContaining({ registryUrl: null, registryLeaseMs: 60_000 }));
    const url = 'postgresql://wbs:s3cret@db.contoso.internal:6432/registry?sslmode=require';
    expect(loadConfig({ ...valid, REGISTRY_URL: url, REGISTRY_LEASE_SECONDS: '30' })).toEqual(
      expect.objectContaining({ registryUrl: url, registryLeaseMs: 30_000 }),
    );
    expect(configProblems({ ...valid, REGISTRY_URL: 'postgres://wbs:s3cret@' }).join('\n')).not.toContain('s3cret');
  });

  it.each([
    // A server on the same machine, reached through its Unix socket folder (libpq's host=/folder).
    'postgres:///registry?host=/var/run/postgresql',
    'postgresql:///registry?user=wbs&host=%2Fvar%2Frun%2Fpostgresql&port=5433',
    // A password with characters that must be percent-encoded in a URL.
    'postgres://wbs:p%40ss%3Aw%2Fo%23rd@db.contoso.internal/registry',
  ])('accepts the PostgreSQL URL %s', (url) => {
    expect(loadConfig({ ...valid, REGISTRY_URL: url }).registryUrl).toBe(url);
  });

  it.each([
    'postgres:///registry',
    'postgres:///registry?host=relative/folder',
    'postgres://localhost/registry?host=/var/run/postgresql&host=/tmp',
    'postgres:///?host=/var/run/postgresql',
  ])('refuses the PostgreSQL URL %s with one line naming REGISTRY_URL', (url) => {
    expect(configProblems({ ...valid, REGISTRY_URL: url })).toEqual([
      expect.stringMatching(/^REGISTRY_URL must be a PostgreSQL URL/),
    ]);
  });

  it.each([
    ['a "/" after an "@"', 'postgres://wbs:s3c@r/et@db.contoso.internal/registry'],
    ['a "?" after an "@"', 'postgres://wbs:s3c@r?et@db.contoso.internal/registry'],
    ['a "#" after an "@"', 'postgres://wbs:s3c@r#et@db.contoso.internal/registry'],
    ['a "#" alone', 'postgres://wbs:s3cr#et@db.contoso.internal:5432/registry'],
    ['a "%" not followed by two hex digits', 'postgres://wbs:s3c%r_et@db.contoso.internal/registry'],
  ])(
    'refuses a URL whose password holds %s unencoded (its pieces would be read as host and database), naming none of it',
    (_case, url) => {
      const lines = configProblems({ ...valid, REGISTRY_URL: url });
      expect(lines).toEqual([expect.stringMatching(/^REGISTRY_URL .*percent-encode/)]);
      for (const piece of ['s3c', 'r/et', 'r?et', 'r#et', 'r_et', 'et@db'])
        expect(lines.join('\n')).not.toContain(piece);
    },
  );

  it('accepts an unencoded "@" or ":" in the password, which URLs read unambiguously (the last "@" ends it)', () => {
    const url = 'postgres://wbs:s3c@r:et@db.contoso.internal/registry';
    expect(loadConfig({ ...valid, REGISTRY_URL: url }).registryUrl).toBe(url);
  });

  it('says how to write a password with special characters, without repeating it', () => {
    const lines = configProblems({ ...valid, REGISTRY_URL: 'postgres://wbs:p#ss/w?rd@db.contoso.internal/registry' });
    expect(lines).toEqual([expect.stringMatching(/^REGISTRY_URL .*percent-encode/)]);
    expect(lines.join('\n')).not.toContain('p#ss');
  });

  it('reads a sealing key separate from the client secret, and the previous one for rotation', () => {
    const current = Buffer.alloc(32, 1);
    const previous = Buffer.alloc(48, 2);
    const config = loadConfig({
      ...valid,
      SEALING_KEY: current.toString('base64'),
      SEALING_KEY_PREVIOUS: previous.toString('base64url'),
    });
    expect(config.sealingKeys).toEqual({ current, previous });
    expect(loadConfig(valid).sealingKeys.previous).toBeNull();
    expect(configProblems({ ...valid, SEALING_KEY: 'x'.repeat(20) }).join('\n')).not.toContain('x'.repeat(20));
  });

  it('needs a burst of at least 1 when the per-user limit is on', () => {
    expect(configProblems({ ...valid, RATE_LIMIT_BURST: '0' })).toEqual([expect.stringMatching(/^RATE_LIMIT_BURST /)]);
  });
});

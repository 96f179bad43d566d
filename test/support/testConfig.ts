/** A ServerConfig built directly (no env, no files) around a fake upstream (fakeUpstream.ts). */
import type { ServerConfig } from '../../src/server/config';
import { DEFAULT_CONNECTION_LIMITS } from '../../src/server/http/connectionLimits';
import { OFFICE_WEB_FRAME_ANCESTORS } from '../../src/server/http/securityHeaders';
import { testCertificate } from '../../src/server/testSupport/selfSignedCert';
import { TEST_CLIENT, TEST_TENANT } from './fakeUpstream';

export function testConfig(upstreamUrl: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const { certPem, keyPem } = testCertificate();
  return {
    port: 0,
    host: '127.0.0.1',
    publicUrl: 'https://localhost:3000',
    tls: { certPem, keyPem },
    trustProxy: null,
    tenantId: TEST_TENANT,
    clientId: TEST_CLIENT,
    clientCredential: { kind: 'secret', secret: 'test-secret-value' },
    sealingKeys: { current: Buffer.alloc(32, 7), previous: null },
    authorityHost: upstreamUrl,
    graphBaseUrl: `${upstreamUrl}/v1.0`,
    graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
    outboundCaPem: certPem,
    officeJsUrl: 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
    officeHostBridgeUrl: null,
    officeWebOrigins: [...OFFICE_WEB_FRAME_ANCESTORS],
    registryPath: ':memory:',
    registryUrl: null,
    registryLeaseMs: 60_000,
    logLevel: 'silent',
    staticDir: '/nonexistent-static-dir-for-tests',
    allowedTenants: [],
    // Off unless a test is about rate limiting: suites make many calls as one user.
    rateLimit: {
      perUserPerMinute: 0,
      perUserBurst: 0,
      unauthenticatedPerIpPerMinute: 0,
      expiredTokensPerIpPerMinute: 0,
    },
    connections: DEFAULT_CONNECTION_LIMITS,
    supportContact: null,
    ...overrides,
  };
}

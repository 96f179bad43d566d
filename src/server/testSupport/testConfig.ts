/** Test-only: a ServerConfig built directly (no env, no files) around a fake upstream, and the problems of loading one from variables. */
import { ConfigError, loadConfig, type ServerConfig } from '../config';
import { DEFAULT_CONNECTION_LIMITS } from '../http/connectionLimits';
import { OFFICE_WEB_FRAME_ANCESTORS } from '../http/securityHeaders';
import { testCertificate } from './selfSignedCert';
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

/** The problems `loadConfig` reports for these variables, one line each; none when it loads. */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

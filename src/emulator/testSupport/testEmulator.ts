/**
 * Starts an emulator on a free loopback port for route-level tests, with an HTTPS client that
 * trusts its throw-away CA, and helpers to mint tokens through the control API.
 */
import { Agent, fetch, type Response } from 'undici';
import { createEmulator, type EmulatorOptions, type RunningEmulator } from '../createEmulator';
import { generateDevCertificates } from '../devCerts';

export const TEST_TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
export const TEST_CLIENT = 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
export const TEST_SECRET = 'local-secret-for-tests-0123456789';

export interface TestEmulator {
  emulator: RunningEmulator;
  /** The throw-away CA the emulator's certificate chains to (for raw TLS clients). */
  caCertPem: string;
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
  /** POST JSON to the control API and return the parsed answer. */
  control<T>(path: string, body?: unknown, method?: string): Promise<T>;
  /** A Graph token for a user through `POST /_emulator/tokens`. */
  graphToken(userOid: string, scopes?: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startTestEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const certs = generateDevCertificates();
  const agent = new Agent({ connect: { ca: certs.caCertPem } });
  const emulator = await createEmulator({
    port: 0,
    tls: { certPem: certs.certPem, keyPem: certs.keyPem },
    tenantId: TEST_TENANT,
    clientId: TEST_CLIENT,
    clientSecret: TEST_SECRET,
    addinOrigin: 'https://localhost:3000',
    officeHostScript: '/nonexistent/office-host.js',
    ...overrides,
  });
  const call: TestEmulator['call'] = (path, init = {}) => fetch(`${emulator.url}${path}`, { ...init, dispatcher: agent });
  const control = async <T>(path: string, body?: unknown, method = 'POST'): Promise<T> => {
    const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const response = await call(path, init);
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  return {
    emulator,
    caCertPem: certs.caCertPem,
    call,
    control,
    graphToken: async (userOid, scopes) => (await control<{ token: string }>('/_emulator/tokens', { userOid, audience: 'graph', ...(scopes === undefined ? {} : { scopes }) })).token,
    close: async () => {
      await emulator.close();
      await agent.close();
    },
  };
}

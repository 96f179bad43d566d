/**
 * Starts an emulator on free loopback ports for route-level tests, with an HTTPS client that
 * trusts its throw-away CA and the shared control-API client (test/support/emulatorControl.ts).
 * Test-only: tsconfig.build.json keeps this folder out of the build.
 */
import { Agent, fetch, type Response } from 'undici';
import { EmulatorControl } from './emulatorControl';
import { serviceOfPath } from '../../src/emulator/common/serviceOrigins';
import { createEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/createEmulator';
import { generateDevCertificates } from '../../src/emulator/devCerts';

export const TEST_TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
export const TEST_CLIENT = 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
export const TEST_SECRET = 'local-secret-for-tests-0123456789';

export interface TestEmulator {
  emulator: RunningEmulator;
  /** An HTTPS client trusting the emulator's throw-away CA, for other clients (msal-node's network module). */
  dispatcher: Agent;
  /** The throw-away CA the emulator's certificate chains to (for raw TLS clients). */
  caCertPem: string;
  /** A request to the origin of the service that owns `path` (common/serviceOrigins.ts). */
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
  /** The control API. */
  ctl: EmulatorControl;
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
    hostScriptsDir: '/nonexistent/emulator-public',
    ...overrides,
  });
  const call: TestEmulator['call'] = (path, init = {}) =>
    fetch(`${emulator.origins[serviceOfPath(path.split('?')[0] ?? path)]}${path}`, { ...init, dispatcher: agent });
  const ctl = new EmulatorControl(emulator.url, agent);
  return {
    emulator,
    dispatcher: agent,
    caCertPem: certs.caCertPem,
    call,
    ctl,
    graphToken: (userOid, scopes) =>
      ctl.mintToken({ userOid, audience: 'graph', ...(scopes === undefined ? {} : { scopes }) }),
    close: async () => {
      await emulator.close();
      await agent.close();
    },
  };
}

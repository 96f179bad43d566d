/**
 * What every cross-process test stack shares: a throwaway CA and localhost certificate on disk,
 * a fresh client secret, the emulator on free ports (one origin per service), and the middle tier's environment exactly
 * as local mode builds it (src/emulator/localMode.ts) but pointed at this emulator. Whether the
 * middle tier then runs in-process (localStack.ts) or as a child process (processStack.ts) is
 * the caller's choice.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type RunningEmulator } from '../../src/emulator/createEmulator';
import { generateDevCertificates } from '../../src/emulator/devCerts';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { freePort } from './freePort';

export interface EmulatorSide {
  emulator: RunningEmulator;
  /** The origin the middle tier must listen on (its port was chosen first: the emulator needs it). */
  addinUrl: string;
  addinPort: number;
  caCertPem: string;
  certPem: string;
  /** The localhost certificate's key (a test's own TLS front end, e.g. a reverse proxy, may serve it too). */
  keyPem: string;
  clientSecret: string;
  registryPath: string;
  /** The middle tier's environment variables for this stack. */
  serverEnv: Record<string, string>;
  /** Stops the emulator and removes the temporary folder. */
  close(): Promise<void>;
}

export async function startEmulatorSide(prefix: string): Promise<EmulatorSide> {
  const certs = generateDevCertificates();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
  writeFileSync(files.ca, certs.caCertPem);
  writeFileSync(files.cert, certs.certPem);
  writeFileSync(files.key, certs.keyPem, { mode: 0o600 });
  const clientSecret = randomBytes(32).toString('base64url');

  // The emulator must know the add-in's origin (CORS, dev host iframe) before the middle tier
  // listens, so the middle tier's port is chosen first.
  const addinPort = await freePort();
  const addinUrl = `https://localhost:${addinPort}`;
  const emulator = await createEmulator({
    port: 0,
    tls: { certPem: certs.certPem, keyPem: certs.keyPem },
    tenantId: LOCAL_MODE.tenantId,
    clientId: LOCAL_MODE.clientId,
    clientSecret,
    addinOrigin: addinUrl,
  });
  const registryPath = join(dir, 'registry.sqlite');
  return {
    emulator,
    addinUrl,
    addinPort,
    caCertPem: certs.caCertPem,
    certPem: certs.certPem,
    keyPem: certs.keyPem,
    clientSecret,
    registryPath,
    serverEnv: {
      HOST: '127.0.0.1',
      PORT: String(addinPort),
      PUBLIC_URL: addinUrl,
      TLS_CERT_FILE: files.cert,
      TLS_KEY_FILE: files.key,
      TENANT_ID: LOCAL_MODE.tenantId,
      CLIENT_ID: LOCAL_MODE.clientId,
      CLIENT_SECRET: clientSecret,
      SEALING_KEY: randomBytes(32).toString('base64'),
      AUTHORITY_HOST: emulator.origins.entra,
      GRAPH_BASE_URL: `${emulator.origins.graph}/v1.0`,
      OUTBOUND_CA_FILE: files.ca,
      OFFICE_JS_URL: `${emulator.origins.cdn}/lib/1/hosted/office.js`,
      OFFICE_HOST_BRIDGE_URL: `${emulator.url}/_host/naa-bridge.js`,
      OFFICE_WEB_ORIGINS: emulator.url,
      REGISTRY_PATH: registryPath,
    },
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the real parts for a cross-process test, on loopback and free ports, over HTTPS with a
 * throwaway CA: the emulator (Entra ID + Graph + Office host) and the middle tier configured
 * exactly as local mode configures it (through its environment variables). Stop it with close().
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createEmulator, type RunningEmulator } from '../../src/emulator/createEmulator';
import { generateDevCertificates } from '../../src/emulator/devCerts';
import { loadConfig } from '../../src/server/config';
import { createServer, type ServerOverrides } from '../../src/server/app';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { freePort } from './freePort';

export interface LocalStack {
  emulator: RunningEmulator;
  emulatorUrl: string;
  addinUrl: string;
  caCertPem: string;
  certPem: string;
  /** The per-run client secret both processes share (tests assert it never reaches a log). */
  clientSecret: string;
  /** An undici dispatcher that trusts the stack's CA. */
  dispatcher: Agent;
  close(): Promise<void>;
}

export interface LocalStackOptions {
  /** Extra or overriding middle-tier environment variables. */
  serverEnv?: Record<string, string>;
  /** Test hooks of the middle tier (e.g. a log stream to inspect what it logs). */
  serverOverrides?: ServerOverrides;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const certs = generateDevCertificates();
  const dir = mkdtempSync(join(tmpdir(), 'wbs-stack-'));
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

  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: String(addinPort),
    PUBLIC_URL: addinUrl,
    TLS_CERT_FILE: files.cert,
    TLS_KEY_FILE: files.key,
    TENANT_ID: LOCAL_MODE.tenantId,
    CLIENT_ID: LOCAL_MODE.clientId,
    CLIENT_SECRET: clientSecret,
    AUTHORITY_HOST: emulator.url,
    GRAPH_BASE_URL: `${emulator.url}/v1.0`,
    OUTBOUND_CA_FILE: files.ca,
    OFFICE_JS_URL: `${emulator.url}/_host/office.js`,
    REGISTRY_PATH: join(dir, 'registry.sqlite'),
    LOG_LEVEL: 'silent',
    ...options.serverEnv,
  });
  const server = await createServer(config, options.serverOverrides);
  await server.listen();
  const dispatcher = new Agent({ connect: { ca: certs.caCertPem } });

  return {
    emulator,
    emulatorUrl: emulator.url,
    addinUrl,
    caCertPem: certs.caCertPem,
    certPem: certs.certPem,
    clientSecret,
    dispatcher,
    async close() {
      await server.close();
      await emulator.close();
      await dispatcher.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JSON over HTTPS with the stack's CA. */
export async function httpsJson(
  stack: LocalStack,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  const res = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    dispatcher: stack.dispatcher,
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.body.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.statusCode, headers: res.headers, body };
}

/**
 * The emulator in this process and the middle tier as a SEPARATE process (`node
 * build/server/main.js`, configured through its environment exactly as local mode does), so a
 * test can SIGKILL it mid-work and start it again on the same registry file. Needs the build
 * (`npm test` builds first; alone: `npm run build:node`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'undici';
import { createEmulator, type RunningEmulator } from '../../src/emulator/createEmulator';
import { generateDevCertificates } from '../../src/emulator/devCerts';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { freePort } from './freePort';

export const SERVER_ENTRY = resolve(__dirname, '..', '..', 'build', 'server', 'main.js');

export interface ProcessStack {
  emulator: RunningEmulator;
  emulatorUrl: string;
  addinUrl: string;
  dispatcher: Agent;
  registryPath: string;
  /** Starts the middle tier process and waits until it answers. */
  startServer(): Promise<void>;
  /** SIGKILL: no shutdown hook runs. Resolves once the process is gone. */
  killServer(): Promise<void>;
  /** The server's stdout so far (JSON log lines). */
  serverOutput(): string;
  close(): Promise<void>;
}

export async function startProcessStack(extraEnv: Record<string, string> = {}): Promise<ProcessStack> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: build the middle tier first (npm run build:node, or npm test which builds).`);
  const certs = generateDevCertificates();
  const dir = mkdtempSync(join(tmpdir(), 'wbs-proc-'));
  const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
  writeFileSync(files.ca, certs.caCertPem);
  writeFileSync(files.cert, certs.certPem);
  writeFileSync(files.key, certs.keyPem, { mode: 0o600 });
  const clientSecret = randomBytes(32).toString('base64url');
  const port = await freePort();
  const addinUrl = `https://localhost:${port}`;
  const emulator = await createEmulator({
    port: 0,
    tls: { certPem: certs.certPem, keyPem: certs.keyPem },
    tenantId: LOCAL_MODE.tenantId,
    clientId: LOCAL_MODE.clientId,
    clientSecret,
    addinOrigin: addinUrl,
  });
  const registryPath = join(dir, 'registry.sqlite');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: addinUrl,
    TLS_CERT_FILE: files.cert,
    TLS_KEY_FILE: files.key,
    TENANT_ID: LOCAL_MODE.tenantId,
    CLIENT_ID: LOCAL_MODE.clientId,
    CLIENT_SECRET: clientSecret,
    AUTHORITY_HOST: emulator.url,
    GRAPH_BASE_URL: `${emulator.url}/v1.0`,
    OUTBOUND_CA_FILE: files.ca,
    REGISTRY_PATH: registryPath,
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const dispatcher = new Agent({ connect: { ca: certs.caCertPem } });
  let child: ChildProcess | undefined;
  let output = '';

  const answers = async (): Promise<boolean> => {
    try {
      const res = await request(`${addinUrl}/api/sessions`, { dispatcher });
      await res.body.dump();
      return res.statusCode === 401;
    } catch {
      return false;
    }
  };

  const stack: ProcessStack = {
    emulator,
    emulatorUrl: emulator.url,
    addinUrl,
    dispatcher,
    registryPath,
    async startServer() {
      if (child !== undefined) throw new Error('server already running');
      const started = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      started.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      const deadline = Date.now() + 15_000;
      while (!(await answers())) {
        if (started.exitCode !== null) throw new Error(`middle tier exited with ${started.exitCode}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`middle tier did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async killServer() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
    serverOutput: () => output,
    async close() {
      await stack.killServer();
      await emulator.close();
      await dispatcher.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

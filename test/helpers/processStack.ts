/**
 * The emulator in this process and the middle tier as a SEPARATE process (`node
 * build/server/main.js`, configured through its environment exactly as local mode does), so a
 * test can SIGKILL it mid-work and start it again on the same registry file. Needs the build
 * (`npm test` builds first; alone: `npm run build:node`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Agent, request } from 'undici';
import type { RunningEmulator } from '../../src/emulator/createEmulator';
import { startEmulatorSide } from './emulatorSide';

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
  const side = await startEmulatorSide('wbs-proc-');
  const { emulator, addinUrl, registryPath } = side;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...side.serverEnv, LOG_LEVEL: 'info', ...extraEnv };
  const dispatcher = new Agent({ connect: { ca: side.caCertPem } });
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
      const started = spawn(process.execPath, [SERVER_ENTRY, '--no-env-file'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      await side.close();
      await dispatcher.close();
    },
  };
  return stack;
}

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

/** One middle-tier process: started, probed until it answers, killed. */
export interface ServerProcess {
  /** Starts the process and waits until it answers (401 on the API without a token). */
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** What it printed so far (JSON log lines). */
  output(): string;
  /** The running process' id (benchmarks read its CPU time), or undefined. */
  pid(): number | undefined;
}

/** A middle tier as a child process with `env` (plus PATH), answering on `url`. */
export function serverProcess(env: Record<string, string>, url: string, dispatcher: Agent): ServerProcess {
  if (!existsSync(SERVER_ENTRY))
    throw new Error(
      `${SERVER_ENTRY} is missing: build the middle tier first (npm run build:node, or npm test which builds).`,
    );
  let child: ChildProcess | undefined;
  let output = '';
  const answers = async (): Promise<boolean> => {
    try {
      const res = await request(`${url}/api/sessions`, { dispatcher });
      await res.body.dump();
      return res.statusCode === 401;
    } catch {
      return false;
    }
  };
  return {
    async start() {
      if (child !== undefined) throw new Error('server already running');
      const started = spawn(process.execPath, [SERVER_ENTRY, '--no-env-file'], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
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
    async kill() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
    output: () => output,
    pid: () => (child?.exitCode === null ? child.pid : undefined),
  };
}

export async function startProcessStack(extraEnv: Record<string, string> = {}): Promise<ProcessStack> {
  const side = await startEmulatorSide('wbs-proc-');
  const { emulator, addinUrl, registryPath } = side;
  const dispatcher = new Agent({ connect: { ca: side.caCertPem } });
  const server = serverProcess({ ...side.serverEnv, LOG_LEVEL: 'info', ...extraEnv }, addinUrl, dispatcher);
  const stack: ProcessStack = {
    emulator,
    emulatorUrl: emulator.url,
    addinUrl,
    dispatcher,
    registryPath,
    startServer: () => server.start(),
    killServer: () => server.kill(),
    serverOutput: () => server.output(),
    async close() {
      await server.kill();
      await side.close();
      await dispatcher.close();
    },
  };
  return stack;
}

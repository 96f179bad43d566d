/**
 * The middle tier as an administrator starts it (`node build/server/main.js`) with a listening
 * address it cannot have: it must stop at once with one line naming the variable to change,
 * not with a bare socket error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startEmulatorSide, type EmulatorSide } from '../support/emulatorSide';

const entry = resolve(__dirname, '..', '..', 'build', 'server', 'main.js');

let side: EmulatorSide;

beforeAll(async () => {
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: build the middle tier first (npm run build:node, or npm test which builds).`);
  side = await startEmulatorSide('wbs-startup-');
});

afterAll(async () => {
  await side?.close();
});

function start(overrides: Record<string, string>): { status: number | null; stderr: string } {
  const env = { PATH: process.env.PATH ?? '', ...side.serverEnv, REGISTRY_PATH: ':memory:', ...overrides };
  const run = spawnSync(process.execPath, [entry, '--no-env-file'], { env, encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, stderr: run.stderr };
}

describe('a listening address the middle tier cannot have', () => {
  it('names HOST when it is not an address of this machine', () => {
    const run = start({ HOST: 'no-such-host.invalid' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'The middle tier cannot start: HOST "no-such-host.invalid" is not an address of this machine',
    );
  });

  it('names PORT when another process already listens on it', async () => {
    const taken: Server = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    try {
      const { port } = taken.address() as AddressInfo;
      const run = start({ HOST: '127.0.0.1', PORT: String(port) });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`The middle tier cannot start: PORT ${port} is already in use on 127.0.0.1`);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});

describe('a metrics endpoint the middle tier cannot have', () => {
  it('names METRICS_PORT when another process already listens on it', async () => {
    const taken: Server = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    try {
      const { port } = taken.address() as AddressInfo;
      const run = start({ METRICS_PORT: String(port) });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `The middle tier cannot start: METRICS_PORT ${port} is already in use on 127.0.0.1: choose a free port.`,
      );
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('refuses METRICS_PORT equal to the public PORT, naming both', () => {
    const run = start({ METRICS_PORT: side.serverEnv.PORT ?? '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `METRICS_PORT must differ from PORT (${side.serverEnv.PORT ?? ''}): metrics are never served on the public port.`,
    );
  });
});

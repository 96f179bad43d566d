/**
 * Starts the real parts for a cross-process test, on loopback and free ports, over HTTPS with a
 * throwaway CA: the emulator (Entra ID + Graph + Office host) and the middle tier configured
 * exactly as local mode configures it (through its environment variables). Stop it with close().
 */
import { Agent, request } from 'undici';
import type { RunningEmulator } from '../../src/emulator/createEmulator';
import { loadConfig } from '../../src/server/config';
import { createServer, type ServerOverrides } from '../../src/server/app';
import { startEmulatorSide } from './emulatorSide';
import { createTestDatabase } from './postgres';

/** The registries a suite can run against: the SQLite file (default) or a fresh PostgreSQL database. */
export const REGISTRIES = ['sqlite', 'postgres'] as const;
export type RegistryKind = (typeof REGISTRIES)[number];

export interface LocalStack {
  emulator: RunningEmulator;
  emulatorUrl: string;
  addinUrl: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
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
  /** Which registry the middle tier uses (default: the SQLite file). */
  registry?: RegistryKind;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const side = await startEmulatorSide('wbs-stack-');
  const database = options.registry === 'postgres' ? await createTestDatabase() : undefined;
  const config = loadConfig({
    ...side.serverEnv,
    LOG_LEVEL: 'silent',
    ...(database === undefined ? {} : { REGISTRY_URL: database.url }),
    ...options.serverEnv,
  });
  const server = await createServer(config, options.serverOverrides);
  await server.listen();
  const dispatcher = new Agent({ connect: { ca: side.caCertPem } });

  return {
    emulator: side.emulator,
    emulatorUrl: side.emulator.url,
    addinUrl: side.addinUrl,
    caCertPem: side.caCertPem,
    certPem: side.certPem,
    keyPem: side.keyPem,
    clientSecret: side.clientSecret,
    dispatcher,
    async close() {
      await server.close();
      await database?.drop();
      await side.close();
      await dispatcher.close();
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

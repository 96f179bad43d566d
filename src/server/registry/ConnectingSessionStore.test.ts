import { createServer } from 'node:net';
import { createAppError } from '../errors/AppError';
import type { Log } from '../log';
import { connectingSessionStore } from './ConnectingSessionStore';
import { openSessionStore } from './openSessionStore';
import { MigrationLockTimeout } from './postgresMigrations';
import { SqliteSessionStore } from './SqliteSessionStore';

const owner = { tenantId: 't', userOid: 'u' };

function recordingLog(): Log & { lines: { level: string; fields: object; message?: string }[] } {
  const lines: { level: string; fields: object; message?: string }[] = [];
  const at = (level: string) => (fields: object, message?: string) => lines.push({ level, fields, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('a registry that is still connecting', () => {
  it('names the holder of the migration lock when that is what keeps it from starting, instead of blaming reachability', async () => {
    const log = recordingLog();
    let failures = 1;
    const store = connectingSessionStore({
      describe: 'db.example:5432/registry',
      log,
      sleep: async () => undefined,
      connect: async () => {
        if (failures-- > 0) {
          const held = new MigrationLockTimeout('reporting', 4242);
          throw createAppError('serviceUnavailable', { message: held.message, cause: held });
        }
        return new SqliteSessionStore(':memory:');
      },
    });
    await store.ready();
    const [warning] = log.lines.filter((l) => l.level === 'warn');
    expect(warning?.fields).toMatchObject({ holderRole: 'reporting', holderPid: 4242 });
    expect(warning?.message).toMatch(/migration lock.*revoke CONNECT/);
    expect(warning?.message).not.toMatch(/cannot reach/);
    await store.close();
  });

  it('is not ready and answers 503 until the database answers, retrying with growing waits, then works', async () => {
    const log = recordingLog();
    const waits: number[] = [];
    let failures = 3;
    let release: () => void = () => undefined;
    const store = connectingSessionStore({
      describe: 'db.example:5432/registry',
      log,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 3) await new Promise<void>((resolve) => (release = resolve));
      },
      connect: async () => {
        if (failures-- > 0)
          throw createAppError('serviceUnavailable', {
            cause: new Error('The server does not support SSL connections'),
          });
        return new SqliteSessionStore(':memory:');
      },
    });
    await new Promise((r) => setImmediate(r));
    await expect(store.ping()).rejects.toMatchObject({ code: 'serviceUnavailable', status: 503 });
    await expect(store.list(owner)).rejects.toMatchObject({ code: 'serviceUnavailable' });
    release();
    await store.ready();
    await expect(store.ping()).resolves.toBeUndefined();
    await expect(store.list(owner)).resolves.toEqual([]);
    expect(waits).toEqual([750, 1000, 1500]);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.fields)).toEqual([
      expect.objectContaining({
        registry: 'db.example:5432/registry',
        attempt: 1,
        retryInMs: 750,
        reason: 'The server does not support SSL connections',
      }),
      expect.objectContaining({ attempt: 2 }),
      expect.objectContaining({ attempt: 3 }),
    ]);
    await store.close();
  });

  it('stops retrying on a failure that retrying cannot fix, and says so once', async () => {
    const log = recordingLog();
    let calls = 0;
    const store = connectingSessionStore({
      describe: 'db',
      log,
      sleep: async () => undefined,
      connect: async () => {
        calls++;
        throw new Error('The registry database was migrated by a newer version');
      },
    });
    await expect(store.ready()).rejects.toThrow(/newer version/);
    expect(calls).toBe(1);
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    await expect(store.ping()).rejects.toMatchObject({ code: 'serviceUnavailable' });
    await store.close();
  });

  it('closes at once while it is still waiting to retry', async () => {
    const store = connectingSessionStore({
      describe: 'db',
      log: recordingLog(),
      baseDelayMs: 60_000,
      connect: async () => Promise.reject(createAppError('serviceUnavailable')),
    });
    await new Promise((r) => setImmediate(r));
    await store.close();
    await expect(store.ready()).rejects.toMatchObject({ code: 'serviceUnavailable' });
  });

  it('logs one warning per failed attempt to reach a PostgreSQL server, carrying the reason', async () => {
    // A loopback port that nothing listens on: the connection is refused at once.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const log = recordingLog();
    const opened = openSessionStore(
      { registryPath: ':memory:', registryUrl: `postgres://registry:secret@127.0.0.1:${port}/registry` },
      log,
    );
    await opened.firstAttempt;
    await opened.store.close();
    const warnings = log.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({
      registry: `127.0.0.1:${port}/registry`,
      attempt: 1,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
    expect(JSON.stringify(log.lines)).not.toContain('secret');
  });
});

import type { ICacheClient } from '@azure/msal-node';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { SILENT_LOG } from '../../../src/server/log';
import { createCredentialSealer } from '../../../src/server/registry/closeCredential';
import { PostgresSessionStore } from '../../../src/server/registry/PostgresSessionStore';
import { GraphTokenCache, type CachedToken } from '../../../src/server/auth/graphTokenCache';
import { PostgresCacheClient, sealedTokenTier } from '../../../src/server/auth/sharedTokenTier';

const sealer = createCredentialSealer({ current: Buffer.alloc(32, 3), previous: null });
const key = GraphTokenCache.keyFor('T', 'alice', ['Files.ReadWrite']);
const clock = 1_000_000;
const now = (): number => clock;

/** Two instances' caches over one shared client; counts the exchanges each makes. */
function twoInstances(client: ICacheClient) {
  const exchanges: string[] = [];
  const instance = (name: string) => {
    const cache = new GraphTokenCache({ now, shared: sealedTokenTier(client, sealer, SILENT_LOG) });
    return (): Promise<{ token: string; fromCache: boolean }> =>
      cache.get(key, async (): Promise<CachedToken> => {
        exchanges.push(name);
        return { token: `token-from-${name}-${exchanges.length}`, expiresAt: clock + 3_600_000 };
      });
  };
  return { a: instance('a'), b: instance('b'), exchanges };
}

describe('the Graph-token cache shared by instances', () => {
  it('lets a second instance use the token the first exchanged, sealed at rest', async () => {
    const stored = new Map<string, string>();
    const client: ICacheClient = { get: async (k) => stored.get(k) ?? '', set: async (k, v) => (stored.set(k, v), v) };
    const { a, b, exchanges } = twoInstances(client);
    expect(await a()).toEqual({ token: 'token-from-a-1', fromCache: false });
    expect(await b()).toEqual({ token: 'token-from-a-1', fromCache: true });
    expect(exchanges).toEqual(['a']);
    expect([...stored.values()].join()).not.toContain('token-from-a');
    // A value moved to another user's key does not open there.
    const other = GraphTokenCache.keyFor('T', 'mallory', ['Files.ReadWrite']);
    stored.set(other, stored.get(key) ?? '');
    expect(await sealedTokenTier(client, sealer, SILENT_LOG).read(other)).toBeUndefined();
  });

  it('never fails a request because the shared tier fails: it exchanges instead', async () => {
    const broken: ICacheClient = {
      get: async () => Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })),
      set: async () => Promise.reject(new Error('down')),
    };
    const { a, exchanges } = twoInstances(broken);
    expect(await a()).toEqual({ token: 'token-from-a-1', fromCache: false });
    expect(exchanges).toEqual(['a']);
  });

  it("warns once and counts entries sealed under a SEALING_KEY this instance lacks (another instance's), exchanging instead", async () => {
    const stored = new Map<string, string>();
    const client: ICacheClient = { get: async (k) => stored.get(k) ?? '', set: async (k, v) => (stored.set(k, v), v) };
    await sealedTokenTier(
      client,
      createCredentialSealer({ current: Buffer.alloc(32, 9), previous: null }),
      SILENT_LOG,
    ).write(key, { token: 'sealed-elsewhere', expiresAt: clock + 3_600_000 });
    const warnings: unknown[][] = [];
    const log = { ...SILENT_LOG, warn: (...args: unknown[]) => void warnings.push(args) };
    const tier = sealedTokenTier(client, sealer, log);
    expect(await tier.read(key)).toBeUndefined();
    expect(await tier.read(key)).toBeUndefined();
    expect(tier.unknownKeyEntries()).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('SEALING_KEY');
    expect(JSON.stringify(warnings)).not.toContain('sealed-elsewhere');
  });

  it('exchanges instead even when the shared tier fails with something that is not an Error', async () => {
    const odd: ICacheClient = { get: async () => Promise.reject(null), set: async () => Promise.reject(undefined) };
    const { a, exchanges } = twoInstances(odd);
    expect(await a()).toEqual({ token: 'token-from-a-1', fromCache: false });
    expect(exchanges).toEqual(['a']);
  });

  describe('on PostgreSQL', () => {
    let database: TestDatabase;
    let client: PostgresCacheClient;
    beforeAll(async () => {
      database = await createTestDatabase();
      await (await PostgresSessionStore.open(database.url)).close(); // migrations create the table
      client = new PostgresCacheClient(database.url, SILENT_LOG);
    }, 60_000);
    afterAll(async () => {
      await client.close();
      await database.drop();
    });

    it('keeps msal’s ICacheClient contract: "" when absent, upsert, "" removes', async () => {
      expect(await client.get('k')).toBe('');
      await client.set('k', 'v1');
      await client.set('k', 'v2');
      expect(await client.get('k')).toBe('v2');
      await client.set('k', '');
      expect(await client.get('k')).toBe('');
    });

    it('shares one exchange between two instances, and a refused token is forgotten for both', async () => {
      const { a, b, exchanges } = twoInstances(client);
      const first = await a();
      expect(await b()).toEqual({ token: first.token, fromCache: true });
      const tier = sealedTokenTier(client, sealer, SILENT_LOG);
      await tier.remove(key, 'some other token');
      expect((await tier.read(key))?.token).toBe(first.token);
      await tier.remove(key, first.token);
      expect(await tier.read(key)).toBeUndefined();
      const raw = new pg.Client({ connectionString: database.url });
      await raw.connect();
      expect((await raw.query('SELECT count(*)::int AS n FROM graph_token_cache')).rows[0].n).toBe(0);
      await raw.end();
      expect(exchanges).toEqual(['a']);
    });

    it('exchanges instead of waiting while the cache table is locked by someone else', async () => {
      const impatient = new PostgresCacheClient(database.url, SILENT_LOG, { statementTimeoutMs: 200 });
      const blocker = new pg.Client({ connectionString: database.url });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE graph_token_cache IN ACCESS EXCLUSIVE MODE');
      try {
        // Without a statement timeout the read waits for as long as the lock is held (here: forever).
        const { a, exchanges } = twoInstances(impatient);
        expect(await a()).toEqual({ token: 'token-from-a-1', fromCache: false });
        expect(exchanges).toEqual(['a']);
      } finally {
        await blocker.query('ROLLBACK');
        await blocker.end();
        await impatient.close();
      }
    });
  });
});

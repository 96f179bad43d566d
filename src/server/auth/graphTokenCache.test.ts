import { GraphTokenCache, type CachedToken } from './graphTokenCache';

describe('GraphTokenCache (per user and scopes, not per assertion)', () => {
  let clock = 1_000_000;
  const now = (): number => clock;
  const key = GraphTokenCache.keyFor('T', 'OID-1', ['Files.ReadWrite']);

  it('reuses a token until 5 minutes before it expires, then acquires again', async () => {
    const cache = new GraphTokenCache({ now });
    let calls = 0;
    const acquire = async (): Promise<CachedToken> => ({ token: `t${++calls}`, expiresAt: clock + 3_599_000 });
    await expect(cache.get(key, acquire)).resolves.toEqual({ token: 't1', fromCache: false });
    clock += 3_599_000 - 300_001;
    await expect(cache.get(key, acquire)).resolves.toEqual({ token: 't1', fromCache: true });
    clock += 2;
    await expect(cache.get(key, acquire)).resolves.toEqual({ token: 't2', fromCache: false });
    expect(calls).toBe(2);
  });

  it('runs one acquisition for concurrent callers of the same user and shares its failure', async () => {
    const cache = new GraphTokenCache({ now });
    let calls = 0;
    let release: (value: CachedToken) => void = () => undefined;
    const acquire = (): Promise<CachedToken> => {
      calls++;
      return new Promise((resolve) => (release = resolve));
    };
    const all = Promise.all([cache.get(key, acquire), cache.get(key, acquire), cache.get(key, acquire)]);
    release({ token: 'shared', expiresAt: clock + 3_600_000 });
    await expect(all).resolves.toEqual([
      { token: 'shared', fromCache: false },
      { token: 'shared', fromCache: false },
      { token: 'shared', fromCache: false },
    ]);
    expect(calls).toBe(1);

    const failing = new GraphTokenCache({ now });
    const boom = new Error('consent required');
    let failures = 0;
    const fail = async (): Promise<CachedToken> => {
      failures++;
      throw boom;
    };
    await expect(Promise.all([failing.get(key, fail), failing.get(key, fail)])).rejects.toBe(boom);
    expect(failures).toBe(1);
    // A failure is not cached: the next call tries again.
    await expect(failing.get(key, async () => ({ token: 'ok', expiresAt: clock + 3_600_000 }))).resolves.toEqual({
      token: 'ok',
      fromCache: false,
    });
  });

  it('keys by tenant, user and scope set (case and order insensitive)', () => {
    expect(GraphTokenCache.keyFor('T', 'OID-1', ['b', 'A'])).toBe(GraphTokenCache.keyFor('t', 'oid-1', ['a', 'B']));
    expect(GraphTokenCache.keyFor('T', 'OID-1', ['a'])).not.toBe(GraphTokenCache.keyFor('T', 'OID-2', ['a']));
    expect(GraphTokenCache.keyFor('T1', 'OID-1', ['a'])).not.toBe(GraphTokenCache.keyFor('T2', 'OID-1', ['a']));
  });

  it('does not cache short-lived tokens, forgets on request, and holds at most maxEntries users', async () => {
    const cache = new GraphTokenCache({ now, maxEntries: 2 });
    await cache.get(key, async () => ({ token: 'short', expiresAt: clock + 60_000 }));
    expect(cache.size).toBe(0);
    for (const oid of ['a', 'b', 'c'])
      await cache.get(GraphTokenCache.keyFor('T', oid, ['s']), async () => ({
        token: oid,
        expiresAt: clock + 3_600_000,
      }));
    expect(cache.size).toBe(2);
    let reacquired = false;
    await cache.get(GraphTokenCache.keyFor('T', 'a', ['s']), async () => {
      reacquired = true;
      return { token: 'a2', expiresAt: clock + 3_600_000 };
    });
    expect(reacquired).toBe(true);
    // Forgets only the token that was refused, not one renewed meanwhile.
    await cache.forget(GraphTokenCache.keyFor('T', 'c', ['s']), 'an older token');
    expect(cache.size).toBe(2);
    await cache.forget(GraphTokenCache.keyFor('T', 'c', ['s']), 'c');
    expect(cache.size).toBe(1);
  });
});

import { SharesCache } from './sharesCache';

const location = (itemId: string) => ({ driveId: 'b!d', itemId, name: `${itemId}.xlsx`, webUrl: null });

describe('SharesCache', () => {
  it('keys by tenant, user and URL: another user misses', () => {
    const cache = new SharesCache({ ttlMs: 1000, maxEntries: 10 });
    cache.set(SharesCache.key('t', 'alice', 'https://x/a.xlsx'), location('A'));
    expect(cache.get(SharesCache.key('t', 'alice', 'https://x/a.xlsx'))).toEqual(location('A'));
    expect(cache.get(SharesCache.key('t', 'bob', 'https://x/a.xlsx'))).toBeUndefined();
    expect(cache.get(SharesCache.key('t2', 'alice', 'https://x/a.xlsx'))).toBeUndefined();
  });

  it('expires entries after the TTL', () => {
    let now = 0;
    const cache = new SharesCache({ ttlMs: 1000, maxEntries: 10, now: () => now });
    cache.set('k', location('A'));
    now = 999;
    expect(cache.get('k')).toBeDefined();
    now = 1000;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond the size bound', () => {
    const cache = new SharesCache({ ttlMs: 1000, maxEntries: 2, now: () => 0 });
    cache.set('a', location('A'));
    cache.set('b', location('B'));
    expect(cache.get('a')).toBeDefined();
    cache.set('c', location('C'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('hands out copies and forgets on delete', () => {
    const cache = new SharesCache({ ttlMs: 1000, maxEntries: 2 });
    cache.set('a', location('A'));
    const got = cache.get('a');
    if (got !== undefined) got.itemId = 'changed';
    expect(cache.get('a')?.itemId).toBe('A');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});

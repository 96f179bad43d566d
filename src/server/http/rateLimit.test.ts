import { AppError } from '../errors/AppError';
import { createRateLimiter } from './rateLimit';
import { KeyedBuckets, TokenBucket } from './tokenBucket';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate, and says how long to wait', () => {
    const bucket = new TokenBucket(3, 60, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)].every((r) => r.ok)).toBe(true);
    expect(bucket.take(0)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(bucket.take(999).ok).toBe(false);
    expect(bucket.take(1000).ok).toBe(true);
    expect(bucket.isFull(10_000)).toBe(true);
  });
});

describe('KeyedBuckets', () => {
  // One token, refilled after a minute: a surviving key that spent it is refused; a dropped key starts afresh.
  const spent = (buckets: KeyedBuckets, key: string): boolean => !buckets.bucketFor(key, 0).take(0).ok;

  it('at its bound drops the full buckets first, and keeps every key that still holds a debt', () => {
    const buckets = new KeyedBuckets(1, 1, 10);
    for (let i = 0; i < 9; i++) buckets.bucketFor(`k${i}`, 0).take(0);
    buckets.bucketFor('idle', 0); // full: nothing to remember
    buckets.bucketFor('new', 0).take(0);
    expect(buckets.size).toBe(10); // k0…k8 and new: only the full bucket went
    for (let i = 0; i < 9; i++)
      expect({ key: `k${i}`, spent: spent(buckets, `k${i}`) }).toEqual({ key: `k${i}`, spent: true });
    expect(spent(buckets, 'new')).toBe(true);
  });

  it('with no full bucket to drop, drops the least recently used down to 90 % of the bound', () => {
    const buckets = new KeyedBuckets(1, 1, 10);
    for (let i = 0; i < 10; i++) buckets.bucketFor(`k${i}`, 0).take(0);
    buckets.bucketFor('k0', 0); // used again: k1 is now the least recently used
    buckets.bucketFor('new', 0).take(0);
    expect(buckets.size).toBe(10);
    for (const key of ['k0', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'new'])
      expect({ key, spent: spent(buckets, key) }).toEqual({ key, spent: true });
    expect(spent(buckets, 'k1')).toBe(false); // forgotten: a fresh bucket
  });
});

describe('createRateLimiter', () => {
  const config = {
    perUserPerMinute: 60,
    perUserBurst: 2,
    unauthenticatedPerIpPerMinute: 2,
    expiredTokensPerIpPerMinute: 600,
  };

  function thrown(fn: () => void): AppError | undefined {
    try {
      fn();
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    return undefined;
  }

  it('limits each user separately and answers rateLimited with whole seconds to wait', () => {
    let clock = 0;
    const limiter = createRateLimiter(config, () => clock);
    expect(thrown(() => limiter.chargeUser('t', 'alice'))).toBeUndefined();
    expect(thrown(() => limiter.chargeUser('t', 'alice'))).toBeUndefined();
    const error = thrown(() => limiter.chargeUser('t', 'alice'));
    expect(error).toEqual(expect.objectContaining({ code: 'rateLimited', status: 429, retryAfterSeconds: 1 }));
    expect(thrown(() => limiter.chargeUser('t', 'bob'))).toBeUndefined();
    expect(thrown(() => limiter.chargeUser('other-tenant', 'alice'))).toBeUndefined();
    clock += 1000;
    expect(thrown(() => limiter.chargeUser('t', 'alice'))).toBeUndefined();
  });

  it('charges failed authentications from one IPv6 /64 together, and an IPv4-mapped address as its IPv4 address', () => {
    const limiter = createRateLimiter(config, () => 0);
    // One host commonly holds a whole /64: rotating through it must not reset the budget.
    expect(limiter.chargeUnauthenticated('2001:db8:1:2::1')).toBeUndefined();
    expect(limiter.chargeUnauthenticated('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBeUndefined();
    expect(limiter.chargeUnauthenticated('2001:0db8:0001:0002::7')).toEqual(
      expect.objectContaining({ code: 'rateLimited' }),
    );
    expect(limiter.chargeUnauthenticated('2001:db8:1:3::1')).toBeUndefined();
    // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; a proxy may write either form.
    expect(limiter.chargeUnauthenticated('192.0.2.7')).toBeUndefined();
    expect(limiter.chargeUnauthenticated('::ffff:192.0.2.7')).toBeUndefined();
    expect(limiter.chargeUnauthenticated('192.0.2.7')).toEqual(expect.objectContaining({ code: 'rateLimited' }));
  });

  it('limits failed authentications per IP, and 0 turns a limit off', () => {
    const limiter = createRateLimiter(config, () => 0);
    expect(limiter.chargeUnauthenticated('10.0.0.1')).toBeUndefined();
    expect(limiter.chargeUnauthenticated('10.0.0.1')).toBeUndefined();
    expect(limiter.chargeUnauthenticated('10.0.0.1')).toEqual(
      expect.objectContaining({ code: 'rateLimited', retryAfterSeconds: 30 }),
    );
    expect(limiter.chargeUnauthenticated('10.0.0.2')).toBeUndefined();
    const off = createRateLimiter(
      { perUserPerMinute: 0, perUserBurst: 0, unauthenticatedPerIpPerMinute: 0, expiredTokensPerIpPerMinute: 0 },
      () => 0,
    );
    for (let i = 0; i < 100; i++) {
      off.chargeUser('t', 'alice');
      expect(off.chargeUnauthenticated('10.0.0.1')).toBeUndefined();
    }
  });

  it('meters expired tokens per address apart from failed sign-ins, generously: 600 a minute, then 429', () => {
    let t = 0;
    const limiter = createRateLimiter(config, () => t);
    // Failed sign-ins used up do not touch the expired-token meter, nor the other way round.
    limiter.chargeUnauthenticated('10.0.0.9');
    limiter.chargeUnauthenticated('10.0.0.9');
    for (let i = 0; i < 600; i++) expect(limiter.chargeExpired('10.0.0.9')).toBeUndefined();
    expect(limiter.chargeExpired('10.0.0.9')).toEqual(expect.objectContaining({ code: 'rateLimited' }));
    expect(limiter.chargeExpired('10.0.0.10')).toBeUndefined();
    t += 1000; // ten more a second come back
    for (let i = 0; i < 10; i++) expect(limiter.chargeExpired('10.0.0.9')).toBeUndefined();
    expect(limiter.chargeExpired('10.0.0.9')).toBeDefined();
  });
});

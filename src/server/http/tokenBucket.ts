/**
 * Token buckets: `capacity` requests at once, refilled continuously at `perMinute`. Used for
 * per-user and per-IP rate limits.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly perMinute: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.perMinute) / 60_000);
      this.updatedAt = now;
    }
  }

  /** Takes one token; when none is left, how long until one is (ms). */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return {
      ok: false,
      retryAfterMs:
        this.perMinute > 0 ? Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute) : Number.POSITIVE_INFINITY,
    };
  }

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }
}

/**
 * Buckets by key (a user, an IP), bounded in number: past `maxKeys`, full buckets (which
 * carry no state worth keeping) are dropped first, then the least recently used.
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    private readonly maxKeys = 100_000,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  bucketFor(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (bucket !== undefined) {
      // Re-insert so Map order is least-recently-used first.
      this.buckets.delete(key);
    } else {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      bucket = new TokenBucket(this.capacity, this.perMinute, now);
    }
    this.buckets.set(key, bucket);
    return bucket;
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
    const excess = this.buckets.size - Math.floor(this.maxKeys * 0.9);
    if (excess <= 0) return;
    let removed = 0;
    for (const key of this.buckets.keys()) {
      if (removed++ >= excess) break;
      this.buckets.delete(key);
    }
  }
}

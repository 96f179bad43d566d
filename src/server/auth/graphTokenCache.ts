/**
 * Graph tokens per user and scope set, in the middle tier's memory.
 *
 * msal-node caches on-behalf-of results by a hash of the incoming assertion, so each new SSO
 * token of the same user (Office hands out fresh ones freely) would cost a new call to Entra.
 * This cache is keyed by who the user is (tid + oid) and what is asked (scopes) instead: one
 * exchange per user per Graph-token lifetime. It reuses a token until `GRAPH_TOKEN_RENEW_BEFORE_MS` before it
 * expires, lets only one exchange per key run at a time (concurrent callers share it), and holds
 * at most `maxEntries` users (least recently used dropped first).
 *
 * Reusing a token across SSO tokens is sound because every SSO token is fully validated before
 * this is reached and names the same user; a Graph token is the user's delegated grant, not the
 * SSO token's.
 *
 * With several instances, a shared tier (sharedTokenTier.ts, over the registry's PostgreSQL) sits
 * behind this memory: an instance that has no token for the user reads the one another instance
 * got before exchanging, and publishes what it exchanges, so the goal holds across instances.
 */
export interface CachedToken {
  token: string;
  /** ms since epoch. */
  expiresAt: number;
}

/** A cache all instances share. Best effort: a failure reads as a miss and never fails a request. */
export interface SharedTokenTier {
  read(key: string): Promise<CachedToken | undefined>;
  write(key: string, value: CachedToken): Promise<void>;
  /** Removes the entry if it still holds `token`. */
  remove(key: string, token: string): Promise<void>;
}

export interface GraphTokenCacheOptions {
  now: () => number;
  shared?: SharedTokenTier;
  maxEntries?: number;
}

/** msal's own renewal margin (tokenRenewalOffsetSeconds): renew 5 minutes before expiry. */
export const GRAPH_TOKEN_RENEW_BEFORE_MS = 5 * 60 * 1000;
export const GRAPH_TOKEN_CACHE_MAX_ENTRIES = 10_000;

export class GraphTokenCache {
  private readonly entries = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<{ token: string; fromCache: boolean }>>();
  private readonly maxEntries: number;

  constructor(private readonly options: GraphTokenCacheOptions) {
    this.maxEntries = options.maxEntries ?? GRAPH_TOKEN_CACHE_MAX_ENTRIES;
  }

  static keyFor(tenantId: string, userOid: string, scopes: readonly string[]): string {
    return `${tenantId.toLowerCase()}|${userOid.toLowerCase()}|${[...scopes]
      .map((s) => s.toLowerCase())
      .sort()
      .join(' ')}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached token for `key`, or the result of `acquire` (shared by concurrent callers; cached when long-lived enough). */
  async get(key: string, acquire: () => Promise<CachedToken>): Promise<{ token: string; fromCache: boolean }> {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      if (cached.expiresAt - GRAPH_TOKEN_RENEW_BEFORE_MS > this.options.now()) {
        this.entries.delete(key);
        this.entries.set(key, cached);
        return { token: cached.token, fromCache: true };
      }
      this.entries.delete(key);
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const started = this.acquireThroughShared(key, acquire).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** Drops the entry for `key` if it still holds `token` (another caller may have renewed it already). */
  async forget(key: string, token: string): Promise<void> {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
    await this.options.shared?.remove(key, token);
  }

  private usable(value: CachedToken): boolean {
    return value.expiresAt - GRAPH_TOKEN_RENEW_BEFORE_MS > this.options.now();
  }

  private async acquireThroughShared(
    key: string,
    acquire: () => Promise<CachedToken>,
  ): Promise<{ token: string; fromCache: boolean }> {
    const { shared } = this.options;
    const published = shared === undefined ? undefined : await shared.read(key);
    if (published !== undefined && this.usable(published)) {
      this.store(key, published);
      return { token: published.token, fromCache: true };
    }
    const result = await acquire();
    if (this.usable(result)) {
      this.store(key, result);
      await shared?.write(key, result);
    }
    return { token: result.token, fromCache: false };
  }

  private store(key: string, value: CachedToken): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }
}

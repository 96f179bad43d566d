/**
 * Graph tokens per user and scope set, in the middle tier's memory.
 *
 * msal-node caches on-behalf-of results by a hash of the incoming assertion, so each new SSO
 * token of the same user (Office hands out fresh ones freely) would cost a new call to Entra.
 * This cache is keyed by who the user is (tid + oid) and what is asked (scopes) instead: one
 * exchange per user per Graph-token lifetime. It reuses a token until `renewBeforeMs` before it
 * expires, lets only one exchange per key run at a time (concurrent callers share it), and holds
 * at most `maxEntries` users (least recently used dropped first).
 *
 * Reusing a token across SSO tokens is sound because every SSO token is fully validated before
 * this is reached and names the same user; a Graph token is the user's delegated grant, not the
 * SSO token's.
 */
export interface CachedToken {
  token: string;
  /** ms since epoch. */
  expiresAt: number;
}

export interface GraphTokenCacheOptions {
  now: () => number;
  renewBeforeMs?: number;
  maxEntries?: number;
}

/** msal's own renewal margin (tokenRenewalOffsetSeconds): renew 5 minutes before expiry. */
export const GRAPH_TOKEN_RENEW_BEFORE_MS = 5 * 60 * 1000;
export const GRAPH_TOKEN_CACHE_MAX_ENTRIES = 10_000;

export class GraphTokenCache {
  private readonly entries = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly renewBeforeMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: GraphTokenCacheOptions) {
    this.renewBeforeMs = options.renewBeforeMs ?? GRAPH_TOKEN_RENEW_BEFORE_MS;
    this.maxEntries = options.maxEntries ?? GRAPH_TOKEN_CACHE_MAX_ENTRIES;
  }

  static keyFor(tenantId: string, userOid: string, scopes: readonly string[]): string {
    return `${tenantId.toLowerCase()}|${userOid.toLowerCase()}|${[...scopes].map((s) => s.toLowerCase()).sort().join(' ')}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached token for `key`, or the result of `acquire` (shared by concurrent callers; cached when long-lived enough). */
  async get(key: string, acquire: () => Promise<CachedToken>): Promise<{ token: string; fromCache: boolean }> {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      if (cached.expiresAt - this.renewBeforeMs > this.options.now()) {
        this.entries.delete(key);
        this.entries.set(key, cached);
        return { token: cached.token, fromCache: true };
      }
      this.entries.delete(key);
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) return { token: await running, fromCache: false };
    const started = acquire()
      .then((result) => {
        if (result.expiresAt - this.renewBeforeMs > this.options.now()) this.store(key, result);
        return result.token;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return { token: await started, fromCache: false };
  }

  forget(key: string): void {
    this.entries.delete(key);
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

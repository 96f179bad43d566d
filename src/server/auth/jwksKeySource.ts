/**
 * Entra's signing keys for one tenant, fetched from `${authorityHost}/${tenant}/discovery/v2.0/keys`
 * over the outbound HTTPS client (so the local-mode CA is trusted), kept in memory, refreshed
 * after 24 h, and fetched again when a token names a `kid` we do not have. Those unknown-kid
 * refetches are bounded by a small token bucket (a few at once, then one a minute), so a key
 * rotation is picked up at once while a stream of tokens with made-up kids cannot make us hammer
 * the JWKS endpoint.
 */
import type { Dispatcher } from 'undici';
import { importJWK, type JWK, type KeyLike } from 'jose';
import { AppError, createAppError } from '../errors/AppError';
import { OutboundNetworkError, parseJson, sendOutbound } from '../http/outboundRequest';
import { TokenBucket } from '../http/tokenBucket';

/** What the token validator needs: the verification key for a `kid`, or undefined when unknown. */
export interface SigningKeySource {
  keyFor(kid: string): Promise<KeyLike | undefined>;
}

/** Unknown-kid refetches: this many at once, then `perMinute`. */
export const JWKS_REFETCH_BUDGET = { capacity: 3, perMinute: 1 } as const;
/** Keys are also refreshed after this age even without an unknown kid (Entra rotates keys). */
export const JWKS_MAX_AGE_MS = 24 * 3600 * 1000;

export interface JwksKeySourceOptions {
  jwksUrl: string;
  dispatcher: Dispatcher;
  now?: () => number;
  refetchBudget?: { capacity: number; perMinute: number };
}

export class JwksKeySource implements SigningKeySource {
  private keys = new Map<string, KeyLike>();
  /** When the last fetch attempt ended (success or failure). */
  private attemptedAt: number | undefined;
  /** When keys were last fetched successfully (for the 24 h refresh). */
  private fetchedAt: number | undefined;
  /** Why the last attempt failed, while it is the latest word on the keys. */
  private lastFailure: AppError | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly refetches: TokenBucket;

  constructor(private readonly options: JwksKeySourceOptions) {
    this.now = options.now ?? Date.now;
    const budget = options.refetchBudget ?? JWKS_REFETCH_BUDGET;
    this.refetches = new TokenBucket(budget.capacity, budget.perMinute, this.now());
  }

  /** Fetches (shared between concurrent callers) when the keys are missing or old, or the kid is unknown and the budget allows. */
  async keyFor(kid: string): Promise<KeyLike | undefined> {
    const t = this.now();
    // After a failed fetch, missing or old keys are retried at most once a second, not on every request.
    const mayRetry = this.attemptedAt === undefined || t - this.attemptedAt >= 1000;
    const old = mayRetry && (this.fetchedAt === undefined || t - this.fetchedAt >= JWKS_MAX_AGE_MS);
    if (this.inFlight !== undefined) await this.inFlight;
    else if (old) await this.refresh();
    else if (!this.keys.has(kid) && this.refetches.take(t).ok) await this.refresh();
    const key = this.keys.get(kid);
    // Unknown kid while the keys could not be fetched: an outage, not a bad token (503, not 401).
    if (key === undefined && this.lastFailure !== undefined) throw this.lastFailure;
    return key;
  }

  /** One fetch at a time: concurrent callers share it. */
  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().then(
      (keys) => {
        this.keys = keys;
        this.fetchedAt = this.now();
        this.lastFailure = undefined;
      },
      (error: unknown) => {
        this.lastFailure = error instanceof AppError ? error : createAppError('upstreamUnavailable', { cause: error });
      },
    ).finally(() => {
      // A failed fetch counts for the cooldown too, so an outage is not hammered either.
      this.attemptedAt = this.now();
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<Map<string, KeyLike>> {
    let status: number;
    let text: string;
    try {
      ({ status, text } = await sendOutbound(this.options.dispatcher, { method: 'GET', url: this.options.jwksUrl, headers: { accept: 'application/json' } }));
    } catch (error) {
      if (error instanceof OutboundNetworkError) throw createAppError('upstreamUnavailable', { message: 'The signing keys of Microsoft Entra ID could not be fetched.', cause: error });
      throw error;
    }
    if (status !== 200) throw createAppError('upstreamUnavailable', { message: `The signing keys endpoint answered ${status}.` });
    const body = parseJson(text);
    const list = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(list)) throw createAppError('upstreamError', { message: 'The signing keys endpoint did not return a JWKS.' });
    const next = new Map<string, KeyLike>();
    for (const entry of list) {
      const jwk = entry as JWK & { kid?: unknown; use?: unknown };
      if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      try {
        const key = await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'RS256');
        if (typeof key !== 'object' || key instanceof Uint8Array) continue;
        next.set(jwk.kid, key);
      } catch {
        // A malformed entry is skipped; the others are still usable.
      }
    }
    return next;
  }
}

/**
 * One key source per accepted tenant, created on first use. The tenants are a fixed allow-list
 * (checked before this is called), so the map cannot grow with attacker input.
 */
export function createTenantKeySources(options: Omit<JwksKeySourceOptions, 'jwksUrl'> & { jwksUrlFor(tenantId: string): string }): (tenantId: string) => SigningKeySource {
  const sources = new Map<string, JwksKeySource>();
  return (tenantId) => {
    let source = sources.get(tenantId);
    if (source === undefined) {
      source = new JwksKeySource({ ...options, jwksUrl: options.jwksUrlFor(tenantId) });
      sources.set(tenantId, source);
    }
    return source;
  };
}

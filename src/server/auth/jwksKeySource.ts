/**
 * Entra's signing keys for one tenant, fetched from `${authorityHost}/${tenant}/discovery/v2.0/keys`
 * over the outbound HTTPS client (so the local-mode CA is trusted) and kept in memory.
 *
 * Entra rolls its keys periodically and, in an emergency, at once
 * (https://learn.microsoft.com/entra/identity-platform/signing-key-rollover), so:
 * - the whole set is fetched again every `refreshIntervalMs` (Entra asks for at least daily:
 *   https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens), and each
 *   fetch replaces it: a key Entra stopped publishing stops verifying after the next refresh;
 * - a token naming a `kid` we do not have triggers a fetch, so a rotation is picked up at once.
 *
 * Fetches are rate-limited as a whole (one per `minFetchIntervalMs`), never by a budget callers
 * can spend: a token with an unknown kid waits for the next allowed fetch (at most that
 * interval) instead of being refused because others used the budget up. A stream of tokens with
 * made-up kids therefore costs Entra one request per interval and delays a genuine new key by at
 * most one interval. A kid still unknown after a fetch is remembered for `unknownKidCooldownMs`
 * (bounded: the oldest are forgotten first), so repeating it gets an immediate answer.
 */
import type { Dispatcher } from 'undici';
import { importJWK, type JWK, type KeyLike } from 'jose';
import { AppError, createAppError } from '../errors/AppError';
import { OutboundNetworkError, parseJson, sendOutbound } from '../http/outboundRequest';

/** What the token validator needs: the verification key for a `kid`, or undefined when unknown. */
export interface SigningKeySource {
  keyFor(kid: string): Promise<KeyLike | undefined>;
}

export interface JwksTiming {
  /** The key set is fetched again when it is this old (on the next token that needs a key). */
  refreshIntervalMs: number;
  /** At most one fetch per this interval, whatever asks for it (unknown kids, refreshes, retries). */
  minFetchIntervalMs: number;
  /** A kid still unknown after a fetch does not cause another fetch for this long. */
  unknownKidCooldownMs: number;
  /** How many such kids are remembered. */
  maxUnknownKids: number;
}

export const JWKS_TIMING: JwksTiming = {
  refreshIntervalMs: 60 * 60_000,
  minFetchIntervalMs: 5_000,
  unknownKidCooldownMs: 5 * 60_000,
  maxUnknownKids: 1_000,
};

export interface JwksKeySourceOptions {
  jwksUrl: string;
  dispatcher: Dispatcher;
  now?: () => number;
  /** How a request waits for the next allowed fetch (tests move a fake clock instead). */
  sleep?: (ms: number) => Promise<void>;
  timing?: Partial<JwksTiming>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class JwksKeySource implements SigningKeySource {
  private keys = new Map<string, KeyLike>();
  /** When the last fetch attempt started (the fetch rate is measured from here). */
  private attemptStartedAt: number | undefined;
  /** Fetch attempts started so far: tells whether the keys in hand were fetched after a token arrived. */
  private attempts = 0;
  /** When the key set was last fetched successfully. */
  private fetchedAt: number | undefined;
  /** Why the last attempt failed, while it is the latest word on the keys. */
  private lastFailure: AppError | undefined;
  /** The next fetch: waiting for its turn or in flight, shared by every caller. */
  private pending: Promise<void> | undefined;
  /** kid → when a fetch last failed to find it; Map order is oldest first. */
  private readonly unknownKids = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly timing: JwksTiming;

  constructor(private readonly options: JwksKeySourceOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.timing = { ...JWKS_TIMING, ...options.timing };
  }

  async keyFor(kid: string): Promise<KeyLike | undefined> {
    const t = this.now();
    const attemptsBefore = this.attempts;
    if (this.isDue(t)) {
      // Never fetched, due for the periodic refresh, or the last attempt failed: fetch before
      // answering, so a key Entra dropped is not trusted a moment longer than needed. Right after
      // a failed attempt the keys we have (if any) are used and an outage is not hammered.
      if (this.mayFetchAt(t)) await this.nextFetch();
      else if (this.keys.size === 0 && this.lastFailure !== undefined) throw this.lastFailure;
    }
    const known = this.keys.get(kid);
    if (known !== undefined) return known;
    // Unknown kid while the keys could not be fetched: an outage, not a bad token (503, not 401).
    if (this.lastFailure !== undefined) throw this.lastFailure;
    if (this.recentlyUnknown(kid, t)) return undefined;
    // Keys fetched after this token arrived already answer it: fetching again would learn nothing.
    if (this.attempts > attemptsBefore) {
      this.rememberUnknown(kid);
      return undefined;
    }

    await this.nextFetch();
    const found = this.keys.get(kid);
    if (found !== undefined) return found;
    if (this.lastFailure !== undefined) throw this.lastFailure;
    this.rememberUnknown(kid);
    return undefined;
  }

  private isDue(t: number): boolean {
    return (
      this.fetchedAt === undefined ||
      this.lastFailure !== undefined ||
      t - this.fetchedAt >= this.timing.refreshIntervalMs
    );
  }

  private mayFetchAt(t: number): boolean {
    return this.attemptStartedAt === undefined || t - this.attemptStartedAt >= this.timing.minFetchIntervalMs;
  }

  /** The next fetch, started now or as soon as the fetch rate allows (at most one interval away). */
  private nextFetch(): Promise<void> {
    this.pending ??= (async () => {
      const wait =
        this.attemptStartedAt === undefined ? 0 : this.attemptStartedAt + this.timing.minFetchIntervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
      await this.fetchNow();
    })().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchNow(): Promise<void> {
    this.attemptStartedAt = this.now();
    this.attempts += 1;
    try {
      this.keys = await this.fetchKeys();
      this.fetchedAt = this.now();
      this.lastFailure = undefined;
    } catch (error) {
      this.lastFailure = error instanceof AppError ? error : createAppError('upstreamUnavailable', { cause: error });
    }
  }

  private recentlyUnknown(kid: string, t: number): boolean {
    const at = this.unknownKids.get(kid);
    return at !== undefined && t - at < this.timing.unknownKidCooldownMs;
  }

  private rememberUnknown(kid: string): void {
    this.unknownKids.delete(kid);
    this.unknownKids.set(kid, this.now());
    while (this.unknownKids.size > this.timing.maxUnknownKids) {
      const oldest = this.unknownKids.keys().next();
      if (oldest.done === true) break;
      this.unknownKids.delete(oldest.value);
    }
  }

  private async fetchKeys(): Promise<Map<string, KeyLike>> {
    let status: number;
    let text: string;
    try {
      ({ status, text } = await sendOutbound(this.options.dispatcher, {
        method: 'GET',
        url: this.options.jwksUrl,
        headers: { accept: 'application/json' },
      }));
    } catch (error) {
      if (error instanceof OutboundNetworkError)
        throw createAppError('upstreamUnavailable', {
          message: 'The signing keys of Microsoft Entra ID could not be fetched.',
          cause: error,
        });
      throw error;
    }
    if (status !== 200)
      throw createAppError('upstreamUnavailable', { message: `The signing keys endpoint answered ${status}.` });
    const body = parseJson(text);
    const list = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(list))
      throw createAppError('upstreamError', { message: 'The signing keys endpoint did not return a JWKS.' });
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
export function createTenantKeySources(
  options: Omit<JwksKeySourceOptions, 'jwksUrl'> & { jwksUrlFor(tenantId: string): string },
): (tenantId: string) => SigningKeySource {
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

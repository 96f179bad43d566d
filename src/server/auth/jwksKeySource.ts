/**
 * Entra's signing keys for one tenant, fetched from `${authorityHost}/${tenant}/discovery/v2.0/keys`
 * over the outbound HTTPS client (so the local-mode CA is trusted), kept in memory, and fetched
 * again when a token names a `kid` we do not have — at most once per cooldown, so a stream of
 * tokens with made-up kids cannot make us hammer the JWKS endpoint.
 */
import type { Dispatcher } from 'undici';
import { importJWK, type JWK, type KeyLike } from 'jose';
import { createAppError } from '../errors/AppError';
import { OutboundNetworkError, parseJson, sendOutbound } from '../http/outboundRequest';

/** What the token validator needs: the verification key for a `kid`, or undefined when unknown. */
export interface SigningKeySource {
  keyFor(kid: string): Promise<KeyLike | undefined>;
}

export const JWKS_REFETCH_COOLDOWN_MS = 30_000;
/** Keys are also refreshed after this age even without an unknown kid (Entra rotates keys). */
export const JWKS_MAX_AGE_MS = 24 * 3600 * 1000;

export interface JwksKeySourceOptions {
  jwksUrl: string;
  dispatcher: Dispatcher;
  now?: () => number;
  cooldownMs?: number;
}

export class JwksKeySource implements SigningKeySource {
  private keys = new Map<string, KeyLike>();
  private fetchedAt: number | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly cooldownMs: number;

  constructor(private readonly options: JwksKeySourceOptions) {
    this.now = options.now ?? Date.now;
    this.cooldownMs = options.cooldownMs ?? JWKS_REFETCH_COOLDOWN_MS;
  }

  async keyFor(kid: string): Promise<KeyLike | undefined> {
    const stale = this.fetchedAt === undefined || this.now() - this.fetchedAt >= JWKS_MAX_AGE_MS;
    if (stale || (!this.keys.has(kid) && this.now() - (this.fetchedAt ?? 0) >= this.cooldownMs)) {
      await this.refresh();
    }
    return this.keys.get(kid);
  }

  /** One fetch at a time: concurrent callers share it. */
  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    let status: number;
    let text: string;
    try {
      ({ status, text } = await sendOutbound(this.options.dispatcher, { method: 'GET', url: this.options.jwksUrl, headers: { accept: 'application/json' } }));
    } catch (error) {
      if (error instanceof OutboundNetworkError) throw createAppError('upstreamUnavailable', { message: 'The signing keys of Microsoft Entra ID could not be fetched.', cause: error });
      throw error;
    }
    // A failed fetch still counts for the cooldown so an outage is not hammered either.
    this.fetchedAt = this.now();
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
    this.keys = next;
  }
}

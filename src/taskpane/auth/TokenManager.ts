/**
 * Gets Office SSO tokens for calls to the middle tier.
 *
 * - Single flight: office.js rejects a getAccessToken call made while another is pending (13008),
 *   so concurrent callers share the pending call instead of starting their own.
 * - Cache until shortly before `exp`: Office caches too, but every call is a round trip into the
 *   host and hosts throttle repeated calls (13013). `forceRefresh` bypasses the cache when the
 *   middle tier says the token was refused.
 * - `authChallenge`: a claims challenge always needs a new call carrying the claims; it waits for
 *   any pending call to settle first so the two never overlap.
 */
import { type OfficeHost, type SsoTokenOptions } from '../office/OfficeHost';
import { readJwtExpiry } from './jwtExpiry';

/** The options of every call (https://learn.microsoft.com/en-us/javascript/api/office/office.authoptions): sign-in and consent prompts allowed, Graph errors reported. */
export const SSO_TOKEN_OPTIONS: Readonly<SsoTokenOptions> = {
  allowSignInPrompt: true,
  allowConsentPrompt: true,
  forMSGraphAccess: true,
};

/** A token is not reused in its last minutes, so it cannot expire between reuse and validation. */
export const DEFAULT_EXPIRY_MARGIN_MS = 5 * 60 * 1000;

export interface TokenRequest {
  /** Ignore the cached token (the middle tier refused it). */
  forceRefresh?: boolean;
  /** The claims string of a claims challenge. */
  authChallenge?: string;
}

/** What the API client needs from the token manager. */
export interface TokenSource {
  getToken(request?: TokenRequest): Promise<string>;
  /**
   * The middle tier answered `consentRequired`: a source that can ask the user for consent
   * returns the error to throw instead (it then waits for the user's click).
   */
  requireConsent?(): Error;
}

export interface TokenManagerOptions {
  now?: () => number;
  expiryMarginMs?: number;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is not handed out again. */
  reuseUntil: number;
}

export class TokenManager implements TokenSource {
  private cached: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly expiryMarginMs: number;

  constructor(
    private readonly host: Pick<OfficeHost, 'getAccessToken'>,
    options: TokenManagerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.expiryMarginMs = options.expiryMarginMs ?? DEFAULT_EXPIRY_MARGIN_MS;
  }

  /** Rejects with the host's SsoError. */
  getToken(request: TokenRequest = {}): Promise<string> {
    if (request.authChallenge !== undefined) {
      const challenge = request.authChallenge;
      const previous = this.pending;
      this.cached = undefined;
      // Wait for (but ignore the outcome of) a pending call, then ask again with the claims.
      return this.startCall(previous ? previous.then(noop, noop) : Promise.resolve(), challenge);
    }
    // A pending call was started after whatever token the caller wants replaced, so its result
    // is fresh enough even for forceRefresh.
    if (this.pending) return this.pending;
    if (!request.forceRefresh && this.cached && this.now() < this.cached.reuseUntil) {
      return Promise.resolve(this.cached.token);
    }
    this.cached = undefined;
    return this.startCall(Promise.resolve(), undefined);
  }

  /** The token a call would reuse now, if any. */
  cachedToken(): string | undefined {
    return this.cached?.token;
  }

  private startCall(after: Promise<void>, authChallenge: string | undefined): Promise<string> {
    const options: SsoTokenOptions =
      authChallenge === undefined ? { ...SSO_TOKEN_OPTIONS } : { ...SSO_TOKEN_OPTIONS, authChallenge };
    const call = after
      .then(() => this.host.getAccessToken(options))
      .then((token) => {
        this.remember(token);
        return token;
      })
      .finally(() => {
        if (this.pending === call) this.pending = undefined;
      });
    this.pending = call;
    return call;
  }

  private remember(token: string): void {
    const exp = readJwtExpiry(token);
    const reuseUntil = exp === undefined ? 0 : exp * 1000 - this.expiryMarginMs;
    // A token without a readable exp, or already inside the margin, is used once and not cached.
    this.cached = reuseUntil > this.now() ? { token, reuseUntil } : undefined;
  }
}

function noop(): void {}

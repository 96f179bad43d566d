/**
 * Who is signed in, for display and to key their preferences: read from the SSO token's claims
 * (`name`, `preferred_username`, `tid`, `oid`; https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference)
 * WITHOUT verifying anything. The middle tier validates tokens; the pane only shows a name.
 */
import { readJwtPayload } from '../auth/jwtExpiry';
import { type TokenRequest, type TokenSource } from '../auth/TokenManager';

export interface Account {
  /** The display name, else the sign-in name; null when the token has neither. */
  name: string | null;
  tenantId: string;
  objectId: string;
}

const MAX_NAME_LENGTH = 256;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, MAX_NAME_LENGTH) : null;

export function accountFromToken(token: string): Account | null {
  const claims = readJwtPayload(token);
  if (!claims) return null;
  const tenantId = text(claims.tid);
  const objectId = text(claims.oid);
  if (tenantId === null || objectId === null) return null;
  return { name: text(claims.name) ?? text(claims.preferred_username), tenantId, objectId };
}

/** A TokenSource that reports each token it hands out (the token manager itself is unchanged). */
export function observedTokens(source: TokenSource, onToken: (token: string) => void): TokenSource {
  return {
    getToken: async (request?: TokenRequest) => {
      const token = await source.getToken(request);
      onToken(token);
      return token;
    },
    ...(source.requireConsent
      ? { requireConsent: () => source.requireConsent?.() ?? new Error('consent required') }
      : {}),
  };
}

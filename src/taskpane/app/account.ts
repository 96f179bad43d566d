/**
 * Who is signed in, for display and to key their preferences: read from the SSO token's claims
 * (`name`, `preferred_username`, `tid`, `oid`; https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference)
 * WITHOUT verifying anything. The middle tier validates tokens; the pane only shows a name.
 */
import { type TokenRequest, type TokenSource } from '../auth/TokenManager';

export interface Account {
  /** The display name, else the sign-in name; null when the token has neither. */
  name: string | null;
  tenantId: string;
  objectId: string;
}

const MAX_NAME_LENGTH = 256;

function payloadOf(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    // UTF-8 bytes to text ("Ana García"): percent-encode each byte, then decode.
    const utf8 = decodeURIComponent(
      Array.from(binary, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const payload: unknown = JSON.parse(utf8);
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, MAX_NAME_LENGTH) : null;

export function accountFromToken(token: string): Account | null {
  const claims = payloadOf(token);
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

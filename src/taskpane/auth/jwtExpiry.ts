/**
 * Reads claims from a JWT payload WITHOUT verifying anything: `exp` to decide how long to reuse
 * a token, a login hint, and who is signed in for display (app/account.ts). The middle tier is
 * the party that validates tokens; nothing read here is trusted.
 */
export function readJwtExpiry(token: string): number | undefined {
  const exp = readJwtPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
}

/**
 * `preferred_username`, only as a login hint for the sign-in page (so it offers the account the
 * user is already signed in with); never used to identify anyone. Non-ASCII names
 * ("ana.garcía@contoso.es") are kept; white space and control characters make it no hint.
 */
export function readJwtUsername(token: string): string | undefined {
  const name = readJwtPayload(token)?.preferred_username;
  return typeof name === 'string' && /^[^\s\p{C}]{1,256}$/u.test(name) ? name : undefined;
}

/** The payload's claims, decoded as UTF-8 (RFC 7519 §7.2); undefined for anything that is not a JWT. */
export function readJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const payload: unknown = JSON.parse(utf8(binary));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** atob's bytes as UTF-8 text ("Ana García"): percent-encode each byte, then decode (throws on bad UTF-8). */
function utf8(binary: string): string {
  return decodeURIComponent(Array.from(binary, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
}

/**
 * Reads claims from a JWT payload WITHOUT verifying anything: `exp` to decide how long to reuse a
 * token, a login hint (signInFallbacks.ts), and (app/account.ts) who to show as signed in. The middle tier is the
 * party that validates tokens; nothing read here is trusted.
 */
export function readJwtExpiry(token: string): number | undefined {
  const exp = readJwtPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
}

/**
 * A JWT's payload as JSON (its UTF-8 decoded, as real tokens are), WITHOUT verifying anything;
 * undefined when it is not a JSON object. The one reader of token claims in the pane.
 */
export function readJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    // UTF-8 bytes to text ("Ana García"): percent-encode each byte, then decode.
    const text = decodeURIComponent(
      Array.from(binary, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const payload: unknown = JSON.parse(text);
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

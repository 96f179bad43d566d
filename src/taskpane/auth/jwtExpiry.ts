/**
 * Reads `exp` (and a login hint) from a JWT payload WITHOUT verifying anything. The task pane only uses it to decide
 * how long to reuse a token; the middle tier is the party that validates tokens. Nothing else in
 * the payload is trusted or used.
 */
export function readJwtExpiry(token: string): number | undefined {
  const exp = readPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
}

/**
 * `preferred_username`, only as a login hint for the sign-in page (so it offers the account the
 * user is already signed in with); never used to identify anyone.
 */
export function readJwtUsername(token: string): string | undefined {
  const name = readPayload(token)?.preferred_username;
  // atob gives Latin-1: a hint is only useful (and only passed on) when it is plain ASCII.
  return typeof name === 'string' && /^[\x21-\x7e]{1,256}$/.test(name) ? name : undefined;
}

function readPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const payload: unknown = JSON.parse(atob(padded));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads Graph's `WWW-Authenticate` answer to a 401. With continuous access evaluation Graph asks
 * for a token with more claims:
 *
 *   Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize",
 *     error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7…"
 *
 * where `claims` is the base64 of the claims request to hand to the client, which passes it on
 * when it asks for a new token
 * (https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge,
 * https://learn.microsoft.com/en-us/entra/identity-platform/app-resilience-continuous-access-evaluation).
 *
 * The header follows RFC 7235: challenges `scheme param=value, …`, a value either a token or a
 * quoted string (with `\` escapes; Graph's `errorDescription` holds commas). Only the Bearer
 * challenge is read; parameter names are case-insensitive.
 */

/** Headers longer than this are not a challenge Graph sends; they are not parsed. */
const MAX_HEADER_LENGTH = 16 * 1024;
const MAX_CLAIMS_LENGTH = 8 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** The Bearer challenge's parameters (lower-case names), or undefined when there is none. */
export function bearerChallengeParams(header: string | undefined): ReadonlyMap<string, string> | undefined {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return undefined;
  let rest = header;
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const scheme = TOKEN.exec(rest)?.[0];
    if (scheme === undefined) return undefined;
    rest = rest.slice(scheme.length);
    const parsed = readParams(rest);
    if (parsed === undefined) return undefined;
    if (scheme.toLowerCase() === 'bearer') return parsed.params;
    rest = parsed.rest;
  }
  return undefined;
}

/**
 * The claims request of an `insufficient_claims` challenge, decoded to its JSON text (what
 * Office's `authChallenge` and msal's `claims` take), or undefined when the header is not such a
 * challenge or its claims are not base64 of a JSON object.
 */
export function insufficientClaimsOf(header: string | undefined): string | undefined {
  const params = bearerChallengeParams(header);
  if (params?.get('error') !== 'insufficient_claims') return undefined;
  const encoded = params.get('claims');
  if (
    encoded === undefined ||
    encoded.length === 0 ||
    encoded.length > MAX_CLAIMS_LENGTH ||
    !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)
  )
    return undefined;
  const text = Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** `name=value` pairs up to the next challenge (a token not followed by `=`) or the end. */
function readParams(input: string): { params: Map<string, string>; rest: string } | undefined {
  const params = new Map<string, string>();
  let rest = input;
  for (;;) {
    const before = rest;
    rest = rest.replace(/^[\s,]+/, '');
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) return rest.length === 0 ? { params, rest } : undefined;
    const afterName = rest.slice(name.length).replace(/^\s*/, '');
    // A token without `=` starts the next challenge (token68 credentials are not used by Bearer challenges).
    if (!afterName.startsWith('=')) return { params, rest: before };
    const value = readValue(afterName.slice(1).replace(/^\s*/, ''));
    if (value === undefined) return undefined;
    if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value.value);
    rest = value.rest;
  }
}

function readValue(input: string): { value: string; rest: string } | undefined {
  if (!input.startsWith('"')) {
    // A token, or (some answers leave URLs unquoted: `authorization_uri=https://…`) anything up to the next comma.
    const bare = /^[^\s,"]+/.exec(input)?.[0];
    return bare === undefined ? { value: '', rest: input } : { value: bare, rest: input.slice(bare.length) };
  }
  let value = '';
  for (let i = 1; i < input.length; i++) {
    const char = input[i];
    if (char === '\\' && i + 1 < input.length) {
      value += input[i + 1];
      i++;
    } else if (char === '"') {
      return { value, rest: input.slice(i + 1) };
    } else {
      value += char;
    }
  }
  return undefined;
}

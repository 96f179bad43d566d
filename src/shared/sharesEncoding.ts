/**
 * Graph's `/shares/{shareId}` encoding of a sharing or document URL:
 * base64 of the URL's UTF-8 bytes, made unpadded base64url (drop trailing `=`, `/`→`_`,
 * `+`→`-`), prefixed with `u!`. The URL is encoded exactly as given (Graph does not say to
 * normalise it first).
 */

const BASE64URL_BODY = /^[A-Za-z0-9_-]+$/;

export function encodeSharingUrl(url: string): string {
  const base64 = base64FromUtf8(url);
  return 'u!' + base64.replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-');
}

/**
 * The inverse, for the emulator. Returns undefined for anything that is not a well-formed
 * `u!` id (wrong prefix, characters outside base64url, padding, impossible length, not UTF-8).
 */
export function decodeSharingUrl(shareId: string): string | undefined {
  if (!shareId.startsWith('u!')) return undefined;
  const body = shareId.slice(2);
  if (body.length === 0 || !BASE64URL_BODY.test(body) || body.length % 4 === 1) return undefined;
  const base64 = body.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (body.length % 4)) % 4);
  return utf8FromBase64(base64);
}

// Works in Node and in browsers without Buffer: TextEncoder/atob/btoa are in both.
function base64FromUtf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function utf8FromBase64(base64: string): string | undefined {
  try {
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

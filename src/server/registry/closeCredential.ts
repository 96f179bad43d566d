/**
 * The credential a `closing` row keeps so that a LATER process can finish the close.
 *
 * Graph's workbook APIs accept only delegated tokens (no application permission exists), and a
 * process that starts after a crash has no user request in hand, hence no token to call
 * closeSession with. So when a row is marked `closing`, the user's Graph access token goes into
 * the row — sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the client secret, so
 * the database file alone does not give Graph access — and is dropped with the row. It is useful
 * for the token's remaining life (about an hour), which is longer than any session lives idle
 * (5–7 minutes): when it can no longer be used, the session has expired in Graph on its own.
 * A credential that cannot be opened (e.g. the client secret was rotated) counts as absent.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CredentialSealer {
  seal(token: string): string;
  /** The token, or undefined when the text is not a credential sealed with this key. */
  open(sealed: string): string | undefined;
}

export function createCredentialSealer(secret: string): CredentialSealer {
  if (secret === '') throw new RangeError('a sealing secret is required');
  const key = Buffer.from(hkdfSync('sha256', secret, 'workbook-sessions registry', 'close credential v1', 32));
  return {
    seal(token) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed) {
      const [version, payload, extra] = sealed.split('.');
      if (version !== VERSION || payload === undefined || extra !== undefined) return undefined;
      const raw = Buffer.from(payload, 'base64url');
      if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

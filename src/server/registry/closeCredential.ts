/**
 * Secrets at rest in the registry database: the Graph token a `closing` row keeps so that a LATER
 * process can finish the close, and the shared on-behalf-of token cache.
 *
 * Graph's workbook APIs accept only delegated tokens (no application permission exists), and a
 * process that starts after a crash has no user request in hand, hence no token to call
 * closeSession with. So when a row is marked `closing`, the user's Graph access token goes into
 * the row, sealed, and is dropped with the row. It is useful for the token's remaining life
 * (about an hour), longer than any session lives idle (5–7 minutes).
 *
 * Sealing: AES-256-GCM under a key derived (HKDF-SHA256) from SEALING_KEY, a secret of its own
 * (rotating the client secret strands nothing). Each sealed value names the key that sealed it
 * (a short fingerprint), so SEALING_KEY_PREVIOUS still opens what was sealed before a rotation.
 * The sealed value is authenticated together with its context (for a close credential: the row
 * id, the user and the Graph session id), so a value copied onto another row does not open.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a sealed value did not open. */
export type UnsealProblem = 'unknownKey' | 'malformed' | 'notAuthentic';

export type OpenResult = { ok: true; value: string } | { ok: false; problem: UnsealProblem };

export interface CredentialSealer {
  /** Seals `value` for `context` (the same context is needed to open it). */
  seal(value: string, context: string): string;
  open(sealed: string, context: string): OpenResult;
}

export interface SealingKeys {
  /** Seals everything new; opens what it sealed. */
  current: Buffer;
  /** Still opens what it sealed (the key before the last rotation); never seals. */
  previous: Buffer | null;
}

/** The context a close credential is bound to: its row, its owner and its Graph session. */
export function closeCredentialContext(row: {
  id: string;
  tenantId: string;
  userOid: string;
  graphSessionId: string;
}): string {
  return JSON.stringify(['close-credential', row.id, row.tenantId, row.userOid, row.graphSessionId]);
}

interface DerivedKey {
  id: string;
  key: Buffer;
}

function derive(secret: Buffer): DerivedKey {
  if (secret.length < 32) throw new RangeError('a sealing key must have at least 32 bytes');
  const key = Buffer.from(hkdfSync('sha256', secret, 'workbook-sessions registry', 'sealing v2', 32));
  return { id: createHash('sha256').update(key).digest('base64url').slice(0, 8), key };
}

export function createCredentialSealer(keys: SealingKeys): CredentialSealer {
  const current = derive(keys.current);
  const byId = new Map<string, Buffer>([[current.id, current.key]]);
  if (keys.previous !== null) {
    const previous = derive(keys.previous);
    if (!byId.has(previous.id)) byId.set(previous.id, previous.key);
  }
  return {
    seal(value, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return `${VERSION}.${current.id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, keyId, payload, extra] = sealed.split('.');
      if (version !== VERSION || keyId === undefined || payload === undefined || extra !== undefined)
        return { ok: false, problem: 'malformed' };
      const key = byId.get(keyId);
      if (key === undefined) return { ok: false, problem: 'unknownKey' };
      const raw = Buffer.from(payload, 'base64url');
      if (raw.length <= IV_BYTES + TAG_BYTES) return { ok: false, problem: 'malformed' };
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return {
          ok: true,
          value: Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
            'utf8',
          ),
        };
      } catch {
        return { ok: false, problem: 'notAuthentic' };
      }
    },
  };
}

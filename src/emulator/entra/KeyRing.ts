/**
 * The issuer's RS256 signing keys, generated at start with node:crypto and never written to
 * disk. The newest key signs; the one before it is "retiring": it still verifies and is still
 * published in the JWKS until the next rotation drops it, as Entra overlaps its keys.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { errors, exportJWK, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface PublishedJwk extends JWK {
  kid: string;
  use: 'sig';
  alg: 'RS256';
  issuer: string;
}

export class KeyRing {
  private readonly keys: SigningKey[] = [];

  constructor() {
    this.rotate();
  }

  /** Adds a new signing key; the previous one keeps verifying, any older one is dropped. */
  rotate(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    // Entra's kids look like base64url SHA-1 thumbprints (27 characters); so do these.
    const kid = createHash('sha1').update(spki).digest('base64url');
    const key = { kid, privateKey, publicKey };
    this.keys.push(key);
    if (this.keys.length > 2) this.keys.splice(0, this.keys.length - 2);
    return key;
  }

  current(): SigningKey {
    const key = this.keys[this.keys.length - 1];
    if (key === undefined) throw new Error('KeyRing has no key');
    return key;
  }

  /** kids, current first. */
  kids(): { current: string; retiring?: string } {
    const current = this.current().kid;
    const retiring = this.keys.length > 1 ? this.keys[0]?.kid : undefined;
    return retiring === undefined ? { current } : { current, retiring };
  }

  /** The verification key for a JWS header's `kid`; jose reports a missing one as JWKSNoMatchingKey. */
  verificationKey(kid: string | undefined): KeyObject {
    const key = this.keys.find((k) => k.kid === kid);
    if (key === undefined) throw new errors.JWKSNoMatchingKey();
    return key.publicKey;
  }

  async jwks(issuer: string): Promise<{ keys: PublishedJwk[] }> {
    const keys = await Promise.all(
      this.keys.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, use: 'sig' as const, alg: 'RS256' as const, issuer })),
    );
    return { keys };
  }
}

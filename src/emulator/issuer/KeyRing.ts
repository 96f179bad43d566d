/**
 * The issuer's RS256 signing keys, generated at start with node:crypto and never written to
 * disk. The newest key signs; every key in the ring verifies and is published in the JWKS, so
 * the later key-rotation feature only has to add a key here.
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

  /** Adds a new signing key; older keys keep verifying. */
  rotate(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    // Entra's kids look like base64url SHA-1 thumbprints (27 characters); so do these.
    const kid = createHash('sha1').update(spki).digest('base64url');
    const key = { kid, privateKey, publicKey };
    this.keys.push(key);
    return key;
  }

  current(): SigningKey {
    const key = this.keys[this.keys.length - 1];
    if (key === undefined) throw new Error('KeyRing has no key');
    return key;
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

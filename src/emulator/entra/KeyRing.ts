/**
 * The issuer's RS256 signing keys, generated at start with node:crypto and never written to
 * disk. Entra publishes a key before it signs with it and keeps publishing the previous one for
 * a while (https://learn.microsoft.com/en-us/entra/identity-platform/signing-key-rollover), so
 * the ring holds three roles:
 *
 *   next      published, not signing yet (a client that refreshes its keys has it in advance);
 *   current   signs every token;
 *   retiring  the previous signer: published and verifying until the next rotation drops it.
 *
 * A rotation promotes `next` to `current` and publishes a fresh `next`. An emergency rotation
 * signs at once with a key nobody has fetched yet (a compromised-key rollover), so clients meet
 * an unknown `kid` and must refetch.
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

export interface KeyIds {
  current: string;
  next: string;
  retiring?: string;
}

function generateKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // Entra's kids look like base64url SHA-1 thumbprints (27 characters); so do these.
  const kid = createHash('sha1').update(spki).digest('base64url');
  return { kid, privateKey, publicKey };
}

export class KeyRing {
  private signing: SigningKey = generateKey();
  private upcoming: SigningKey = generateKey();
  private previous: SigningKey | undefined;

  /** Rollover: the published `next` key starts signing. `emergency`: a brand-new key signs at once. */
  rotate(options: { emergency?: boolean } = {}): KeyIds {
    this.previous = this.signing;
    if (options.emergency === true) {
      this.signing = generateKey();
    } else {
      this.signing = this.upcoming;
      this.upcoming = generateKey();
    }
    return this.kids();
  }

  current(): SigningKey {
    return this.signing;
  }

  kids(): KeyIds {
    const ids: KeyIds = { current: this.signing.kid, next: this.upcoming.kid };
    if (this.previous !== undefined) ids.retiring = this.previous.kid;
    return ids;
  }

  /** The verification key for a JWS header's `kid` among the published ones; jose reports a missing one as JWKSNoMatchingKey. */
  verificationKey(kid: string | undefined): KeyObject {
    const key = this.published().find((k) => k.kid === kid);
    if (key === undefined) throw new errors.JWKSNoMatchingKey();
    return key.publicKey;
  }

  async jwks(issuer: string): Promise<{ keys: PublishedJwk[] }> {
    const keys = await Promise.all(
      this.published().map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, use: 'sig' as const, alg: 'RS256' as const, issuer })),
    );
    return { keys };
  }

  private published(): SigningKey[] {
    return this.previous === undefined ? [this.signing, this.upcoming] : [this.signing, this.upcoming, this.previous];
  }
}

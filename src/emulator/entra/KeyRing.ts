/**
 * The issuer's RS256 signing keys, generated with node:crypto. Local mode keeps them in the
 * emulator's state file (0600) so tokens issued before a restart stay valid until they expire,
 * as with Entra; without a state folder they live in memory only. Entra publishes a key before it signs with it and keeps publishing the previous one for
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
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { readObject, readString, StateFileError } from '../persistence/stateReaders';
import { errors, exportJWK, type JWK } from 'jose';
import forge from 'node-forge';

export interface SigningKey {
  /** The certificate's base64url SHA-1 thumbprint, which Entra uses as both `kid` and `x5t`. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The self-signed certificate of the key, DER in standard base64 (the JWK's `x5c` entry). */
  certificate: string;
}

/** A key as the v1 keys endpoint publishes it. */
export interface PublishedV1Jwk extends JWK {
  kid: string;
  use: 'sig';
  x5t: string;
  x5c: [string];
}

/** A key as the v2 keys endpoint publishes it: the v1 fields and the issuer. */
export interface PublishedJwk extends PublishedV1Jwk {
  alg: 'RS256';
  issuer: string;
}

// Entra's signing certificates are self-signed with this subject and live for years.
const CERTIFICATE_SUBJECT = [{ name: 'commonName', value: 'accounts.accesscontrol.windows.net' }];
const CERTIFICATE_YEARS = 5;

export interface KeyIds {
  current: string;
  next: string;
  retiring?: string;
}

function generateKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = selfSignedCertificate(privateKey, publicKey);
  // Entra's kid is the certificate's SHA-1 thumbprint, base64url (27 characters), the same as x5t.
  const kid = createHash('sha1').update(der).digest('base64url');
  return { kid, privateKey, publicKey, certificate: der.toString('base64') };
}

// node-forge writes the certificate's fields; the signature is node:crypto's (forge's own RSA
// signing takes hundreds of milliseconds, at every emulator start and key rotation).
const SHA256_WITH_RSA_ENCRYPTION = '1.2.840.113549.1.1.11';
const forgeTbs = forge.pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

/** A self-signed X.509 certificate for the key pair (sha256WithRSAEncryption), DER. */
function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial number: the first byte's high bit clear.
  cert.serialNumber = `0${randomBytes(16).toString('hex').slice(1)}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now.getTime());
  cert.validity.notAfter.setFullYear(now.getFullYear() + CERTIFICATE_YEARS);
  cert.setSubject(CERTIFICATE_SUBJECT);
  cert.setIssuer(CERTIFICATE_SUBJECT);
  cert.signatureOid = SHA256_WITH_RSA_ENCRYPTION;
  cert.siginfo.algorithmOid = cert.signatureOid;
  const tbs = forgeTbs.getTBSCertificate(cert);
  cert.tbsCertificate = tbs;
  cert.signature = sign('sha256', Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary'), privateKey).toString(
    'binary',
  );
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/** A key as the state file keeps it: the private key (PKCS#8 PEM) and its certificate. */
export interface StoredKey {
  privateKeyPem: string;
  certificate: string;
}

export interface KeyRingSnapshot {
  current: StoredKey;
  next: StoredKey;
  retiring?: StoredKey;
}

function storedKey(key: SigningKey): StoredKey {
  return {
    privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificate: key.certificate,
  };
}

/** A saved key, checked: a private RSA key and the certificate made for exactly that key. */
function readStoredKey(value: unknown, where: string): SigningKey {
  const fields = readObject(value, where);
  const pem = readString(fields.privateKeyPem, `${where}.privateKeyPem`, 8192);
  const certificate = readString(fields.certificate, `${where}.certificate`, 8192);
  try {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'rsa') throw new StateFileError(`${where} is not an RSA key`);
    const der = Buffer.from(certificate, 'base64');
    if (!new X509Certificate(der).checkPrivateKey(privateKey))
      throw new StateFileError(`${where}.certificate is not the key's certificate`);
    return {
      kid: createHash('sha1').update(der).digest('base64url'),
      privateKey,
      publicKey: createPublicKey(privateKey),
      certificate,
    };
  } catch (error) {
    if (error instanceof StateFileError) throw error;
    throw new StateFileError(`${where} is not a usable key`);
  }
}

export class KeyRing {
  private signing: SigningKey;
  private upcoming: SigningKey;
  private previous: SigningKey | undefined;

  /** Fresh keys, or the ones of a snapshot (read with `readKeyRingSnapshot`). */
  constructor(saved?: { current: SigningKey; next: SigningKey; retiring?: SigningKey }) {
    this.signing = saved?.current ?? generateKey();
    this.upcoming = saved?.next ?? generateKey();
    this.previous = saved?.retiring;
  }

  snapshot(): KeyRingSnapshot {
    const snapshot: KeyRingSnapshot = { current: storedKey(this.signing), next: storedKey(this.upcoming) };
    if (this.previous !== undefined) snapshot.retiring = storedKey(this.previous);
    return snapshot;
  }

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

  /** The v2 keys document: each key with its certificate (`x5t`, `x5c`) and the issuer it signs for. */
  async jwks(issuer: string): Promise<{ keys: PublishedJwk[] }> {
    const keys = await this.jwksV1();
    return { keys: keys.keys.map((k) => ({ ...k, alg: 'RS256' as const, issuer })) };
  }

  /** The v1 keys document (`/{tenant}/discovery/keys`): no `alg`, no `issuer`. */
  async jwksV1(): Promise<{ keys: PublishedV1Jwk[] }> {
    const keys = await Promise.all(
      this.published().map(async (k) => {
        const { kty, n, e } = await exportJWK(k.publicKey);
        return { kty, use: 'sig' as const, kid: k.kid, x5t: k.kid, n, e, x5c: [k.certificate] as [string] };
      }),
    );
    return { keys };
  }

  private published(): SigningKey[] {
    return this.previous === undefined ? [this.signing, this.upcoming] : [this.signing, this.upcoming, this.previous];
  }
}

/** The saved keys, each checked (never logged: they are private keys). */
export function readKeyRingSnapshot(value: unknown): { current: SigningKey; next: SigningKey; retiring?: SigningKey } {
  const fields = readObject(value, 'keys');
  const keys: { current: SigningKey; next: SigningKey; retiring?: SigningKey } = {
    current: readStoredKey(fields.current, 'keys.current'),
    next: readStoredKey(fields.next, 'keys.next'),
  };
  if (fields.retiring !== undefined) keys.retiring = readStoredKey(fields.retiring, 'keys.retiring');
  return keys;
}

/**
 * The project's local TLS: a private CA and a localhost certificate it signed, generated into a
 * folder of the project's (`.certs/`, ignored by git) and reused while valid. Local mode and
 * `npm run dev-server` serve with the leaf; `npm run certs:install` puts the CA into the trust
 * stores that Office and browsers use.
 *
 * Because a developer is asked to trust this CA, it is made harmless to trust:
 * - it may only vouch for localhost: a critical Name Constraints extension (RFC 5280 §4.2.1.10)
 *   permits the DNS name `localhost` and the addresses 127.0.0.1/32 and ::1/128, so a certificate
 *   for any other name chained to it is refused by OpenSSL, Chromium, Windows and macOS alike;
 * - it lives 30 days, and CA and leaf are made again together a week before they expire;
 * - its private key exists only in memory while the leaf is signed, and is then dropped: there
 *   is no CA key on disk to steal. (A copy left by an older version is deleted.) The leaf's key
 *   stays, readable by its owner only (0600, in a 0700 folder), because the servers need it.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface DevCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
  /** When the CA (and with it the leaf) expires, ms since epoch. */
  notAfter: number;
  /** True when this call made a new CA. */
  regenerated: boolean;
  /** True when that new CA replaced an earlier one: trust stores that held the old one need this one. */
  renewed: boolean;
}

const FILES = { ca: 'ca.crt', cert: 'localhost.crt', key: 'localhost.key', retiredCaKey: 'ca.key' } as const;
const DAY_MS = 24 * 3600 * 1000;
/** Lifetime of the CA and of the leaf it signs. */
export const DEV_CERT_LIFETIME_DAYS = 30;
/** Both are made again when either has less than this left. */
export const DEV_CERT_RENEW_WITHIN_DAYS = 7;
export const DEV_HOST_NAMES = ['localhost'] as const;
export const DEV_HOST_IPS = ['127.0.0.1', '::1'] as const;
const CA_NAME = 'Workbook Sessions local CA (localhost only)';
const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** A CA whose key lives only inside this object; `sign` issues leaves until the object is dropped. */
export interface LocalCa {
  caCertPem: string;
  sign(leaf: { names: readonly string[]; ips: readonly string[] }): { certPem: string; keyPem: string };
}

/** Returns the certificates in `dir`, making them first when missing, unusable or near expiry. */
export function ensureDevCertificates(dir: string, now: number = Date.now()): DevCertificates {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrictMode(dir, 0o700);
  const paths = { caFile: join(dir, FILES.ca), certFile: join(dir, FILES.cert), keyFile: join(dir, FILES.key) };
  // Older versions kept the CA key; it is never needed again, and must not lie around.
  rmSync(join(dir, FILES.retiredCaKey), { force: true });

  const hadCa = existsSync(paths.caFile);
  const regenerated = !stillUsable(paths.caFile, paths.certFile, paths.keyFile, now);
  if (regenerated) {
    const generated = generateDevCertificates(now);
    writeAtomically(paths.keyFile, generated.keyPem, 0o600);
    writeAtomically(paths.certFile, generated.certPem, 0o644);
    writeAtomically(paths.caFile, generated.caCertPem, 0o644);
  }
  restrictMode(paths.keyFile, 0o600);
  const caCertPem = readFileSync(paths.caFile, 'utf8');
  return {
    ...paths,
    caCertPem,
    certPem: readFileSync(paths.certFile, 'utf8'),
    keyPem: readFileSync(paths.keyFile, 'utf8'),
    notAfter: Date.parse(new X509Certificate(caCertPem).validTo),
    regenerated,
    renewed: regenerated && hadCa,
  };
}

/** A fresh CA and localhost leaf, in memory; the CA key is gone when this returns. */
export function generateDevCertificates(now: number = Date.now()): {
  caCertPem: string;
  certPem: string;
  keyPem: string;
} {
  const ca = createLocalCa(now);
  return { caCertPem: ca.caCertPem, ...ca.sign({ names: DEV_HOST_NAMES, ips: DEV_HOST_IPS }) };
}

/** The constrained CA itself. Exported so tests can prove what it refuses to vouch for. */
export function createLocalCa(now: number = Date.now()): LocalCa {
  const validity = { notBefore: new Date(now - 60_000), notAfter: new Date(now + DEV_CERT_LIFETIME_DAYS * DAY_MS) };
  const caKeys = rsaKeyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = validity.notBefore;
  ca.validity.notAfter = validity.notAfter;
  const caSubject = [
    { name: 'commonName', value: CA_NAME },
    { name: 'organizationName', value: 'Workbook Sessions (development only)' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { id: NAME_CONSTRAINTS_OID, critical: true, value: localhostNameConstraints() },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const caKeyId = ca.generateSubjectKeyIdentifier().getBytes();

  return {
    caCertPem: forge.pki.certificateToPem(ca),
    sign({ names, ips }) {
      const leafKeys = rsaKeyPair();
      const leaf = forge.pki.createCertificate();
      leaf.publicKey = leafKeys.publicKey;
      leaf.serialNumber = serial();
      leaf.validity.notBefore = validity.notBefore;
      leaf.validity.notAfter = validity.notAfter;
      leaf.setSubject([{ name: 'commonName', value: names[0] ?? ips[0] ?? 'localhost' }]);
      leaf.setIssuer(caSubject);
      leaf.setExtensions([
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [...names.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))],
        },
        { name: 'subjectKeyIdentifier' },
        { name: 'authorityKeyIdentifier', keyIdentifier: caKeyId },
      ]);
      leaf.sign(caKeys.privateKey, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(leaf), keyPem: leafKeys.privateKeyPem };
    },
  };
}

/** base64(sha256(SPKI)) of a certificate, for Chromium's --ignore-certificate-errors-spki-list. */
export function spkiSha256Base64(certPem: string): string {
  const spki = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees } with dNSName and iPAddress (address + mask) bases. */
function localhostNameConstraints(): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const subtree = (tag: number, bytes: string): forge.asn1.Asn1 =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, bytes),
    ]);
  const ipv4Loopback = '\x7f\x00\x00\x01' + '\xff'.repeat(4);
  const ipv6Loopback = '\x00'.repeat(15) + '\x01' + '\xff'.repeat(16);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      subtree(2, 'localhost'),
      subtree(7, ipv4Loopback),
      subtree(7, ipv6Loopback),
    ]),
  ]);
}

/** The DER of the extension value we write, to recognise a CA made by this code (older CAs lack it). */
function hasLocalhostConstraints(caPem: string): boolean {
  const extensions = forge.pki.certificateFromPem(caPem).extensions as Array<{
    id?: string;
    critical?: boolean;
    value?: unknown;
  }>;
  const extension = extensions.find((e) => e.id === NAME_CONSTRAINTS_OID);
  return extension?.critical === true && extension.value === forge.asn1.toDer(localhostNameConstraints()).getBytes();
}

function stillUsable(caFile: string, certFile: string, keyFile: string, now: number): boolean {
  if (!existsSync(caFile) || !existsSync(certFile) || !existsSync(keyFile)) return false;
  try {
    const caPem = readFileSync(caFile, 'utf8');
    const ca = new X509Certificate(caPem);
    const leaf = new X509Certificate(readFileSync(certFile));
    const renewBefore = now + DEV_CERT_RENEW_WITHIN_DAYS * DAY_MS;
    for (const cert of [ca, leaf]) {
      const notAfter = Date.parse(cert.validTo);
      if (!Number.isFinite(notAfter) || notAfter < renewBefore || Date.parse(cert.validFrom) > now) return false;
    }
    if (!hasLocalhostConstraints(caPem) || !leaf.verify(ca.publicKey) || !leaf.checkHost('localhost')) return false;
    return leaf.checkPrivateKey(createPrivateKey(readFileSync(keyFile)));
  } catch {
    return false;
  }
}

/** Write then rename, so a crash never leaves half a file; the mode is set before the content exists. */
function writeAtomically(file: string, content: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  restrictMode(temporary, mode);
  renameSync(temporary, file);
}

/** chmod where the file system has POSIX modes (a no-op on Windows). */
function restrictMode(path: string, mode: number): void {
  if (process.platform !== 'win32' && existsSync(path)) chmodSync(path, mode);
}

// node:crypto makes RSA keys in native code (forge's pure-JS generator takes seconds).
function rsaKeyPair(): {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
} {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKeyPem),
    privateKey: forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey,
    privateKeyPem,
  };
}

function serial(): string {
  // A positive serial: clear the top bit of the first byte.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

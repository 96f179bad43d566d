/**
 * Local-mode TLS: a private CA and a localhost certificate signed by it, generated once into a
 * folder of the project's (ignored by git) and reused while valid. Nothing is installed into a
 * system or browser trust store: the middle tier trusts the CA through an explicit option for
 * its outbound calls, and browsers are told about the certificate by the launcher or the tests.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface DevCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

const FILES = { ca: 'ca.crt', caKey: 'ca.key', cert: 'localhost.crt', key: 'localhost.key' } as const;
const LEAF_DAYS = 365;
const RENEW_WITHIN_MS = 30 * 24 * 3600 * 1000;
const HOST_NAMES = ['localhost'];
const HOST_IPS = ['127.0.0.1', '::1'];

/** Returns the certificates in `dir`, generating them first when missing, unreadable or near expiry. */
export function ensureDevCertificates(dir: string): DevCertificates {
  mkdirSync(dir, { recursive: true });
  const paths = {
    caFile: join(dir, FILES.ca),
    caKeyFile: join(dir, FILES.caKey),
    certFile: join(dir, FILES.cert),
    keyFile: join(dir, FILES.key),
  };
  if (!stillUsable(paths.caFile, paths.certFile, paths.keyFile)) {
    const generated = generateDevCertificates();
    writeFileSync(paths.caFile, generated.caCertPem);
    writeFileSync(paths.caKeyFile, generated.caKeyPem, { mode: 0o600 });
    writeFileSync(paths.certFile, generated.certPem);
    writeFileSync(paths.keyFile, generated.keyPem, { mode: 0o600 });
    chmodSync(paths.keyFile, 0o600);
  }
  return {
    caFile: paths.caFile,
    certFile: paths.certFile,
    keyFile: paths.keyFile,
    caCertPem: readFileSync(paths.caFile, 'utf8'),
    certPem: readFileSync(paths.certFile, 'utf8'),
    keyPem: readFileSync(paths.keyFile, 'utf8'),
  };
}

/** Generates a fresh CA and localhost leaf in memory (tests use this directly). */
export function generateDevCertificates(): { caCertPem: string; caKeyPem: string; certPem: string; keyPem: string } {
  const now = new Date();
  const caKeys = rsaKeyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = new Date(now.getTime() - 60_000);
  ca.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000);
  const caSubject = [
    { name: 'commonName', value: 'Workbook Sessions local-mode CA' },
    { name: 'organizationName', value: 'Workbook Sessions (development only)' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leafKeys = rsaKeyPair();
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = leafKeys.publicKey;
  leaf.serialNumber = serial();
  leaf.validity.notBefore = new Date(now.getTime() - 60_000);
  leaf.validity.notAfter = new Date(now.getTime() + LEAF_DAYS * 24 * 3600 * 1000);
  leaf.setSubject([{ name: 'commonName', value: 'localhost' }]);
  leaf.setIssuer(caSubject);
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...HOST_NAMES.map((value) => ({ type: 2, value })), ...HOST_IPS.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caCertPem: forge.pki.certificateToPem(ca),
    caKeyPem: caKeys.privateKeyPem,
    certPem: forge.pki.certificateToPem(leaf),
    keyPem: leafKeys.privateKeyPem,
  };
}

/** base64(sha256(SPKI)) of a certificate, for Chromium's --ignore-certificate-errors-spki-list. */
export function spkiSha256Base64(certPem: string): string {
  const spki = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

function stillUsable(caFile: string, certFile: string, keyFile: string): boolean {
  if (!existsSync(caFile) || !existsSync(certFile) || !existsSync(keyFile)) return false;
  try {
    const ca = new X509Certificate(readFileSync(caFile));
    const leaf = new X509Certificate(readFileSync(certFile));
    const notAfter = Date.parse(leaf.validTo);
    if (!Number.isFinite(notAfter) || notAfter - Date.now() < RENEW_WITHIN_MS) return false;
    if (!leaf.verify(ca.publicKey) || !leaf.checkHost('localhost')) return false;
    return leaf.checkPrivateKey(createPrivateKeyFromFile(keyFile));
  } catch {
    return false;
  }
}

function createPrivateKeyFromFile(file: string): KeyObject {
  return createPrivateKey(readFileSync(file));
}

// node:crypto makes RSA keys in native code (forge's pure-JS generator takes seconds).
function rsaKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; privateKeyPem: string } {
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

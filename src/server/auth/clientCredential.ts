/**
 * How the middle tier proves itself to Microsoft Entra ID in the on-behalf-of request: a client
 * secret, or a certificate (Entra's recommended credential for production: the private key never
 * leaves the host, and Entra never holds a copy of it).
 *
 * With a certificate, msal-node signs a client assertion (a JWT) with the private key and sends
 * the certificate's SHA-256 thumbprint (`x5t#S256`); the certificate uploaded to the app
 * registration is what Entra checks it against. The certificate chain itself (`x5c`) is not
 * sent: it only serves subject-name-and-issuer authentication, which is for Microsoft's own apps.
 * https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials
 */
import type { ReadVariable } from '../serverVariables';
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export type ClientCredential = { kind: 'secret'; secret: string } | ({ kind: 'certificate' } & ClientCertificate);

export interface ClientCertificate {
  /** PKCS#8 PEM of the RSA private key. */
  privateKeyPem: string;
  /** Hex SHA-256 of the certificate's DER, as Entra shows it ("Thumbprint" is SHA-1; this is its SHA-256 sibling). */
  thumbprintSha256: string;
  /** The certificate (PEM). */
  certificatePem: string;
  /** ms since epoch. */
  notAfter: number;
}

/** What msal-node's `auth` takes for this credential. */
export function msalCredential(
  credential: ClientCredential,
): { clientSecret: string } | { clientCertificate: { thumbprintSha256: string; privateKey: string } } {
  if (credential.kind === 'secret') return { clientSecret: credential.secret };
  return { clientCertificate: { thumbprintSha256: credential.thumbprintSha256, privateKey: credential.privateKeyPem } };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * Reads a PEM file holding the certificate and its unencrypted private key (in either order, as
 * exported by Azure Key Vault or `cat cert.pem key.pem`). Returns the problem in words instead
 * of throwing, for the configuration's one-line-per-variable report.
 */
export function parseClientCertificate(pem: string, now: number): ClientCertificate | string {
  const blocks = [...pem.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? '', text: m[0] }));
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE');
  const keys = blocks.filter((b) => b.label.endsWith('PRIVATE KEY'));
  if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY'))
    return 'holds an encrypted private key: export it without a password (and protect the file instead)';
  if (certificates.length === 0) return 'holds no CERTIFICATE block';
  if (keys.length !== 1) return keys.length === 0 ? 'holds no PRIVATE KEY block' : 'holds more than one private key';

  let certificate: X509Certificate;
  let key: KeyObject;
  try {
    certificate = new X509Certificate(certificates[0]?.text ?? '');
    key = createPrivateKey(keys[0]?.text ?? '');
  } catch {
    return 'is not a readable certificate and private key';
  }
  if (key.asymmetricKeyType !== 'rsa')
    return `holds a ${key.asymmetricKeyType ?? 'non-RSA'} key: Entra client assertions need an RSA key`;
  if (!certificate.checkPrivateKey(key)) return 'holds a private key that does not belong to its first certificate';
  const notAfter = Date.parse(certificate.validTo);
  if (!(notAfter > now))
    return `holds a certificate that expired on ${certificate.validTo}: upload a new one to the app registration`;
  if (Date.parse(certificate.validFrom) > now)
    return `holds a certificate that is not valid before ${certificate.validFrom}`;
  return {
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: createHash('sha256').update(certificate.raw).digest('hex'),
    certificatePem: certificate.toString(),
    notAfter,
  };
}

/**
 * Reads CLIENT_SECRET or CLIENT_CERTIFICATE_FILE (exactly one); each problem is pushed as one
 * line naming the variable. The returned value is meaningful only when no problem was pushed.
 */
export function readClientCredential(
  read: ReadVariable,
  readText: (name: string, path: string) => string | undefined,
  problems: string[],
  now: number,
): ClientCredential {
  const secret = read('CLIENT_SECRET');
  const certificateFile = read('CLIENT_CERTIFICATE_FILE');
  if (secret !== '' && certificateFile !== '') {
    problems.push(
      'CLIENT_SECRET and CLIENT_CERTIFICATE_FILE are both set: keep only one (a certificate is the better credential in production).',
    );
  }
  if (certificateFile !== '') {
    const text = readText('CLIENT_CERTIFICATE_FILE', certificateFile);
    if (text === undefined) return { kind: 'secret', secret };
    const parsed = parseClientCertificate(text, now);
    if (typeof parsed === 'string') {
      problems.push(`CLIENT_CERTIFICATE_FILE "${certificateFile}" ${parsed}.`);
      return { kind: 'secret', secret };
    }
    return { kind: 'certificate', ...parsed };
  }
  if (secret === '') {
    problems.push(
      "CLIENT_SECRET is missing: set it to the app registration's client secret, or set CLIENT_CERTIFICATE_FILE to a PEM file holding the certificate uploaded to the app registration and its private key.",
    );
  }
  return { kind: 'secret', secret };
}

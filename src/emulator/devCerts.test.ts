import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import forge from 'node-forge';
import {
  createLocalCa,
  DEV_CERT_LIFETIME_DAYS,
  DEV_CERT_RENEW_WITHIN_DAYS,
  ensureDevCertificates,
  generateDevCertificates,
  spkiSha256Base64,
} from './devCerts';

const DAY_MS = 24 * 3600 * 1000;
const posix = process.platform !== 'win32';

/** Starts an HTTPS server with `cert`, connects as `servername` trusting only `caPem`; resolves to the TLS verdict. */
async function handshake(
  cert: { certPem: string; keyPem: string },
  caPem: string,
  servername: string,
  host = '127.0.0.1',
): Promise<string> {
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({
        host,
        port,
        ca: caPem,
        servername: servername.includes(':') || /^\d/.test(servername) ? undefined : servername,
        checkServerIdentity: () => undefined,
      });
      socket.once('secureConnect', () => {
        resolve(socket.authorized ? 'trusted' : String(socket.authorizationError));
        socket.end();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('the local CA', () => {
  it('signs a localhost leaf that TLS clients trusting the CA accept, for a short life', async () => {
    const g = generateDevCertificates();
    const ca = new X509Certificate(g.caCertPem);
    const leaf = new X509Certificate(g.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkPrivateKey(createPrivateKey(g.keyPem))).toBe(true);
    for (const cert of [ca, leaf]) {
      const life = Date.parse(cert.validTo) - Date.now();
      expect(life).toBeGreaterThan((DEV_CERT_LIFETIME_DAYS - 1) * DAY_MS);
      expect(life).toBeLessThanOrEqual(DEV_CERT_LIFETIME_DAYS * DAY_MS);
    }
    expect(await handshake(g, g.caCertPem, 'localhost')).toBe('trusted');
  });

  it('carries a critical name constraint: only localhost, 127.0.0.1 and ::1', () => {
    const ca = forge.pki.certificateFromPem(generateDevCertificates().caCertPem);
    const constraint = (ca.extensions as Array<{ id?: string; critical?: boolean }>).find((e) => e.id === '2.5.29.30');
    expect(constraint?.critical).toBe(true);
  });

  it('cannot vouch for any other name, even when its key is used to sign one (OpenSSL refuses the chain)', async () => {
    const ca = createLocalCa();
    const local = ca.sign({ names: ['localhost'], ips: ['127.0.0.1'] });
    const outsider = ca.sign({ names: ['login.microsoftonline.com'], ips: [] });
    const otherAddress = ca.sign({ names: [], ips: ['10.1.2.3'] });
    // Same CA, same chain: only the names differ. (OpenSSL's verdict is "permitted subtree
    // violation"; Node reports that verify error as UNSPECIFIED.)
    expect(await handshake(local, ca.caCertPem, 'localhost')).toBe('trusted');
    expect(await handshake(outsider, ca.caCertPem, 'login.microsoftonline.com')).toMatch(
      /^(PERMITTED_VIOLATION|UNSPECIFIED)$/,
    );
    expect(await handshake(otherAddress, ca.caCertPem, '10.1.2.3')).toMatch(/^(PERMITTED_VIOLATION|UNSPECIFIED)$/);
  });
});

describe('ensureDevCertificates', () => {
  it('writes the CA, the leaf and its key (0600 in a 0700 folder) and never a CA key', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wbs-certs-')), 'certs');
    const certs = ensureDevCertificates(dir);
    expect([certs.regenerated, certs.renewed]).toEqual([true, false]);
    expect(readFileSync(certs.keyFile, 'utf8')).toBe(certs.keyPem);
    expect(existsSync(join(dir, 'ca.key'))).toBe(false);
    expect(readFileSync(certs.caFile, 'utf8')).not.toContain('PRIVATE KEY');
    if (posix) {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(certs.keyFile).mode & 0o777).toBe(0o600);
    }
  });

  it('reuses valid certificates and replaces a leaf whose key does not match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-certs-'));
    const first = ensureDevCertificates(dir);
    const again = ensureDevCertificates(dir);
    expect(again.certPem).toBe(first.certPem);
    expect([again.regenerated, again.renewed]).toEqual([false, false]);
    writeFileSync(
      join(dir, 'localhost.key'),
      createPrivateKey(generateDevCertificates().keyPem).export({ type: 'pkcs8', format: 'pem' }),
    );
    const replaced = ensureDevCertificates(dir);
    expect(replaced.regenerated).toBe(true);
    expect(replaced.certPem).not.toBe(first.certPem);
    expect(readFileSync(replaced.keyFile, 'utf8')).toBe(replaced.keyPem);
  });

  it(`makes a new CA and leaf once fewer than ${DEV_CERT_RENEW_WITHIN_DAYS} days are left`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-certs-'));
    const first = ensureDevCertificates(dir);
    const stillFine = Date.now() + (DEV_CERT_LIFETIME_DAYS - DEV_CERT_RENEW_WITHIN_DAYS - 1) * DAY_MS;
    expect(ensureDevCertificates(dir, stillFine).caCertPem).toBe(first.caCertPem);
    const nearExpiry = Date.now() + (DEV_CERT_LIFETIME_DAYS - DEV_CERT_RENEW_WITHIN_DAYS + 1) * DAY_MS;
    const renewed = ensureDevCertificates(dir, nearExpiry);
    expect([renewed.regenerated, renewed.renewed]).toEqual([true, true]);
    expect(renewed.caCertPem).not.toBe(first.caCertPem);
    expect(renewed.notAfter).toBeGreaterThan(first.notAfter);
  });

  it('replaces an unconstrained CA left by an older version, and deletes its key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-certs-'));
    const old = unconstrainedCaWithLeaf();
    writeFileSync(join(dir, 'ca.crt'), old.caCertPem);
    writeFileSync(join(dir, 'ca.key'), old.caKeyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'localhost.crt'), old.certPem);
    writeFileSync(join(dir, 'localhost.key'), old.keyPem, { mode: 0o600 });
    const certs = ensureDevCertificates(dir);
    expect(certs.regenerated).toBe(true);
    expect(certs.caCertPem).not.toBe(old.caCertPem);
    expect(existsSync(join(dir, 'ca.key'))).toBe(false);
  });

  it('gives the SPKI hash Chromium expects (base64 sha256, 44 characters)', () => {
    expect(spkiSha256Base64(generateDevCertificates().certPem)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

/** What earlier versions wrote: a five-year CA without name constraints, its key beside it. */
function unconstrainedCaWithLeaf(): { caCertPem: string; caKeyPem: string; certPem: string; keyPem: string } {
  const caKeys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = '01';
  ca.validity.notBefore = new Date(Date.now() - 60_000);
  ca.validity.notAfter = new Date(Date.now() + 5 * 365 * DAY_MS);
  const subject = [{ name: 'commonName', value: 'Workbook Sessions local-mode CA' }];
  ca.setSubject(subject);
  ca.setIssuer(subject);
  ca.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const leafKeys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = leafKeys.publicKey;
  leaf.serialNumber = '02';
  leaf.validity.notBefore = ca.validity.notBefore;
  leaf.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  leaf.setSubject([{ name: 'commonName', value: 'localhost' }]);
  leaf.setIssuer(subject);
  leaf.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());
  return {
    caCertPem: forge.pki.certificateToPem(ca),
    caKeyPem: forge.pki.privateKeyToPem(caKeys.privateKey),
    certPem: forge.pki.certificateToPem(leaf),
    keyPem: forge.pki.privateKeyToPem(leafKeys.privateKey),
  };
}

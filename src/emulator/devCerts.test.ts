import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificates, generateDevCertificates, spkiSha256Base64 } from './devCerts';

describe('dev certificates', () => {
  it('makes a CA and a localhost leaf that the CA signed', () => {
    const g = generateDevCertificates();
    const ca = new X509Certificate(g.caCertPem);
    const leaf = new X509Certificate(g.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkPrivateKey(createPrivateKey(g.keyPem))).toBe(true);
    expect(Date.parse(leaf.validTo) - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);
  });

  it('reuses valid certificates and replaces broken ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbs-certs-'));
    const first = ensureDevCertificates(dir);
    expect(ensureDevCertificates(dir).certPem).toBe(first.certPem);
    writeFileSync(join(dir, 'localhost.key'), createPrivateKey(generateDevCertificates().keyPem).export({ type: 'pkcs8', format: 'pem' }));
    const replaced = ensureDevCertificates(dir);
    expect(replaced.certPem).not.toBe(first.certPem);
    expect(readFileSync(replaced.keyFile, 'utf8')).toBe(replaced.keyPem);
  });

  it('gives the SPKI hash Chromium expects (base64 sha256, 44 characters)', () => {
    expect(spkiSha256Base64(generateDevCertificates().certPem)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

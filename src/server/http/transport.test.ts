import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { configProblems } from '../testSupport/testConfig';
import { testCertificate } from '../testSupport/selfSignedCert';
import { fastifyTrustProxy, parseTrustProxy } from './transport';

const dir = mkdtempSync(join(tmpdir(), 'wbs-transport-'));
const certFile = join(dir, 'tls.crt');
const keyFile = join(dir, 'tls.key');
writeFileSync(certFile, testCertificate().certPem);
writeFileSync(keyFile, testCertificate().keyPem);

const base: NodeJS.ProcessEnv = {
  TENANT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5',
  CLIENT_ID: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  CLIENT_SECRET: 's3cret',
  REGISTRY_PATH: ':memory:',
  SEALING_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('TLS or a trusted proxy', () => {
  it('serves HTTPS with its own certificate, trusting no proxy headers by default', () => {
    const config = loadConfig({ ...base, TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile });
    expect(config.tls?.certPem).toContain('BEGIN CERTIFICATE');
    expect(config.trustProxy).toBeNull();
    expect(fastifyTrustProxy(config.trustProxy)).toBe(false);
  });

  it('refuses plain HTTP unless TRUST_PROXY names the TLS-terminating proxy', () => {
    expect(configProblems(base)).toEqual([expect.stringMatching(/^TLS_CERT_FILE and TLS_KEY_FILE are missing: .*TRUST_PROXY/)]);
    const behindProxy = loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, fd00::/8' });
    expect(behindProxy.tls).toBeNull();
    expect(behindProxy.trustProxy).toEqual({ addresses: ['10.0.0.0/8', 'fd00::/8'] });
  });

  it('accepts TLS and a proxy together (a proxy that re-encrypts)', () => {
    const config = loadConfig({ ...base, TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, TRUST_PROXY: '1' });
    expect(config.tls).not.toBeNull();
    expect(config.trustProxy).toEqual({ hops: 1 });
  });

  it('names the missing half of a TLS pair', () => {
    expect(configProblems({ ...base, TLS_CERT_FILE: certFile })).toEqual([expect.stringMatching(/^TLS_KEY_FILE is missing/)]);
    expect(configProblems({ ...base, TLS_KEY_FILE: keyFile, TRUST_PROXY: 'loopback' })).toEqual([expect.stringMatching(/^TLS_CERT_FILE is missing/)]);
  });

  it.each(['true', '*', '0', '11', '0.0.0.0/0', '::/0', '10.0.0.0/33', 'proxy.internal', ',', '10.0.0.1/8/1'])('rejects TRUST_PROXY=%s with a line naming it', (value) => {
    expect(configProblems({ ...base, TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, TRUST_PROXY: value })).toEqual([expect.stringMatching(/^TRUST_PROXY /)]);
  });

  it('blames only TRUST_PROXY when a plain-HTTP deployment names its proxy wrongly (the TLS files are not missing, they are not wanted)', () => {
    expect(configProblems({ ...base, TRUST_PROXY: 'proxy.internal' })).toEqual([expect.stringMatching(/^TRUST_PROXY must be .*"proxy\.internal"/)]);
  });
});

describe('parseTrustProxy', () => {
  it.each([
    ['2', { hops: 2 }],
    ['127.0.0.1', { addresses: ['127.0.0.1'] }],
    ['loopback,uniquelocal', { addresses: ['loopback', 'uniquelocal'] }],
    ['192.168.1.0/24, 2001:db8::/32, ::1', { addresses: ['192.168.1.0/24', '2001:db8::/32', '::1'] }],
  ])('reads %s', (text, expected) => {
    const problems: string[] = [];
    expect(parseTrustProxy(text, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  it('turns a hop count into a rule that trusts only the nearest hops', () => {
    const rule = fastifyTrustProxy({ hops: 2 });
    if (typeof rule !== 'function') throw new Error('expected a function');
    expect([rule('10.0.0.1', 0), rule('10.0.0.2', 1), rule('203.0.113.9', 2)]).toEqual([true, true, false]);
  });
});

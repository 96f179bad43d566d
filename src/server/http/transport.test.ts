import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { configProblems } from '../testSupport/configProblems';
import { testCertificate } from '../testSupport/selfSignedCert';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { LOG_SERIALIZERS } from '../log';
import { clientAddress, fastifyTrustProxy, parseTrustProxy, trustProxyRangeWarning } from './transport';

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
    expect(configProblems(base)).toEqual([
      expect.stringMatching(/^TLS_CERT_FILE and TLS_KEY_FILE are missing: .*TRUST_PROXY/),
    ]);
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
    expect(configProblems({ ...base, TLS_CERT_FILE: certFile })).toEqual([
      expect.stringMatching(/^TLS_KEY_FILE is missing/),
    ]);
    expect(configProblems({ ...base, TLS_KEY_FILE: keyFile, TRUST_PROXY: 'loopback' })).toEqual([
      expect.stringMatching(/^TLS_CERT_FILE is missing/),
    ]);
  });

  it.each(['true', '*', '0', '11', '0.0.0.0/0', '::/0', '10.0.0.0/33', 'proxy.internal', ',', '10.0.0.1/8/1'])(
    'rejects TRUST_PROXY=%s with a line naming it',
    (value) => {
      expect(configProblems({ ...base, TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, TRUST_PROXY: value })).toEqual([
        expect.stringMatching(/^TRUST_PROXY /),
      ]);
    },
  );

  it('blames only TRUST_PROXY when a plain-HTTP deployment names its proxy wrongly (the TLS files are not missing, they are not wanted)', () => {
    expect(configProblems({ ...base, TRUST_PROXY: 'proxy.internal' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY must be .*"proxy\.internal"/),
    ]);
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

describe('a range in TRUST_PROXY', () => {
  it('is accepted with a warning that names the ranges and the risk; exact addresses and hop counts are not warned about', () => {
    for (const text of ['uniquelocal', '10.0.0.0/8, 10.1.2.3', 'loopback', '2001:db8::/32']) {
      const warning = trustProxyRangeWarning(parseTrustProxy(text, []));
      expect(warning).toContain(text.split(',')[0]);
      expect(warning).toMatch(/X-Forwarded-For.*failed-sign-in limit.*exact addresses/);
    }
    for (const text of ['10.1.2.3', '10.1.2.3/32, ::1', '2001:db8::1/128', '2'])
      expect(trustProxyRangeWarning(parseTrustProxy(text, []))).toBeUndefined();
    expect(trustProxyRangeWarning(null)).toBeUndefined();
  });
});

describe('clientAddress behind a trusted range', () => {
  const app = Fastify({ trustProxy: fastifyTrustProxy({ addresses: ['127.0.0.0/8'] }) });
  app.get('/who', async (request) => ({
    address: clientAddress(request),
    logged: LOG_SERIALIZERS.req(request).remoteAddress,
  }));
  let port = 0;
  beforeAll(async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  /** Asks from 127.0.0.9 (inside the trusted range, as a client on the proxies' network would be). */
  const who = (forwardedFor: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/who',
          localAddress: '127.0.0.9',
          headers: { 'x-forwarded-for': forwardedFor },
          agent: false,
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve(JSON.parse(body)));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('takes a forwarded IP address, and falls back to the socket for anything else, which is never logged', async () => {
    expect(await who('203.0.113.4')).toEqual({ address: '203.0.113.4', logged: '203.0.113.4' });
    for (const forged of ['not an address', 'admin"} {"level":60', '203.0.113.4:1234', '1.2.3.4.5']) {
      expect([forged, await who(forged)]).toEqual([forged, { address: '127.0.0.9', logged: '127.0.0.9' }]);
    }
  });
});

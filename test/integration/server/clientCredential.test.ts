/**
 * The certificate credential: read and checked from CLIENT_CERTIFICATE_FILE at start-up, then
 * used by real msal-node to sign the client assertion of the on-behalf-of request, which the fake
 * token endpoint verifies with the certificate's public key.
 */
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { loadConfig } from '../../../src/server/config';
import { configProblems } from '../../../src/server/testSupport/configProblems';
import { createOutboundAgent } from '../../../src/server/http/outboundAgent';
import { startFakeUpstream, TEST_CLIENT, TEST_TENANT, TEST_USER_OID } from '../../support/fakeUpstream';
import { testCertificate } from '../../../src/server/testSupport/selfSignedCert';
import { msalCredential, parseClientCertificate } from '../../../src/server/auth/clientCredential';
import { createOboClient } from '../../../src/server/auth/oboClient';

const { certPem, keyPem } = testCertificate();
const dir = mkdtempSync(join(tmpdir(), 'wbs-credential-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
};
const combined = file('client.pem', `${certPem}\n${keyPem}`);
const base: NodeJS.ProcessEnv = {
  TLS_CERT_FILE: file('tls.crt', certPem),
  TLS_KEY_FILE: file('tls.key', keyPem),
  TENANT_ID: TEST_TENANT,
  CLIENT_ID: TEST_CLIENT,
  REGISTRY_PATH: ':memory:',
  SEALING_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('CLIENT_CERTIFICATE_FILE', () => {
  it('is an alternative to CLIENT_SECRET: the certificate, its SHA-256 thumbprint and its key', () => {
    const config = loadConfig({ ...base, CLIENT_CERTIFICATE_FILE: combined });
    const credential = config.clientCredential;
    if (credential.kind !== 'certificate') throw new Error('expected a certificate credential');
    expect(credential.thumbprintSha256).toBe(
      createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex'),
    );
    expect(credential.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(msalCredential(credential)).toEqual({
      clientCertificate: { thumbprintSha256: credential.thumbprintSha256, privateKey: credential.privateKeyPem },
    });
  });

  it('accepts the key before the certificate, and a PKCS#1 RSA key', () => {
    const pkcs1 = createPrivateKey(keyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const parsed = parseClientCertificate(`${pkcs1}\n${certPem}`, Date.now());
    expect(typeof parsed === 'string' ? parsed : parsed.privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('wants exactly one of CLIENT_SECRET and CLIENT_CERTIFICATE_FILE', () => {
    expect(configProblems(base)).toEqual([
      expect.stringMatching(/^CLIENT_SECRET is missing: .*CLIENT_CERTIFICATE_FILE/),
    ]);
    expect(configProblems({ ...base, CLIENT_SECRET: 's', CLIENT_CERTIFICATE_FILE: combined })).toEqual([
      expect.stringMatching(/^CLIENT_SECRET and CLIENT_CERTIFICATE_FILE are both set/),
    ]);
  });

  it.each([
    ['no certificate', () => keyPem, /holds no CERTIFICATE block/],
    ['no key', () => certPem, /holds no PRIVATE KEY block/],
    [
      'a key of another certificate',
      () =>
        `${certPem}\n${generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}`,
      /does not belong/,
    ],
    [
      'an encrypted key',
      () => `${certPem}\n-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n`,
      /encrypted private key/,
    ],
    [
      'an EC key',
      () =>
        `${certPem}\n${generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}`,
      /RSA key/,
    ],
  ])('refuses a file with %s, naming the variable', (_what, text, message) => {
    const lines = configProblems({ ...base, CLIENT_CERTIFICATE_FILE: file(`bad-${Math.random()}.pem`, text()) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^CLIENT_CERTIFICATE_FILE /);
    expect(lines[0]).toMatch(message);
  });

  it('refuses an expired certificate and an unreadable file', () => {
    expect(parseClientCertificate(`${certPem}\n${keyPem}`, Date.now() + 2 * 24 * 3600 * 1000)).toMatch(/expired/);
    expect(configProblems({ ...base, CLIENT_CERTIFICATE_FILE: join(dir, 'missing.pem') })).toEqual([
      expect.stringMatching(/^CLIENT_CERTIFICATE_FILE must name a readable file/),
    ]);
    expect(configProblems({ ...base, CLIENT_CERTIFICATE_FILE: '/dev/zero' })).toEqual([
      expect.stringMatching(/^CLIENT_CERTIFICATE_FILE must name a regular file/),
    ]);
  });
});

describe('the on-behalf-of exchange with a certificate', () => {
  it('sends a client assertion signed by the certificate key and naming its thumbprint, never a secret', async () => {
    const upstream = await startFakeUpstream();
    const agent = createOutboundAgent(certPem);
    try {
      const config = loadConfig({ ...base, CLIENT_CERTIFICATE_FILE: combined, AUTHORITY_HOST: upstream.url });
      upstream.handler = (req) =>
        req.path.startsWith(`/${TEST_TENANT}/oauth2/v2.0/token`)
          ? {
              status: 200,
              body: {
                token_type: 'Bearer',
                scope: 'https://graph.microsoft.com/Files.ReadWrite',
                expires_in: 3599,
                ext_expires_in: 3599,
                access_token: 'graph-token',
              },
            }
          : undefined;
      const log = Fastify({ logger: false }).log;
      const obo = createOboClient({ ...config, dispatcher: agent, logger: log });
      const user = {
        tenantId: TEST_TENANT,
        userOid: TEST_USER_OID,
        assertion: 'sso-token',
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      };
      expect((await obo.graphTokenFor(user, log)).token).toBe('graph-token');

      const request = upstream.requests.find((r) => r.path.startsWith(`/${TEST_TENANT}/oauth2/v2.0/token`));
      const form = new URLSearchParams(request?.body ?? '');
      expect(form.get('client_secret')).toBeNull();
      expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const assertion = form.get('client_assertion') ?? '';
      const header = decodeProtectedHeader(assertion);
      const thumbprint = createHash('sha256').update(new X509Certificate(certPem).raw).digest('base64url');
      expect(header['x5t#S256']).toBe(thumbprint);
      const { payload } = await jwtVerify(assertion, await importX509(certPem, String(header.alg)), {
        issuer: TEST_CLIENT,
        subject: TEST_CLIENT,
        audience: `${upstream.url}/${TEST_TENANT}/oauth2/v2.0/token`,
        // msal-node rounds "now" to the nearest second for nbf, so it can be up to half a second
        // ahead; Entra, like any validator, allows some clock skew.
        clockTolerance: 5,
      });
      expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    } finally {
      await agent.close();
      await upstream.close();
    }
  });
});

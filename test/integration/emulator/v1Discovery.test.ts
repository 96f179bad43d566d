// What real Entra clients read besides the v2 documents: the v1 discovery document and keys,
// each key's certificate (x5c) and thumbprint (x5t), and x5t in v1 token headers. Over HTTPS.
import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { SEED_USERS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, TEST_CLIENT, TEST_TENANT, type TestEmulator } from '../../support/testEmulator';

let t: TestEmulator;
const MEGAN = SEED_USERS.megan.oid;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());

interface Jwk {
  kty: string;
  kid: string;
  x5t: string;
  x5c: string[];
  n: string;
  e: string;
  use: string;
  alg?: string;
  issuer?: string;
}

async function json<T>(path: string): Promise<T> {
  const response = await t.call(path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const pemOf = (der: string): string =>
  `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----`;

describe('v1 discovery', () => {
  it("publishes a tenant's v1 metadata: the sts.windows.net issuer and endpoints without /v2.0", async () => {
    const metadata = await json<Record<string, unknown>>(`/${TEST_TENANT}/.well-known/openid-configuration`);
    expect(metadata).toMatchObject({
      issuer: `https://sts.windows.net/${TEST_TENANT}/`,
      token_endpoint: `${t.emulator.origins.entra}/${TEST_TENANT}/oauth2/token`,
      authorization_endpoint: `${t.emulator.origins.entra}/${TEST_TENANT}/oauth2/authorize`,
      jwks_uri: `${t.emulator.origins.entra}/${TEST_TENANT}/discovery/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(JSON.stringify(metadata)).not.toContain('v2.0');
  });

  it('publishes the issuer template for the multi-tenant authorities, and 400 AADSTS90002 for an unknown tenant', async () => {
    expect((await json<{ issuer: string }>('/organizations/.well-known/openid-configuration')).issuer).toBe(
      'https://sts.windows.net/{tenantid}/',
    );
    const unknown = await t.call('/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/discovery/keys');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it('answers the v1 token and authorize endpoints with 501 not_implemented', async () => {
    const token = await t.call(`/${TEST_TENANT}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(501);
    expect(((await token.json()) as { error: string }).error).toBe('not_implemented');
    expect((await t.call(`/${TEST_TENANT}/oauth2/authorize?client_id=${TEST_CLIENT}`)).status).toBe(501);
  });
});

describe('keys with their certificates', () => {
  it('gives every v1 and v2 key its self-signed certificate (x5c) and thumbprint (x5t = kid); v1 keys carry no issuer', async () => {
    const v1 = (await json<{ keys: Jwk[] }>(`/${TEST_TENANT}/discovery/keys`)).keys;
    const v2 = (await json<{ keys: Jwk[] }>(`/${TEST_TENANT}/discovery/v2.0/keys`)).keys;
    expect(v1.map((k) => k.kid)).toEqual(v2.map((k) => k.kid));
    for (const key of v1) {
      expect(key.issuer).toBeUndefined();
      expect(key.x5c).toHaveLength(1);
      const der = Buffer.from(key.x5c[0] ?? '', 'base64');
      expect(key.x5t).toBe(createHash('sha1').update(der).digest('base64url'));
      expect(key.kid).toBe(key.x5t);
      const certificate = new X509Certificate(der);
      // Self-signed, and for exactly the published public key.
      expect(certificate.verify(certificate.publicKey)).toBe(true);
      expect(certificate.publicKey.export({ format: 'jwk' })).toMatchObject({ kty: 'RSA', n: key.n, e: key.e });
    }
    for (const key of v2)
      expect(key).toMatchObject({
        alg: 'RS256',
        issuer: `${t.emulator.origins.entra}/${TEST_TENANT}/v2.0`,
        x5t: key.kid,
        x5c: [expect.any(String)],
      });
  });

  it('lets a client verify tokens with the certificate alone (x5c), found by kid or by x5t', async () => {
    const keys = (await json<{ keys: Jwk[] }>(`/${TEST_TENANT}/discovery/keys`)).keys;
    const sso = await t.ctl.mintToken({ userOid: MEGAN, audience: 'addin' });
    const graph = await t.graphToken(MEGAN);
    const ssoHeader = decodeProtectedHeader(sso);
    const graphHeader = decodeProtectedHeader(graph);
    // x5t only in v1 tokens (Graph's); v2 tokens name the key by kid alone.
    expect(ssoHeader.x5t).toBeUndefined();
    expect(graphHeader.x5t).toBe(graphHeader.kid);

    const bySso = keys.find((k) => k.kid === ssoHeader.kid);
    const byGraph = keys.find((k) => k.x5t === graphHeader.x5t);
    const ssoKey = await importX509(pemOf(bySso?.x5c[0] ?? ''), 'RS256');
    const graphKey = await importX509(pemOf(byGraph?.x5c[0] ?? ''), 'RS256');
    await expect(
      jwtVerify(sso, ssoKey, { issuer: `${t.emulator.origins.entra}/${TEST_TENANT}/v2.0`, audience: TEST_CLIENT }),
    ).resolves.toMatchObject({ payload: { oid: MEGAN } });
    await expect(
      jwtVerify(graph, graphKey, {
        issuer: `https://sts.windows.net/${TEST_TENANT}/`,
        audience: 'https://graph.microsoft.com',
      }),
    ).resolves.toMatchObject({ payload: { oid: MEGAN } });
  });

  it('publishes a fresh certificate with each rotated key', async () => {
    const before = (await json<{ keys: Jwk[] }>(`/${TEST_TENANT}/discovery/keys`)).keys.map((k) => k.x5c[0]);
    await t.ctl.rotateKeys({});
    const after = (await json<{ keys: Jwk[] }>(`/${TEST_TENANT}/discovery/keys`)).keys.map((k) => k.x5c[0]);
    expect(after.filter((c) => !before.includes(c))).toHaveLength(1);
  });
});

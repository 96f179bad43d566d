import { SignJWT } from 'jose';
import type { Agent } from 'undici';
import { AppError } from '../../../src/server/errors/AppError';
import { createOutboundAgent } from '../../../src/server/http/outboundAgent';
import {
  createSigningKey,
  mintToken,
  publishedKey,
  startFakeUpstream,
  TEST_CLIENT,
  TEST_TENANT,
  TEST_USER_OID,
  type FakeUpstream,
  type SigningKey,
} from '../../support/fakeUpstream';
import { testCertificate } from '../../../src/server/testSupport/selfSignedCert';
import { createTenantKeySources } from '../../../src/server/auth/jwksKeySource';
import { OFFICE_CLIENT_IDS } from '../../../src/server/auth/authorizedParties';
import { bearerToken, createTokenValidator, type TokenValidator } from '../../../src/server/auth/ssoTokenValidator';
import { jwksUrlFor } from '../../../src/server/auth/tenancy';

const OTHER_TENANT = '22222222-3333-4444-8555-666666666666';

const PUBLIC_URL = 'https://localhost:3000';

let upstream: FakeUpstream;
let agent: Agent;
let clock: number;
let validator: TokenValidator;
let issuer: string;

const jwksRequests = (): number => upstream.requests.filter((r) => r.path.endsWith('/discovery/v2.0/keys')).length;

function validatorFor(tenants: string[]): TokenValidator {
  const now = (): number => clock;
  return createTokenValidator({
    authorityHost: upstream.url,
    tenants,
    clientId: TEST_CLIENT,
    publicUrl: PUBLIC_URL,
    keysFor: createTenantKeySources({
      jwksUrlFor: (t) => jwksUrlFor(upstream.url, t),
      dispatcher: agent,
      now,
      // Waiting for the next allowed JWKS fetch moves the test clock instead of real time.
      sleep: async (ms) => {
        clock += ms;
      },
    }),
    now,
  });
}

async function rejection(token: string): Promise<AppError> {
  const error: unknown = await validator.validate(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  agent = createOutboundAgent(testCertificate().certPem);
  issuer = `${upstream.url}/${TEST_TENANT}/v2.0`;
});

afterAll(async () => {
  await agent.close();
  await upstream.close();
});

beforeEach(() => {
  clock = Date.now();
  upstream.requests.length = 0;
  upstream.handler = () => undefined;
  validator = validatorFor([TEST_TENANT]);
});

const key = (): SigningKey => publishedKey(upstream);

describe('SSO token validation (keys fetched over HTTPS from the JWKS endpoint)', () => {
  it('accepts a valid token and returns tid + oid as the user key', async () => {
    const token = await mintToken({ key: key(), issuer });
    const user = await validator.validate(token);
    expect(user).toEqual(expect.objectContaining({ tenantId: TEST_TENANT, userOid: TEST_USER_OID, assertion: token }));
    expect(jwksRequests()).toBe(1);
  });

  it('accepts the Application ID URI audience and a scp list containing access_as_user', async () => {
    const token = await mintToken({
      key: key(),
      issuer,
      claims: { aud: `api://localhost:3000/${TEST_CLIENT}`, scp: 'Files.Read access_as_user' },
    });
    await expect(validator.validate(token)).resolves.toEqual(expect.objectContaining({ userOid: TEST_USER_OID }));
  });

  it('caches the keys between validations', async () => {
    await validator.validate(await mintToken({ key: key(), issuer }));
    await validator.validate(await mintToken({ key: key(), issuer }));
    expect(jwksRequests()).toBe(1);
  });

  it('rejects an expired token with tokenExpired, but tolerates 60 s of clock skew', async () => {
    const nowSeconds = Math.floor(clock / 1000);
    const justExpired = await mintToken({ key: key(), issuer, nowSeconds: nowSeconds - 3630 });
    await expect(validator.validate(justExpired)).resolves.toBeDefined();
    const expired = await mintToken({ key: key(), issuer, nowSeconds: nowSeconds - 3700 });
    const error = await rejection(expired);
    expect(error.code).toBe('tokenExpired');
    expect(error.status).toBe(401);
  });

  it('rejects a token whose nbf is in the future (beyond the skew)', async () => {
    const token = await mintToken({ key: key(), issuer, claims: { nbf: Math.floor(clock / 1000) + 300 } });
    expect((await rejection(token)).code).toBe('invalidToken');
  });

  it.each([
    ['wrong audience', { aud: '00000000-0000-4000-8000-000000000000' }],
    ['wrong tenant', { tid: '00000000-0000-4000-8000-000000000000' }],
    ['missing scp', { scp: undefined }],
    ['scp without access_as_user', { scp: 'Files.Read' }],
    ['oid that is not a GUID', { oid: 'someone' }],
  ])('rejects a token with %s as invalidToken', async (_name, claims) => {
    const token = await mintToken({ key: key(), issuer, claims });
    const error = await rejection(token);
    expect(error.code).toBe('invalidToken');
    expect(error.status).toBe(401);
  });

  it('rejects a token from another issuer', async () => {
    const token = await mintToken({ key: key(), issuer: `https://login.microsoftonline.com/${TEST_TENANT}/v2.0` });
    expect((await rejection(token)).code).toBe('invalidToken');
  });

  it('rejects alg "none"', async () => {
    const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(clock / 1000);
    const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ aud: TEST_CLIENT, iss: issuer, exp: now + 600, nbf: now, scp: 'access_as_user', tid: TEST_TENANT, oid: TEST_USER_OID })}.`;
    expect((await rejection(token)).code).toBe('invalidToken');
  });

  it('rejects HS256 even when the kid is known', async () => {
    const now = Math.floor(clock / 1000);
    const token = await new SignJWT({
      aud: TEST_CLIENT,
      iss: issuer,
      scp: 'access_as_user',
      tid: TEST_TENANT,
      oid: TEST_USER_OID,
      nbf: now,
      exp: now + 600,
    })
      .setProtectedHeader({ alg: 'HS256', kid: key().kid })
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256'));
    expect((await rejection(token)).code).toBe('invalidToken');
  });

  it('rejects a token signed by another key under a published kid', async () => {
    const impostor = await createSigningKey(key().kid);
    const token = await mintToken({ key: impostor, issuer });
    expect((await rejection(token)).code).toBe('invalidToken');
  });

  it('picks up a rotated key through the unknown-kid refetch', async () => {
    await validator.validate(await mintToken({ key: key(), issuer }));
    const rotated = await createSigningKey('key-2');
    upstream.published.push(rotated);
    try {
      await expect(validator.validate(await mintToken({ key: rotated, issuer }))).resolves.toBeDefined();
      expect(jwksRequests()).toBe(2);
    } finally {
      upstream.published.pop();
    }
  });

  it('answers upstreamUnavailable (not invalidToken) while the signing keys cannot be fetched', async () => {
    const other = validatorFor([OTHER_TENANT]);
    const token = await mintToken({
      key: key(),
      issuer: `${upstream.url}/${OTHER_TENANT}/v2.0`,
      claims: { tid: OTHER_TENANT },
    });
    const error: unknown = await other.validate(token).catch((e: unknown) => e);
    expect(error).toEqual(expect.objectContaining({ code: 'upstreamUnavailable', status: 503 }));
  });

  it('never fetches keys for a token that names a tenant it does not serve, or an alg other than RS256', async () => {
    const foreign = await mintToken({
      key: key(),
      issuer: `${upstream.url}/${OTHER_TENANT}/v2.0`,
      claims: { tid: OTHER_TENANT },
    });
    // Shaped as its own tenant issues it: its user's organization is not served, which no new token cures.
    expect(await rejection(foreign)).toEqual(expect.objectContaining({ code: 'tenantNotAllowed', status: 403 }));
    const foreignElsewhere = await mintToken({
      key: key(),
      issuer: `${upstream.url}/${TEST_TENANT}/v2.0`,
      claims: { tid: OTHER_TENANT },
    });
    expect((await rejection(foreignElsewhere)).code).toBe('invalidToken');
    const ps256 = await mintToken({ key: key(), issuer, header: { alg: 'PS256' } }).catch(() => 'x.y.z');
    expect((await rejection(ps256)).code).toBe('invalidToken');
    expect(jwksRequests()).toBe(0);
  });
});

describe('which application obtained the token (azp / appid allow-list)', () => {
  it.each([
    ['Office on the web (SSO)', OFFICE_CLIENT_IDS.officeOnTheWeb],
    ['Microsoft Office desktop (SSO)', OFFICE_CLIENT_IDS.microsoftOffice],
    ['all Office endpoints (SSO)', OFFICE_CLIENT_IDS.allOfficeEndpoints],
    // Written out: the ids Microsoft's registration page lists for Office inside Teams.
    ['Teams desktop and mobile (Office in Teams, SSO)', '1fec8e78-bce4-4aaf-ab1b-5451cc387264'],
    ['Teams on the web (Office in Teams, SSO)', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'],
    ["the add-in's own client id (nested app authentication, Office dialog)", TEST_CLIENT],
    ['the add-in in upper case', TEST_CLIENT.toUpperCase()],
  ])('accepts a token obtained by %s', async (_name, azp) => {
    const token = await mintToken({ key: key(), issuer, claims: { azp } });
    await expect(validator.validate(token)).resolves.toEqual(expect.objectContaining({ userOid: TEST_USER_OID }));
  });

  it('reads appid when a v1 token has no azp', async () => {
    const token = await mintToken({
      key: key(),
      issuer,
      claims: { azp: undefined, appid: OFFICE_CLIENT_IDS.microsoftOffice, ver: '1.0' },
    });
    await expect(validator.validate(token)).resolves.toEqual(expect.objectContaining({ userOid: TEST_USER_OID }));
  });

  it.each([
    ['another application of the tenant', { azp: '0f0f0f0f-1111-4222-8333-444444444444' }],
    ['no azp and no appid', { azp: undefined }],
    ['an azp that is not a string', { azp: 42 }],
    // azp speaks for a token that has it: appid cannot stand in for a malformed or foreign one.
    [
      'an azp that is not a string, beside an Office appid',
      { azp: [OFFICE_CLIENT_IDS.microsoftOffice], appid: OFFICE_CLIENT_IDS.microsoftOffice },
    ],
    ['an empty azp, beside an Office appid', { azp: '', appid: OFFICE_CLIENT_IDS.microsoftOffice }],
    [
      'another application as azp, beside an Office appid',
      { azp: '0f0f0f0f-1111-4222-8333-444444444444', appid: OFFICE_CLIENT_IDS.microsoftOffice },
    ],
    ['an appid that is not a string', { azp: undefined, appid: 7, ver: '1.0' }],
  ])('refuses a valid token obtained by %s with 401 unauthorizedClient', async (_name, claims) => {
    const token = await mintToken({ key: key(), issuer, claims });
    const error = await rejection(token);
    expect(error.code).toBe('unauthorizedClient');
    expect(error.status).toBe(401);
  });

  it('checks the signature before the client: a forged token from another client is invalidToken', async () => {
    const token = await mintToken({
      key: await createSigningKey(key().kid),
      issuer,
      claims: { azp: '0f0f0f0f-1111-4222-8333-444444444444' },
    });
    expect((await rejection(token)).code).toBe('invalidToken');
  });
});

describe('multi-tenant validation (ALLOWED_TENANTS)', () => {
  const otherIssuer = (): string => `${upstream.url}/${OTHER_TENANT}/v2.0`;

  beforeEach(() => {
    // The second tenant publishes the same keys at its own JWKS URL, as Entra does.
    upstream.handler = (req) =>
      req.path === `/${OTHER_TENANT}/discovery/v2.0/keys`
        ? { status: 200, body: { keys: upstream.published.map((k) => k.jwk) } }
        : undefined;
    validator = validatorFor([TEST_TENANT, OTHER_TENANT]);
  });

  it('accepts each allowed tenant with its own issuer and keys, and keys the user by that tenant', async () => {
    await expect(validator.validate(await mintToken({ key: key(), issuer }))).resolves.toEqual(
      expect.objectContaining({ tenantId: TEST_TENANT }),
    );
    await expect(
      validator.validate(await mintToken({ key: key(), issuer: otherIssuer(), claims: { tid: OTHER_TENANT } })),
    ).resolves.toEqual(expect.objectContaining({ tenantId: OTHER_TENANT }));
    expect(upstream.requests.map((r) => r.path).sort()).toEqual(
      [`/${TEST_TENANT}/discovery/v2.0/keys`, `/${OTHER_TENANT}/discovery/v2.0/keys`].sort(),
    );
  });

  it.each([
    ['an issuer of another allowed tenant than its tid', (): string => issuer, OTHER_TENANT],
    ['the issuer template itself', (): string => `${upstream.url}/{tenantid}/v2.0`, OTHER_TENANT],
    ['the common issuer', (): string => `${upstream.url}/common/v2.0`, OTHER_TENANT],
    [
      'a tenant outside the allow-list, with an issuer of an allowed tenant',
      (): string => issuer,
      '33333333-4444-4555-8666-777777777777',
    ],
  ])('rejects %s', async (_name, iss, tid) => {
    expect((await rejection(await mintToken({ key: key(), issuer: iss(), claims: { tid } }))).code).toBe(
      'invalidToken',
    );
  });

  it("answers tenantNotAllowed for a token of a tenant outside the allow-list, issued as that tenant's", async () => {
    const outside = '33333333-4444-4555-8666-777777777777';
    const token = await mintToken({ key: key(), issuer: `${upstream.url}/${outside}/v2.0`, claims: { tid: outside } });
    expect(await rejection(token)).toEqual(expect.objectContaining({ code: 'tenantNotAllowed', status: 403 }));
  });
});

describe('bearerToken', () => {
  it('reports a missing header as missingToken and a malformed one as invalidToken', () => {
    expect(() => bearerToken(undefined)).toThrow(expect.objectContaining({ code: 'missingToken', status: 401 }));
    expect(() => bearerToken('Basic abc')).toThrow(expect.objectContaining({ code: 'invalidToken' }));
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
  });
});

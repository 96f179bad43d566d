import { decodeJwt, SignJWT } from 'jose';
import { EntraError } from './EntraError';
import { SEED_USERS, type UserRecord } from '../directory/seed';
import { Issuer } from './Issuer';
import { KeyRing } from './KeyRing';
import { handleTokenRequest, OBO_GRANT_TYPE } from './tokenEndpoint';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const CLIENT = 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
const SECRET = 'a-local-secret-of-some-length';
const client = { clientId: CLIENT, clientSecret: SECRET };
const MEGAN: UserRecord = { ...SEED_USERS.megan, tenantId: TENANT };
const ANA: UserRecord = { ...SEED_USERS.ana, tenantId: TENANT };

let nowMs = Date.parse('2027-03-01T09:00:00Z');
const keys = new KeyRing();
const issuer = new Issuer(
  {
    baseUrl: () => 'https://localhost:3100',
    tenantId: TENANT,
    clientId: CLIENT,
    addinOrigin: 'https://localhost:3000',
    now: () => nowMs,
    isKnownTenant: (id: string) => id === TENANT,
  },
  keys,
);

function oboForm(assertion: string, overrides: Record<string, string | null> = {}): URLSearchParams {
  const fields: Record<string, string | null> = {
    grant_type: OBO_GRANT_TYPE,
    client_id: CLIENT,
    client_secret: SECRET,
    assertion,
    scope: 'https://graph.microsoft.com/Files.ReadWrite openid profile offline_access',
    requested_token_use: 'on_behalf_of',
    'x-client-SKU': 'msal.js.node',
    ...overrides,
  };
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== null) form.set(k, v);
  return form;
}

async function entraFailure(promise: Promise<unknown>): Promise<{ status: number; error: string; codes: number[] }> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EntraError)) throw new Error(`expected an EntraError, got ${String(error)}`);
  const body = error.render({ requestId: 'r', clientRequestId: 'c', nowMs });
  return { status: error.status, error: body.error, codes: body.error_codes };
}

describe('token endpoint (on-behalf-of)', () => {
  it('exchanges an SSO token for a Graph token with the granted scopes', async () => {
    const sso = await issuer.mintSsoToken(MEGAN);
    const result = await handleTokenRequest(oboForm(sso), undefined, issuer, client);
    expect(result).toMatchObject({
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/Files.ReadWrite',
      expires_in: 3599,
      ext_expires_in: 3599,
    });
    const claims = decodeJwt(result.access_token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      scp: 'Files.ReadWrite',
      tid: TENANT,
      oid: SEED_USERS.megan.oid,
    });
    await expect(
      issuer.verifyGraphToken(result.access_token, {
        expired: () => new Error('expired'),
        invalid: () => new Error('invalid'),
      }),
    ).resolves.toMatchObject({ oid: SEED_USERS.megan.oid, scopes: ['Files.ReadWrite'] });
  });

  it('accepts HTTP Basic client authentication', async () => {
    const sso = await issuer.mintSsoToken(ANA);
    const basic = `Basic ${Buffer.from(`${CLIENT}:${encodeURIComponent(SECRET)}`).toString('base64')}`;
    await expect(
      handleTokenRequest(oboForm(sso, { client_id: null, client_secret: null }), basic, issuer, client),
    ).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('accepts an assertion whose audience is the Application ID URI', async () => {
    const key = keys.current();
    const s = Math.floor(nowMs / 1000);
    const sso = await new SignJWT({
      oid: SEED_USERS.megan.oid,
      tid: TENANT,
      name: 'Megan Bowen',
      preferred_username: SEED_USERS.megan.upn,
      scp: 'access_as_user',
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(issuer.issuerUrl())
      .setAudience(`api://localhost:3000/${CLIENT}`)
      .setIssuedAt(s)
      .setExpirationTime(s + 600)
      .sign(key.privateKey);
    await expect(handleTokenRequest(oboForm(sso), undefined, issuer, client)).resolves.toMatchObject({
      token_type: 'Bearer',
    });
  });

  it('rejects bad client credentials with 401 invalid_client', async () => {
    const sso = await issuer.mintSsoToken(MEGAN);
    expect(
      await entraFailure(handleTokenRequest(oboForm(sso, { client_secret: 'wrong' }), undefined, issuer, client)),
    ).toEqual({ status: 401, error: 'invalid_client', codes: [7000215] });
    expect(
      await entraFailure(handleTokenRequest(oboForm(sso, { client_secret: null }), undefined, issuer, client)),
    ).toEqual({ status: 401, error: 'invalid_client', codes: [7000218] });
    expect(
      (
        await entraFailure(
          handleTokenRequest(
            oboForm(sso, { client_id: '00000000-0000-0000-0000-000000000000' }),
            undefined,
            issuer,
            client,
          ),
        )
      ).codes,
    ).toEqual([700016]);
  });

  it('rejects unknown grant types and answers 501 for real grants it does not implement', async () => {
    const sso = await issuer.mintSsoToken(MEGAN);
    expect(
      await entraFailure(handleTokenRequest(oboForm(sso, { grant_type: 'magic' }), undefined, issuer, client)),
    ).toEqual({ status: 400, error: 'unsupported_grant_type', codes: [70003] });
    expect(
      (await entraFailure(handleTokenRequest(oboForm(sso, { grant_type: 'refresh_token' }), undefined, issuer, client)))
        .status,
    ).toBe(501);
  });

  it('rejects an expired assertion with AADSTS500133', async () => {
    const sso = await issuer.mintSsoToken(MEGAN);
    nowMs += 2 * 3600 * 1000;
    try {
      expect(await entraFailure(handleTokenRequest(oboForm(sso), undefined, issuer, client))).toEqual({
        status: 400,
        error: 'invalid_grant',
        codes: [500133],
      });
    } finally {
      nowMs -= 2 * 3600 * 1000;
    }
  });

  it('rejects assertions signed by another issuer or for another audience with AADSTS50013', async () => {
    const stranger = new Issuer(
      {
        baseUrl: () => 'https://localhost:3100',
        tenantId: TENANT,
        clientId: CLIENT,
        addinOrigin: 'https://localhost:3000',
        now: () => nowMs,
        isKnownTenant: (id: string) => id === TENANT,
      },
      new KeyRing(),
    );
    const forged = await stranger.mintSsoToken(MEGAN);
    expect((await entraFailure(handleTokenRequest(oboForm(forged), undefined, issuer, client))).codes).toEqual([50013]);

    const otherApp = new Issuer(
      {
        baseUrl: () => 'https://localhost:3100',
        tenantId: TENANT,
        clientId: '11111111-1111-4111-8111-111111111111',
        addinOrigin: 'https://localhost:3000',
        now: () => nowMs,
        isKnownTenant: (id: string) => id === TENANT,
      },
      keys,
    );
    const wrongAudience = await otherApp.mintSsoToken(MEGAN);
    expect((await entraFailure(handleTokenRequest(oboForm(wrongAudience), undefined, issuer, client))).codes).toEqual([
      50013,
    ]);

    expect((await entraFailure(handleTokenRequest(oboForm('not.a.jwt'), undefined, issuer, client))).codes).toEqual([
      50013,
    ]);
  });

  it('checks scopes: non-Graph or unknown → 70011, .default mixed → 70011, not consented → 65001', async () => {
    const sso = await issuer.mintSsoToken(MEGAN);
    const scopeFailure = async (scope: string): Promise<number[]> =>
      (await entraFailure(handleTokenRequest(oboForm(sso, { scope }), undefined, issuer, client))).codes;
    expect(await scopeFailure('api://other/access_as_user')).toEqual([70011]);
    expect(await scopeFailure('https://graph.microsoft.com/Files.Nope')).toEqual([70011]);
    expect(await scopeFailure('openid profile')).toEqual([70011]);
    expect(await scopeFailure('https://graph.microsoft.com/.default https://graph.microsoft.com/User.Read')).toEqual([
      70011,
    ]);
    expect(await scopeFailure('https://graph.microsoft.com/Sites.ReadWrite.All')).toEqual([65001]);
    await expect(
      handleTokenRequest(oboForm(sso, { scope: 'https://graph.microsoft.com/.default' }), undefined, issuer, client),
    ).resolves.toMatchObject({
      scope: expect.stringContaining('https://graph.microsoft.com/Files.ReadWrite'),
    });
  });
});

// Entra behaviours a real tenant shows, as msal-node meets them: bare Graph scopes, Entra's
// response headers, interaction_required/50079, an expired client secret (7000222), a second
// tenant through the `organizations` authority, and signing keys published before they sign
// (read as a JWT validator reads them: the JWKS, then jose).
import { createHash, X509Certificate } from 'node:crypto';
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { fetch } from 'undici';
import { FABRIKAM_TENANT_ID, FABRIKAM_USERS, SEED_USERS } from '../../src/emulator/directory/seed';
import { confidentialClient, type ObservedResponse } from './clients';
import { controlOf, emulatorOnly, startTarget, type ConformanceTarget } from './target';
import { type EmulatorControl } from '../support/emulatorControl';

let target: ConformanceTarget;

beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

const control = (): EmulatorControl => controlOf(target);

async function oboError(promise: Promise<unknown>): Promise<ServerError | InteractionRequiredAuthError> {
  const failure: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(failure instanceof ServerError) && !(failure instanceof InteractionRequiredAuthError))
    throw new Error(`expected an msal error, got ${String(failure)}`);
  return failure;
}

describe('Entra as msal-node meets it', () => {
  it('grants bare Graph permission names as Graph scopes', async () => {
    const result = await confidentialClient(target).acquireTokenOnBehalfOf({
      oboAssertion: await target.userAssertion(),
      scopes: ['Files.ReadWrite'],
      skipCache: true,
    });
    expect(result?.scopes.map((s) => s.toLowerCase())).toContain('https://graph.microsoft.com/files.readwrite');
    expect(decodeJwt(result?.accessToken ?? '').aud).toMatch(
      /^(https:\/\/graph\.microsoft\.com|00000003-0000-0000-c000-000000000000)$/,
    );
  });

  it("answers with Entra's headers: x-ms-request-id on every answer, no-store on tokens", async () => {
    const seen: ObservedResponse[] = [];
    await confidentialClient(target, undefined, { observe: (r) => seen.push(r) }).acquireTokenOnBehalfOf({
      oboAssertion: await target.userAssertion(),
      scopes: ['Files.ReadWrite'],
      skipCache: true,
    });
    const token = seen.find((r) => r.url.includes('/oauth2/v2.0/token'));
    expect(token?.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/i);
    expect(token?.headers['cache-control']).toMatch(/no-store/);
    expect(token?.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(seen.every((r) => typeof r.headers['x-ms-request-id'] === 'string')).toBe(true);
  });

  it('v2 access tokens for the add-in carry no amr claim', async () => {
    expect(decodeJwt(await target.userAssertion()).amr).toBeUndefined();
  });
});

emulatorOnly('Entra failures switched on in the emulator', () => {
  const user = SEED_USERS.ana.oid;
  afterEach(() => control().reset());

  it('interaction_required AADSTS50079 is an InteractionRequiredAuthError with claims; the challenge lifts it', async () => {
    await control().setEntraBehaviour(user, 'interactionRequired');
    const error = await oboError(
      confidentialClient(target).acquireTokenOnBehalfOf({
        oboAssertion: await control().ssoToken(user),
        scopes: ['Files.ReadWrite'],
        skipCache: true,
      }),
    );
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('interaction_required');
    expect(error.errorMessage).toMatch(/AADSTS50079/);
    const claims = (error as InteractionRequiredAuthError).claims;
    expect(claims).toContain('access_token');
    const stepped = await control().ssoToken(user, { authChallenge: claims });
    const result = await confidentialClient(target).acquireTokenOnBehalfOf({
      oboAssertion: stepped,
      scopes: ['Files.ReadWrite'],
      skipCache: true,
    });
    expect(decodeJwt(result?.accessToken ?? '').amr).toEqual(['pwd', 'mfa']);
  });

  it('an expired client secret is invalid_client AADSTS7000222', async () => {
    await control().setApp({ clientSecretExpired: true });
    const error = await oboError(
      confidentialClient(target).acquireTokenOnBehalfOf({
        oboAssertion: await target.userAssertion(),
        scopes: ['Files.ReadWrite'],
        skipCache: true,
      }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('invalid_client');
    expect(error.errorMessage).toMatch(/AADSTS7000222/);
  });

  it("serves a second tenant's users through the organizations authority, in their own tenant", async () => {
    const diego = await control().ssoToken(FABRIKAM_USERS.diego.oid);
    const viaOrganizations = await confidentialClient(target, undefined, {
      tenant: 'organizations',
    }).acquireTokenOnBehalfOf({ oboAssertion: diego, scopes: ['Files.ReadWrite'], skipCache: true });
    expect(decodeJwt(viaOrganizations?.accessToken ?? '')).toMatchObject({
      tid: FABRIKAM_TENANT_ID,
      oid: FABRIKAM_USERS.diego.oid,
    });
    const viaOwnTenant = await confidentialClient(target, undefined, {
      tenant: FABRIKAM_TENANT_ID,
    }).acquireTokenOnBehalfOf({ oboAssertion: diego, scopes: ['Files.ReadWrite'], skipCache: true });
    expect(decodeJwt(viaOwnTenant?.accessToken ?? '').tid).toBe(FABRIKAM_TENANT_ID);
    // The home tenant's authority does not take another tenant's user.
    const refused = await oboError(
      confidentialClient(target).acquireTokenOnBehalfOf({
        oboAssertion: diego,
        scopes: ['Files.ReadWrite'],
        skipCache: true,
      }),
    );
    expect(refused.errorMessage).toMatch(/AADSTS50013/);
  });

  it('publishes the next signing key before it signs: a validator that fetched the keys before the rollover verifies the new tokens', async () => {
    const keysUrl = `${target.authorityHost}/${target.tenantId}/discovery/v2.0/keys`;
    const fetched = (await (
      await fetch(keysUrl, target.dispatcher === undefined ? {} : { dispatcher: target.dispatcher })
    ).json()) as JSONWebKeySet;
    const cached = createLocalJWKSet(fetched);
    await control().rotateKeys();
    const after = await control().ssoToken(SEED_USERS.megan.oid);
    expect(fetched.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(after).kid);
    await expect(
      jwtVerify(after, cached, {
        issuer: `${target.authorityHost}/${target.tenantId}/v2.0`,
        audience: target.clientId,
      }),
    ).resolves.toBeDefined();
  });

  it('publishes the v1 documents too: the sts.windows.net issuer, and every key (v1 and v2) with its certificate (x5c) and thumbprint (x5t)', async () => {
    const get = async <T>(path: string): Promise<T> =>
      (await (
        await fetch(
          `${target.authorityHost}/${target.tenantId}${path}`,
          target.dispatcher === undefined ? {} : { dispatcher: target.dispatcher },
        )
      ).json()) as T;
    const metadata = await get<{ issuer: string; jwks_uri: string }>('/.well-known/openid-configuration');
    expect(metadata.issuer).toBe(`https://sts.windows.net/${target.tenantId}/`);
    expect(metadata.jwks_uri).toBe(`${target.authorityHost}/${target.tenantId}/discovery/keys`);
    for (const path of ['/discovery/keys', '/discovery/v2.0/keys']) {
      const { keys } = await get<{ keys: { kid: string; x5t: string; x5c: string[]; n: string; e: string }[] }>(path);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const der = Buffer.from(key.x5c[0] ?? '', 'base64');
        expect(key.x5t).toBe(createHash('sha1').update(der).digest('base64url'));
        expect(new X509Certificate(der).publicKey.export({ format: 'jwk' })).toMatchObject({ n: key.n, e: key.e });
      }
    }
  });
});

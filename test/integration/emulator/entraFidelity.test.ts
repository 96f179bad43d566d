// Entra as clients meet it: bare Graph scopes, interaction_required/50079, an expired client
// secret (7000222), v2 tokens without `amr` (MFA kept per user), a second tenant and the
// organizations authority, Entra's response headers, and keys published before they sign.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { FABRIKAM_TENANT_ID, FABRIKAM_USERS, SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import {
  startTestEmulator,
  TEST_CLIENT,
  TEST_SECRET,
  TEST_TENANT,
  type TestEmulator,
} from '../../support/testEmulator';
import { OBO_GRANT_TYPE } from '../../../src/emulator/entra/tokenEndpoint';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());
beforeEach(() => t.emulator.reset());

interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & {
    error?: string;
    error_codes?: number[];
    access_token?: string;
    scope?: string;
    trace_id?: string;
    claims?: string;
  };
}

async function obo(assertion: string, options: { tenant?: string; scope?: string } = {}): Promise<TokenAnswer> {
  const form = new URLSearchParams({
    grant_type: OBO_GRANT_TYPE,
    client_id: TEST_CLIENT,
    client_secret: TEST_SECRET,
    assertion,
    scope: options.scope ?? 'https://graph.microsoft.com/Files.ReadWrite',
    requested_token_use: 'on_behalf_of',
  });
  const response = await t.call(`/${options.tenant ?? TEST_TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return {
    status: response.status,
    headers: response.headers as unknown as Headers,
    body: (await response.json()) as TokenAnswer['body'],
  };
}

const ssoFor = (oid: string): Promise<string> => t.ctl.ssoToken(oid);
const jwks = async (tenant: string): Promise<{ kid: string; issuer: string }[]> =>
  ((await (await t.call(`/${tenant}/discovery/v2.0/keys`)).json()) as { keys: { kid: string; issuer: string }[] }).keys;

describe('scopes', () => {
  it('reads bare permission names as Graph scopes, alone or mixed with full ones', async () => {
    const sso = await ssoFor(SEED_USERS.megan.oid);
    const bare = await obo(sso, { scope: 'Files.ReadWrite User.Read offline_access' });
    expect(bare.status).toBe(200);
    expect(bare.body.scope).toBe('https://graph.microsoft.com/Files.ReadWrite https://graph.microsoft.com/User.Read');
    expect(decodeJwt(String(bare.body.access_token)).scp).toBe('Files.ReadWrite User.Read');
    expect((await obo(sso, { scope: 'files.readwrite https://graph.microsoft.com/User.Read' })).status).toBe(200);
    expect((await obo(sso, { scope: 'Files.Nope' })).body.error_codes).toEqual([70011]);
    expect((await obo(sso, { scope: 'api://other/access_as_user' })).body.error_codes).toEqual([70011]);
  });
});

describe('MFA', () => {
  it('issues v2 SSO tokens without amr; v1 Graph tokens say pwd, and mfa once the user passed the challenge', async () => {
    const sso = await ssoFor(SEED_USERS.megan.oid);
    expect(decodeJwt(sso).amr).toBeUndefined();
    expect(decodeJwt(String((await obo(sso)).body.access_token)).amr).toEqual(['pwd']);

    await t.ctl.setEntraBehaviour(SEED_USERS.megan.oid, 'mfaRequired');
    const challenged = await obo(sso);
    expect([challenged.status, challenged.body.error, challenged.body.error_codes]).toEqual([
      400,
      'invalid_grant',
      [50076],
    ]);
    const stepped = await t.ctl.hostToken({ authChallenge: String(challenged.body.claims) });
    expect(decodeJwt(stepped).amr).toBeUndefined();
    expect((await t.ctl.state()).entraMfaPassed).toEqual([SEED_USERS.megan.oid]);
    const granted = await obo(stepped);
    expect(granted.status).toBe(200);
    expect(decodeJwt(String(granted.body.access_token)).amr).toEqual(['pwd', 'mfa']);
  });

  it('answers interaction_required AADSTS50079 with a claims challenge, lifted by the challenge', async () => {
    await t.ctl.setEntraBehaviour(SEED_USERS.ana.oid, 'interactionRequired');
    const answer = await obo(await ssoFor(SEED_USERS.ana.oid));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: 'interaction_required',
      error_codes: [50079],
      claims: expect.stringContaining('access_token'),
    });
    expect(String(answer.body.error_description)).toMatch(/^AADSTS50079: /);
    const stepped = await t.ctl.hostToken({ authChallenge: String(answer.body.claims) });
    expect((await obo(stepped)).status).toBe(200);
  });
});

describe('the app registration', () => {
  it('answers 401 invalid_client AADSTS7000222 while the client secret is expired', async () => {
    const sso = await ssoFor(SEED_USERS.megan.oid);
    expect(await t.ctl.setApp({ clientSecretExpired: true })).toEqual({ clientSecretExpired: true });
    const expired = await obo(sso);
    expect([expired.status, expired.body.error, expired.body.error_codes]).toEqual([401, 'invalid_client', [7000222]]);
    await t.ctl.reset();
    expect((await obo(sso)).status).toBe(200);
  });
});

describe('a second tenant', () => {
  it("serves Fabrikam's metadata, keys and token endpoint; its tokens carry its tid and issuer", async () => {
    const metadata = (await (
      await t.call(`/${FABRIKAM_TENANT_ID}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(metadata.issuer).toBe(`${t.emulator.origins.entra}/${FABRIKAM_TENANT_ID}/v2.0`);
    expect(metadata.token_endpoint).toBe(`${t.emulator.origins.entra}/${FABRIKAM_TENANT_ID}/oauth2/v2.0/token`);
    expect((await jwks(FABRIKAM_TENANT_ID)).every((k) => k.issuer === metadata.issuer)).toBe(true);

    const sso = await ssoFor(FABRIKAM_USERS.diego.oid);
    expect(decodeJwt(sso)).toMatchObject({
      tid: FABRIKAM_TENANT_ID,
      iss: metadata.issuer,
      oid: FABRIKAM_USERS.diego.oid,
    });
    const graph = await obo(sso, { tenant: FABRIKAM_TENANT_ID });
    expect(graph.status).toBe(200);
    expect(decodeJwt(String(graph.body.access_token))).toMatchObject({
      tid: FABRIKAM_TENANT_ID,
      iss: `https://sts.windows.net/${FABRIKAM_TENANT_ID}/`,
    });
    // That Graph token works on Fabrikam's files, not on Contoso's.
    const fabrikamGraph = { authorization: `Bearer ${String(graph.body.access_token)}` };
    expect(
      (
        await t.call(
          '/v1.0/drives/b!Fa8kQ2mW7nRzT4pY1vXcL9sHdG3fB6oEuJ0tKx5nC_eGzRpX-qUaF4QwVlHiKjM7/items/01FABKQ7WZ3NVXRPMYLDH4CJQG6TU2ES5B',
          { headers: fabrikamGraph },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await t.call(`/v1.0/drives/${SEED_WORKBOOKS.presupuesto.driveId}/items/${SEED_WORKBOOKS.presupuesto.itemId}`, {
          headers: fabrikamGraph,
        })
      ).status,
    ).toBe(404);
  });

  it("refuses a user of one tenant at the other tenant's token endpoint, and an unknown tenant with 90002", async () => {
    const diego = await ssoFor(FABRIKAM_USERS.diego.oid);
    expect((await obo(diego)).body.error_codes).toEqual([50013]);
    expect((await obo(diego, { tenant: '00000000-0000-4000-8000-000000000000' })).body.error_codes).toEqual([90002]);
    expect((await obo(diego, { tenant: 'consumers' })).body.error_codes).toEqual([90002]);
  });

  it('publishes the {tenantid} issuer template at organizations and common, and serves both tenants there', async () => {
    for (const authority of ['organizations', 'common']) {
      const metadata = (await (await t.call(`/${authority}/v2.0/.well-known/openid-configuration`)).json()) as Record<
        string,
        string
      >;
      expect(metadata.issuer).toBe(`${t.emulator.origins.entra}/{tenantid}/v2.0`);
      expect(metadata.token_endpoint).toBe(`${t.emulator.origins.entra}/${authority}/oauth2/v2.0/token`);
      expect((await jwks(authority)).every((k) => k.issuer === metadata.issuer)).toBe(true);
    }
    const diego = await obo(await ssoFor(FABRIKAM_USERS.diego.oid), { tenant: 'organizations' });
    const megan = await obo(await ssoFor(SEED_USERS.megan.oid), { tenant: 'organizations' });
    expect(decodeJwt(String(diego.body.access_token)).tid).toBe(FABRIKAM_TENANT_ID);
    expect(decodeJwt(String(megan.body.access_token)).tid).toBe(TEST_TENANT);
  });
});

describe("Entra's response headers", () => {
  it('sends x-ms-request-id (the trace_id of errors), x-ms-ests-server, HSTS and no-store on token answers', async () => {
    const failed = await obo('not.a.jwt');
    expect(failed.headers.get('x-ms-request-id')).toBe(failed.body.trace_id);
    expect(failed.headers.get('x-ms-ests-server')).toEqual(expect.any(String));
    expect(failed.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(failed.headers.get('cache-control')).toBe('no-store, no-cache');
    const keys = await t.call(`/${TEST_TENANT}/discovery/v2.0/keys`);
    expect(keys.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys.headers.get('cache-control')).toBe('max-age=86400, private');
    expect(keys.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('signing-key rollover', () => {
  it('publishes the next key before it signs; a rollover signs with it and keeps the previous one published', async () => {
    const before = (await t.ctl.state()).keys;
    expect((await jwks(TEST_TENANT)).map((k) => k.kid).sort()).toEqual([before.current, before.next].sort());
    const old = await ssoFor(SEED_USERS.megan.oid);
    expect(decodeProtectedHeader(old).kid).toBe(before.current);

    const rolled = await t.ctl.rotateKeys();
    expect(rolled.current).toBe(before.next);
    expect(rolled.retiring).toBe(before.current);
    expect((await jwks(TEST_TENANT)).map((k) => k.kid).sort()).toEqual(
      [rolled.current, rolled.next, before.current].sort(),
    );
    expect(decodeProtectedHeader(await ssoFor(SEED_USERS.megan.oid)).kid).toBe(before.next);
    expect((await obo(old)).status).toBe(200);

    await t.ctl.rotateKeys();
    expect((await jwks(TEST_TENANT)).map((k) => k.kid)).not.toContain(before.current);
    expect((await obo(old)).body.error_codes).toEqual([50013]);
  });

  it('an emergency rotation signs at once with a key that was not published before', async () => {
    const before = await jwks(TEST_TENANT);
    const rolled = await t.ctl.rotateKeys({ emergency: true });
    expect(before.map((k) => k.kid)).not.toContain(rolled.current);
    expect(decodeProtectedHeader(await ssoFor(SEED_USERS.megan.oid)).kid).toBe(rolled.current);
  });
});

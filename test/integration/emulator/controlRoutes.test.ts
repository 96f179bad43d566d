// The control API over HTTPS: clock, minted tokens (valid and broken), per-user Entra
// switches through the real token endpoint, key rotation, and what reset clears.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { graphErrorCodes } from '../../../src/shared/graph';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { type TestTokenRequest } from '../../support/emulatorControl';
import { type EntraBehaviour } from '../../../src/emulator/entra/EntraSwitchStore';
import {
  startTestEmulator,
  TEST_CLIENT,
  TEST_SECRET,
  TEST_TENANT,
  type TestEmulator,
} from '../../support/testEmulator';

let t: TestEmulator;
const MEGAN = SEED_USERS.megan.oid;
const wb = SEED_WORKBOOKS.presupuesto;
const itemPath = `/v1.0/drives/${wb.driveId}/items/${wb.itemId}`;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());
beforeEach(() => t.emulator.reset());

const mint = (body: Omit<TestTokenRequest, 'userOid'>): Promise<string> => t.ctl.mintToken({ userOid: MEGAN, ...body });
const getItem = (token: string): Promise<{ status: number }> =>
  t.call(itemPath, { headers: { authorization: `Bearer ${token}` } });

async function obo(assertion: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    client_id: TEST_CLIENT,
    client_secret: TEST_SECRET,
    assertion,
    scope: 'https://graph.microsoft.com/Files.ReadWrite',
    requested_token_use: 'on_behalf_of',
  });
  const response = await t.call(`/${TEST_TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /_emulator/tokens', () => {
  it('mints valid SSO and Graph tokens with the contract claims', async () => {
    const sso = decodeJwt(await mint({ audience: 'addin' }));
    expect(sso).toMatchObject({
      aud: TEST_CLIENT,
      iss: `${t.emulator.origins.entra}/${TEST_TENANT}/v2.0`,
      scp: 'access_as_user',
      tid: TEST_TENANT,
      oid: MEGAN,
      ver: '2.0',
    });
    expect((sso.exp ?? 0) - (sso.iat ?? 0)).toBe(3600);
    expect((await getItem(await mint({ audience: 'graph' }))).status).toBe(200);
  });

  it.each<[string, Omit<TestTokenRequest, 'userOid' | 'audience'>, number]>([
    ['expired', { lifetimeSeconds: -60 }, 401],
    ['not yet valid', { notBeforeSeconds: 600 }, 401],
    ['signed with an unknown key', { signing: 'unknownKey' }, 401],
    ['unsigned (alg none)', { signing: 'none' }, 401],
    ['of another tenant', { tenantId: '00000000-0000-4000-8000-000000000000' }, 401],
    ['of another issuer', { issuer: 'https://evil.example/' }, 401],
    ['for another audience', { audienceValue: 'api://other' }, 401],
    ['without scopes', { scopes: [] }, 403],
    ['with only Files.Read', { scopes: ['Files.Read'] }, 200],
  ])('a Graph token %s (%j) gets %i from Graph', async (_name, spec, status) => {
    expect((await getItem(await mint({ audience: 'graph', ...spec }))).status).toBe(status);
  });

  it('marks the token header for alg none and unknown keys', async () => {
    expect(decodeProtectedHeader(await mint({ audience: 'addin', signing: 'none' })).alg).toBe('none');
    const jwks = (
      (await (await t.call(`/${TEST_TENANT}/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] }
    ).keys.map((k) => k.kid);
    expect(jwks).not.toContain(decodeProtectedHeader(await mint({ audience: 'addin', signing: 'unknownKey' })).kid);
  });

  it('refuses a broken SSO assertion at the token endpoint', async () => {
    expect((await obo(await mint({ audience: 'addin', lifetimeSeconds: -1 }))).body.error_codes).toEqual([500133]);
    expect(
      (await obo(await mint({ audience: 'addin', tenantId: '00000000-0000-4000-8000-000000000000' }))).body.error_codes,
    ).toEqual([50013]);
  });

  it('answers 400 for bad input', async () => {
    for (const body of [
      '{}',
      '{"userOid":"x","audience":"graph"}',
      `{"userOid":"${MEGAN}","audience":"nope"}`,
      `{"userOid":"${MEGAN}","audience":"graph","lifetimeSeconds":"1"}`,
    ]) {
      const response = await t.call('/_emulator/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
    }
  });
});

describe('POST /_emulator/users/:oid/entra', () => {
  const setBehaviour = (behaviour: EntraBehaviour): Promise<unknown> => t.ctl.setEntraBehaviour(MEGAN, behaviour);

  it.each<[EntraBehaviour, string, number]>([
    ['consentRequired', 'invalid_grant', 65001],
    ['assertionExpired', 'invalid_grant', 500133],
    ['invalidScope', 'invalid_scope', 70011],
  ])('%s answers %s AADSTS%i in Entra’s shape', async (behaviour, error, code) => {
    await setBehaviour(behaviour);
    const { status, body } = await obo(await mint({ audience: 'addin' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error,
      error_codes: [code],
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
      timestamp: expect.any(String),
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
    expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  });

  it('mfaRequired answers AADSTS50076 with claims until the assertion carries the satisfied challenge', async () => {
    await setBehaviour('mfaRequired');
    const challenged = await obo(await mint({ audience: 'addin' }));
    expect(challenged.body).toMatchObject({ error: 'invalid_grant', error_codes: [50076], suberror: 'basic_action' });
    expect(JSON.parse(String(challenged.body.claims))).toHaveProperty('access_token');
    expect((await obo(await mint({ audience: 'addin', mfa: true }))).status).toBe(200);
    await setBehaviour('ok');
    expect((await obo(await mint({ audience: 'addin' }))).status).toBe(200);
  });

  it('404s an unknown user and 400s an unknown behaviour', async () => {
    expect(
      (await t.ctl.call('POST', '/_emulator/users/00000000-0000-4000-8000-000000000000/entra', { behaviour: 'ok' }))
        .status,
    ).toBe(404);
    expect((await t.ctl.call('POST', `/_emulator/users/${MEGAN}/entra`, { behaviour: 'sometimes' })).status).toBe(400);
  });
});

describe('clock, keys and reset', () => {
  it('advances the clock: tokens expire and the state reports the new time', async () => {
    const token = await mint({ audience: 'graph' });
    const before = await t.ctl.state();
    const { now } = await t.ctl.advanceClock(3600.5);
    expect(Date.parse(now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3600_500);
    const expired = await t.call(itemPath, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(graphErrorCodes(await expired.json())).toEqual(['invalidauthenticationtoken']);
    expect((await t.ctl.call('POST', '/_emulator/clock/advance', { seconds: -5 })).status).toBe(400);
  });

  it('rotates keys: the retiring key stays in JWKS and keeps verifying until the next rotation', async () => {
    const old = await mint({ audience: 'graph' });
    const first = await t.ctl.rotateKeys();
    const jwks = async (): Promise<string[]> =>
      ((await (await t.call(`/${TEST_TENANT}/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] }).keys.map(
        (k) => k.kid,
      );
    expect(await jwks()).toEqual(expect.arrayContaining([first.current, first.retiring]));
    expect(decodeProtectedHeader(await mint({ audience: 'graph' })).kid).toBe(first.current);
    expect((await getItem(old)).status).toBe(200);
    await t.ctl.rotateKeys();
    expect(await jwks()).not.toContain(first.retiring);
    expect((await getItem(old)).status).toBe(401);
  });

  it('reset clears faults, switches and violations but keeps keys', async () => {
    await t.ctl.setFaults({ rules: [{ route: 'any', kind: 'throttle' }] });
    await t.ctl.setEntraBehaviour(MEGAN, 'consentRequired');
    const token = await mint({ audience: 'graph' });
    expect((await getItem(token)).status).toBe(429);
    expect((await getItem(token)).status).toBe(429);
    t.emulator.reset();
    const state = await t.ctl.state();
    expect([state.faults.rules, state.entra, state.retryAfterViolations]).toEqual([[], {}, []]);
    expect((await getItem(token)).status).toBe(200);
  });
});

describe('POST /_emulator/reset', () => {
  /** Everything in the state except what reset keeps on purpose (clock, keys) and the log of the reset request itself. */
  const restorable = async (): Promise<Record<string, unknown>> => {
    const { now: _now, keys: _keys, ...rest } = await t.ctl.state();
    return rest;
  };

  it('restores every store a test can change, over HTTP', async () => {
    const pristine = await restorable();
    const token = await mint({ audience: 'graph' });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // Change everything the control API and Graph can change.
    await t.ctl.setHostContext({
      userOid: SEED_USERS.ana.oid,
      workbookItemId: null,
      displayLanguage: 'es-ES',
      ssoBehaviour: 13002,
      nestedAppAuth: true,
      graphScopesConsented: false,
    });
    await t.ctl.setAsyncCreate({ delayMs: 5000, outcome: 'failed' });
    await t.ctl.setEntraBehaviour(MEGAN, 'mfaRequired');
    expect(
      (
        await t.call(`${itemPath}/workbook/createSession`, {
          method: 'POST',
          headers: { ...auth, prefer: 'respond-async' },
          body: '{"persistChanges":true}',
        })
      ).status,
    ).toBe(202);
    await t.ctl.setAsyncCreate({ delayMs: 0 });
    expect(
      (
        await t.call(`${itemPath}/workbook/createSession`, {
          method: 'POST',
          headers: auth,
          body: '{"persistChanges":true}',
        })
      ).status,
    ).toBe(201);
    await t.ctl.setFaults({ seed: 7, rules: [{ route: 'driveItem', kind: 'throttle', retryAfterSeconds: 60 }] });
    expect((await getItem(token)).status).toBe(429);
    expect((await getItem(token)).status).toBe(429);
    const changed = await restorable();
    for (const key of [
      'sessions',
      'hostContext',
      'requests',
      'retryAfterViolations',
      'faults',
      'entra',
      'asyncCreate',
    ]) {
      expect([key, changed[key]]).not.toEqual([key, pristine[key]]);
    }

    expect((await t.ctl.call('POST', '/_emulator/reset')).status).toBe(204);
    expect(await restorable()).toEqual(pristine);
    // Keys survive: the token minted before the reset still works, and the clock did not go back.
    expect((await getItem(token)).status).toBe(200);
  });
});

describe('tokens after a clock advance', () => {
  it("Office's SSO token starts on the host's time and ends an hour after the emulator's, so both the middle tier and Entra accept it", async () => {
    const { now } = await t.ctl.advanceClock(600);
    const accessToken = await t.ctl.hostToken({});
    const claims = decodeJwt(accessToken);
    const realNowS = Date.now() / 1000;
    expect(claims.nbf).toBeLessThanOrEqual(realNowS);
    expect(claims.iat).toBe(claims.nbf);
    const emulatorExpiry = Math.floor(Date.parse(now) / 1000) + 3600;
    expect(claims.exp).toBeGreaterThanOrEqual(emulatorExpiry);
    expect(claims.exp).toBeLessThanOrEqual(emulatorExpiry + 2);
    expect((await obo(accessToken)).status).toBe(200);
  });
});

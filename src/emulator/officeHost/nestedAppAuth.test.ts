import { decodeJwt } from 'jose';
import { LOCAL_MODE } from '../../shared/localMode';
import { InMemoryDirectoryStore } from '../directory/DirectoryStore';
import { directorySeed, SEED_USERS } from '../directory/seed';
import { EntraSwitchStore } from '../entra/EntraSwitchStore';
import { Issuer } from '../entra/Issuer';
import { KeyRing } from '../entra/KeyRing';
import { type BridgeAnswer, NestedAppAuthBroker } from './nestedAppAuth';

const ADDIN = 'https://localhost:3000';
const API_SCOPE = `api://localhost:3000/${LOCAL_MODE.clientId}/access_as_user`;
const MFA_CLAIMS = '{"access_token":{"polids":{"essential":true,"values":["p"]}}}';
const MEGAN = SEED_USERS.megan.oid;

function broker(): { naa: NestedAppAuthBroker; switches: EntraSwitchStore } {
  const now = (): number => Date.now();
  const directory = new InMemoryDirectoryStore(() => directorySeed());
  const issuer = new Issuer(
    {
      baseUrl: () => 'https://localhost:3100',
      tenantId: LOCAL_MODE.tenantId,
      isKnownTenant: (id) => directory.isKnownTenant(id),
      clientId: LOCAL_MODE.clientId,
      addinOrigin: ADDIN,
      now,
    },
    new KeyRing(),
  );
  const switches = new EntraSwitchStore();
  const naa = new NestedAppAuthBroker({
    issuer,
    directory,
    switches,
    client: { clientId: LOCAL_MODE.clientId, addinOrigin: ADDIN },
    environment: () => 'localhost:3100',
    now,
  });
  return { naa, switches };
}

const host = { userOid: MEGAN, behaviour: 'ok' as const };
const params = { clientId: LOCAL_MODE.clientId, scope: `${API_SCOPE} openid profile` };

function errorOf(answer: BridgeAnswer): unknown {
  return answer.success ? undefined : answer.error;
}

describe('the emulated nested app authentication broker', () => {
  it('silent: a token for the add-in API obtained by the add-in itself, with an id token and MSAL’s account shape', async () => {
    const answer = await broker().naa.silent(params, ADDIN, host);
    if (!answer.success) throw new Error('expected a token');
    expect(decodeJwt(answer.result.token.access_token)).toMatchObject({
      aud: LOCAL_MODE.clientId,
      azp: LOCAL_MODE.clientId,
      scp: 'access_as_user',
      oid: MEGAN,
    });
    expect(decodeJwt(answer.result.token.id_token)).toMatchObject({ aud: LOCAL_MODE.clientId, oid: MEGAN });
    expect(answer.result.account).toEqual({
      homeAccountId: `${MEGAN}.${LOCAL_MODE.tenantId}`,
      environment: 'localhost:3100',
      tenantId: LOCAL_MODE.tenantId,
      username: SEED_USERS.megan.upn,
      localAccountId: MEGAN,
      name: SEED_USERS.megan.displayName,
    });
  });

  it.each([
    [
      'another client id',
      { ...params, clientId: '0f0f0f0f-1111-4222-8333-444444444444' },
      ADDIN,
      { status: 'PERSISTENT_ERROR', code: 'unauthorized_client' },
    ],
    [
      'an origin whose brk-multihub:// redirect URI is not registered',
      params,
      'https://evil.example',
      { status: 'PERSISTENT_ERROR', code: 'invalid_request' },
    ],
    ['no origin', params, undefined, { status: 'PERSISTENT_ERROR', code: 'invalid_request' }],
    [
      'scopes of two resources',
      { ...params, scope: `${API_SCOPE} https://graph.microsoft.com/Nope.Nope` },
      ADDIN,
      { status: 'PERSISTENT_ERROR', code: 'invalid_scope' },
    ],
  ])('refuses %s', async (_name, request, origin, error) => {
    expect(errorOf(await broker().naa.silent(request, origin, host))).toMatchObject(error);
  });

  it.each([
    ['unavailable', 'NESTED_APP_AUTH_UNAVAILABLE'],
    ['noNetwork', 'NO_NETWORK'],
  ] as const)('dev host "%s" → %s', async (behaviour, status) => {
    expect(errorOf(await broker().naa.silent(params, ADDIN, { userOid: MEGAN, behaviour }))).toMatchObject({ status });
  });

  it('dev host "interactionRequired": silent needs the user, and the broker sends an empty code (no Entra error behind it)', async () => {
    expect(
      errorOf(await broker().naa.silent(params, ADDIN, { userOid: MEGAN, behaviour: 'interactionRequired' })),
    ).toEqual({ status: 'USER_INTERACTION_REQUIRED', code: '', description: expect.any(String) as unknown });
  });

  it('consent missing: silent needs interaction (Entra’s invalid_grant + consent_required, AADSTS65001); accepting the prompt grants consent and gives the token', async () => {
    const { naa, switches } = broker();
    switches.set(MEGAN, 'consentRequired');
    expect(errorOf(await naa.silent(params, ADDIN, host))).toEqual({
      status: 'USER_INTERACTION_REQUIRED',
      code: 'invalid_grant',
      subError: 'consent_required',
      description: expect.stringMatching(/^AADSTS65001: /) as unknown,
    });
    const started = naa.startPrompt(params, ADDIN, host);
    if (!('promptId' in started)) throw new Error('expected a prompt');
    expect(naa.describePrompt(started.promptId)).toMatchObject({ kind: 'consent' });
    expect(naa.decide(started.promptId, true)).toBe(true);
    expect((await naa.finishPrompt(started.promptId)).success).toBe(true);
    expect(switches.behaviourOf(MEGAN)).toBe('ok');
    // A prompt answers once.
    expect(errorOf(await naa.finishPrompt(started.promptId))).toMatchObject({ status: 'USER_CANCEL' });
  });

  it('a tenant that forbids user consent: the prompt can only go back, and the broker answers AADSTS90094', async () => {
    const { naa, switches } = broker();
    switches.set(MEGAN, 'adminConsentRequired');
    const started = naa.startPrompt(params, ADDIN, host);
    if (!('promptId' in started)) throw new Error('expected a prompt');
    expect(naa.describePrompt(started.promptId)).toMatchObject({ kind: 'adminConsentRequired' });
    naa.decide(started.promptId, true);
    expect(errorOf(await naa.finishPrompt(started.promptId))).toMatchObject({
      status: 'PERSISTENT_ERROR',
      code: 'AADSTS90094',
    });
    expect(switches.behaviourOf(MEGAN)).toBe('adminConsentRequired');
  });

  it('a claims challenge: silent needs interaction; the verified prompt records the MFA for the user', async () => {
    const { naa, switches } = broker();
    const challenged = { ...params, claims: MFA_CLAIMS };
    expect(errorOf(await naa.silent(challenged, ADDIN, host))).toEqual({
      status: 'USER_INTERACTION_REQUIRED',
      code: 'invalid_grant',
      subError: 'basic_action',
      description: expect.stringMatching(/^AADSTS50076: /) as unknown,
    });
    const started = naa.startPrompt(challenged, ADDIN, host);
    if (!('promptId' in started)) throw new Error('expected a prompt');
    expect(naa.describePrompt(started.promptId)).toMatchObject({ kind: 'mfa' });
    naa.decide(started.promptId, true);
    expect(switches.hasPassedMfa(MEGAN)).toBe(false);
    expect((await naa.finishPrompt(started.promptId)).success).toBe(true);
    expect(switches.hasPassedMfa(MEGAN)).toBe(true);
  });

  it('a prompt closed or cancelled by the user → USER_CANCEL', async () => {
    const { naa } = broker();
    const closed = naa.startPrompt(params, ADDIN, host);
    const cancelled = naa.startPrompt(params, ADDIN, host);
    if (!('promptId' in closed) || !('promptId' in cancelled)) throw new Error('expected prompts');
    naa.decide(cancelled.promptId, false);
    expect(errorOf(await naa.finishPrompt(closed.promptId))).toMatchObject({ status: 'USER_CANCEL' });
    expect(errorOf(await naa.finishPrompt(cancelled.promptId))).toMatchObject({ status: 'USER_CANCEL' });
  });
});

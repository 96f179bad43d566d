// The on-behalf-of exchange and Entra's errors, as msal-node (the middle tier's client) sees them.
import { type AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { confidentialClient, GRAPH_SCOPES } from './clients';
import { controlOf, emulatorOnly, startTarget, type ConformanceTarget } from './target';
import { type EmulatorControl } from '../support/emulatorControl';

let target: ConformanceTarget;

beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

/** msal-node throws InteractionRequiredAuthError for interaction-required answers, ServerError otherwise. */
async function oboFailure(assertion: string, scopes = GRAPH_SCOPES, secret?: string): Promise<AuthError> {
  const failure: unknown = await confidentialClient(target, secret)
    .acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes, skipCache: true })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  if (!(failure instanceof ServerError) && !(failure instanceof InteractionRequiredAuthError))
    throw new Error(`expected an msal server or interaction-required error, got ${String(failure)}`);
  return failure;
}

describe('OBO through msal-node', () => {
  it('exchanges the SSO token for a Graph token with the asked scope', async () => {
    const result = await confidentialClient(target).acquireTokenOnBehalfOf({
      oboAssertion: await target.userAssertion(),
      scopes: GRAPH_SCOPES,
      skipCache: true,
    });
    expect(result?.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(result?.scopes.map((s) => s.toLowerCase())).toContain('https://graph.microsoft.com/files.readwrite');
    expect(result?.expiresOn?.getTime()).toBeGreaterThan(Date.now() + 30 * 60 * 1000);
  });

  it('fails a wrong client secret with invalid_client (AADSTS7000215)', async () => {
    const error = await oboFailure(await target.userAssertion(), GRAPH_SCOPES, 'not-the-secret-0123456789');
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('invalid_client');
    expect(error.errorMessage).toMatch(/AADSTS7000215/);
  });

  it('fails an unknown scope with invalid_scope (AADSTS70011)', async () => {
    const error = await oboFailure(await target.userAssertion(), ['https://graph.microsoft.com/No.Such.Permission']);
    expect(error.errorCode).toBe('invalid_scope');
    expect(error.errorMessage).toMatch(/AADSTS70011/);
  });
});

emulatorOnly('Entra behaviours switched per user', () => {
  const user = SEED_USERS.ana.oid;
  const control = (): EmulatorControl => controlOf(target);
  afterEach(() => control().setEntraBehaviour(user, 'ok'));

  it('consent missing: AADSTS65001 as an interaction-required invalid_grant with suberror consent_required', async () => {
    await control().setEntraBehaviour(user, 'consentRequired');
    const error = await oboFailure(await control().ssoToken(user));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.subError).toBe('consent_required');
    expect(error.errorMessage).toMatch(/AADSTS65001/);
  });

  it('MFA required: AADSTS50076 with a claims challenge; an assertion minted with authChallenge then succeeds', async () => {
    await control().setEntraBehaviour(user, 'mfaRequired');
    const error = await oboFailure(await control().ssoToken(user));
    expect(error).toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorMessage).toMatch(/AADSTS50076/);
    const claims = (error as InteractionRequiredAuthError).claims;
    expect(() => JSON.parse(claims) as unknown).not.toThrow();
    const stepped = await control().ssoToken(user, { authChallenge: claims });
    const result = await confidentialClient(target).acquireTokenOnBehalfOf({
      oboAssertion: stepped,
      scopes: GRAPH_SCOPES,
      skipCache: true,
    });
    expect(result?.accessToken).toBeTruthy();
  });

  it('assertion expired: AADSTS500133', async () => {
    await control().setEntraBehaviour(user, 'assertionExpired');
    const error = await oboFailure(await control().ssoToken(user));
    expect(error.errorCode).toBe('invalid_grant');
    expect(error.errorMessage).toMatch(/AADSTS500133/);
  });

  it('a really expired assertion: AADSTS500133 without any switch', async () => {
    const expired = await control().mintToken({ userOid: user, audience: 'addin', lifetimeSeconds: -120 });
    const error = await oboFailure(expired);
    expect(error.errorMessage).toMatch(/AADSTS500133/);
  });

  it('invalid scope switched on: AADSTS70011 even for a good scope', async () => {
    await control().setEntraBehaviour(user, 'invalidScope');
    const error = await oboFailure(await control().ssoToken(user));
    expect(error.errorCode).toBe('invalid_scope');
    expect(error.errorMessage).toMatch(/AADSTS70011/);
  });
});

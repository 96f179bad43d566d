import { type SignInConfig } from '../../shared/api';
import { FakeOfficeHost, fakeJwt } from '../office/FakeOfficeHost';
import { type DialogEvent } from '../office/OfficeHost';
import { encodeDialogAnswer } from './dialog/dialogProtocol';
import { type MsalFailureKind, MsalFailureError } from './msalFailure';
import { type NestedAppAuthClient, NestedAppAuthUnavailableError } from './msalLoader';
import { SignInManager } from './SignInManager';
import { SignInRequiredError } from './signInState';

const NOW_S = 1_800_000_000;
const CONFIG: SignInConfig = {
  clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  authority: 'https://login.microsoftonline.com/organizations',
  apiScope: 'api://addin.contoso.com/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user',
  graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
};
const NAA = { NestedAppAuth: '1.1' };

/** What the MSAL chunk's clients reject with (msalErrors.ts classifies MSAL's own errors). */
const msalError = (kind: MsalFailureKind, code: string): Error => new MsalFailureError({ kind, code });

class FakeNaa implements NestedAppAuthClient {
  readonly calls: { kind: 'silent' | 'interactive'; scopes: string[]; claims?: string }[] = [];
  constructor(
    private readonly answer: (
      kind: 'silent' | 'interactive',
      claims: string | undefined,
      scopes: string[],
    ) => string | Error,
  ) {}
  acquireSilent(request: { scopes: string[]; claims?: string }): Promise<string> {
    return this.respond('silent', request);
  }
  acquireInteractive(request: { scopes: string[]; claims?: string }): Promise<string> {
    return this.respond('interactive', request);
  }
  private respond(kind: 'silent' | 'interactive', request: { scopes: string[]; claims?: string }): Promise<string> {
    this.calls.push({
      kind,
      scopes: request.scopes,
      ...(request.claims === undefined ? {} : { claims: request.claims }),
    });
    const answer = this.answer(kind, request.claims, request.scopes);
    return typeof answer === 'string' ? Promise.resolve(answer) : Promise.reject(answer);
  }
}

function manager(host: FakeOfficeHost, naa?: FakeNaa | Error): { signIn: SignInManager; loads: () => number } {
  let loads = 0;
  const signIn = new SignInManager({
    host,
    origin: 'https://addin.contoso.com',
    loadConfig: () => Promise.resolve(CONFIG),
    loadNestedAppAuth: () => {
      loads += 1;
      if (naa === undefined) return Promise.reject(new Error('MSAL must not load on this path'));
      return naa instanceof Error ? Promise.reject(naa) : Promise.resolve(naa);
    },
    now: () => NOW_S * 1000,
  });
  return { signIn, loads: () => loads };
}

const token = (tag: string): string => fakeJwt(NOW_S + 3600, { tag });
const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );
const dialogReply =
  (answer: Parameters<typeof encodeDialogAnswer>[0]) =>
  (_url: string, emit: (event: DialogEvent) => void): void =>
    emit({ kind: 'message', message: encodeDialogAnswer(answer) });

describe('SignInManager — path 1, Office SSO', () => {
  it('signs in with SSO and never loads MSAL.js', async () => {
    const host = new FakeOfficeHost({ tokens: () => token('sso'), requirementSets: NAA });
    const { signIn, loads } = manager(host);
    await expect(signIn.getToken()).resolves.toBe(token('sso'));
    expect(signIn.getState()).toMatchObject({ path: 'officeSso', status: { kind: 'idle' } });
    expect(loads()).toBe(0);
  });

  it('answers a claims challenge through getAccessToken({ authChallenge })', async () => {
    const host = new FakeOfficeHost({
      tokens: (_call, options) => token(options.authChallenge === undefined ? 'plain' : 'mfa'),
    });
    const { signIn } = manager(host);
    await signIn.getToken();
    await expect(signIn.getToken({ authChallenge: '{"access_token":{}}' })).resolves.toBe(token('mfa'));
    expect(host.tokenCalls[1]?.authChallenge).toBe('{"access_token":{}}');
  });

  it('13002: waits for the user, and "Sign in" asks Office again', async () => {
    const host = new FakeOfficeHost({ tokens: (call) => (call === 1 ? { ssoErrorCode: 13002 } : token('again')) });
    const { signIn } = manager(host);
    expect(await rejection(signIn.getToken())).toBeInstanceOf(SignInRequiredError);
    expect(signIn.getState()).toMatchObject({
      path: 'officeSso',
      status: { kind: 'needsUser', reason: 'signInCancelled' },
    });
    // While the user has to act, callers are refused without bothering Office.
    await rejection(signIn.getToken());
    expect(host.tokenCalls).toHaveLength(1);
    await signIn.signIn();
    expect(signIn.getState()).toMatchObject({ path: 'officeSso', status: { kind: 'idle' } });
    await expect(signIn.getToken()).resolves.toBe(token('again'));
  });

  it('a claims prompt the user cancels (13002): "Verify" asks Office again with the same claims', async () => {
    const host = new FakeOfficeHost({
      tokens: (call, options) => (call === 2 ? { ssoErrorCode: 13002 } : token(options.authChallenge ?? 'plain')),
    });
    const { signIn } = manager(host);
    await signIn.getToken();
    await rejection(signIn.getToken({ authChallenge: '{"c":1}' }));
    expect(signIn.getState()).toMatchObject({ signedInOnce: true, pendingClaims: '{"c":1}' });
    await signIn.signIn();
    expect(host.tokenCalls[2]?.authChallenge).toBe('{"c":1}');
    expect(signIn.getState()).toMatchObject({ pendingClaims: undefined, status: { kind: 'idle' }, resumed: 1 });
  });

  it.each([13006, 13008, 13010, 13013])('%i: fails with that code and no fallback', async (code) => {
    const { signIn, loads } = manager(
      new FakeOfficeHost({ tokens: () => ({ ssoErrorCode: code }), requirementSets: NAA }),
    );
    await rejection(signIn.getToken());
    expect(signIn.getState()).toMatchObject({
      path: 'officeSso',
      status: { kind: 'failed', code: 'officeSso', ssoCode: code },
    });
    expect(loads()).toBe(0);
  });
});

describe('SignInManager — path 2, nested app authentication', () => {
  it('SSO 13012 with NestedAppAuth 1.1 → NAA silent, for the API scope', async () => {
    const naa = new FakeNaa(() => token('naa'));
    const { signIn } = manager(
      new FakeOfficeHost({ tokens: () => ({ ssoErrorCode: 13012 }), requirementSets: NAA }),
      naa,
    );
    await expect(signIn.getToken()).resolves.toBe(token('naa'));
    expect(naa.calls).toEqual([{ kind: 'silent', scopes: [CONFIG.apiScope] }]);
    expect(signIn.getState()).toMatchObject({ path: 'nestedAppAuth', status: { kind: 'idle' } });
    // Later calls go straight to NAA.
    await signIn.getToken();
    expect(naa.calls).toHaveLength(2);
  });

  it('silent needs interaction → interactive at once (Office shows the consent), once for concurrent callers', async () => {
    const naa = new FakeNaa((kind) =>
      kind === 'silent' ? msalError('interactionRequired', 'consent_required') : token('consented'),
    );
    const { signIn } = manager(
      new FakeOfficeHost({ tokens: () => ({ ssoErrorCode: 13000 }), requirementSets: NAA }),
      naa,
    );
    const tokens = await Promise.all([signIn.getToken(), signIn.getToken()]);
    expect(tokens).toEqual([token('consented'), token('consented')]);
    expect(naa.calls.map((c) => c.kind)).toEqual(['silent', 'interactive']);
  });

  it('a claims challenge goes to MSAL as `claims`', async () => {
    const naa = new FakeNaa((kind, claims) =>
      claims !== undefined && kind === 'silent'
        ? msalError('interactionRequired', 'interaction_required')
        : token(claims ?? 'plain'),
    );
    const { signIn } = manager(
      new FakeOfficeHost({ tokens: () => ({ ssoErrorCode: 13012 }), requirementSets: NAA }),
      naa,
    );
    await signIn.getToken();
    await expect(signIn.getToken({ authChallenge: '{"x":1}' })).resolves.toBe(token('{"x":1}'));
    expect(naa.calls.slice(1)).toEqual([
      { kind: 'silent', scopes: [CONFIG.apiScope], claims: '{"x":1}' },
      { kind: 'interactive', scopes: [CONFIG.apiScope], claims: '{"x":1}' },
    ]);
  });

  it('the user cancels Office’s prompt → needs the user; "Sign in" tries again', async () => {
    let cancel = true;
    const naa = new FakeNaa((kind) =>
      kind === 'silent'
        ? msalError('interactionRequired', 'interaction_required')
        : cancel
          ? msalError('cancelled', 'user_cancelled')
          : token('ok'),
    );
    const { signIn } = manager(
      new FakeOfficeHost({ tokens: () => ({ ssoErrorCode: 13012 }), requirementSets: NAA }),
      naa,
    );
    await rejection(signIn.getToken());
    expect(signIn.getState()).toMatchObject({
      path: 'nestedAppAuth',
      status: { kind: 'needsUser', reason: 'signInCancelled' },
    });
    cancel = false;
    await signIn.signIn();
    expect(signIn.getState()).toMatchObject({ path: 'nestedAppAuth', status: { kind: 'idle' } });
  });

  it('no bridge after all → the Office dialog path', async () => {
    const { signIn } = manager(
      new FakeOfficeHost({ tokens: () => ({ ssoErrorCode: 13012 }), requirementSets: NAA }),
      new NestedAppAuthUnavailableError('none'),
    );
    await rejection(signIn.getToken());
    expect(signIn.getState()).toMatchObject({ path: 'officeDialog', status: { kind: 'needsUser', reason: 'signIn' } });
  });

  it('consent required by the middle tier → Office asks for the Graph permissions themselves', async () => {
    const naa = new FakeNaa(() => token('any'));
    const { signIn } = manager(new FakeOfficeHost({ tokens: () => token('sso'), requirementSets: NAA }), naa);
    await signIn.getToken();
    expect(signIn.requireConsent().stop).toMatchObject({ kind: 'needsUser', reason: 'consentRequired' });
    expect(signIn.getState()).toMatchObject({ path: 'officeSso', signedInOnce: true, consentNeeded: true });
    await signIn.signIn();
    expect(naa.calls).toEqual([{ kind: 'interactive', scopes: CONFIG.graphScopes }]);
    // SSO stays the path: consent was the only thing missing.
    expect(signIn.getState()).toMatchObject({ path: 'officeSso', status: { kind: 'idle' } });
  });

  it('AADSTS90094 (the tenant forbids user consent) → adminConsentRequired', async () => {
    const naa = new FakeNaa(() => msalError('adminConsentRequired', 'access_denied'));
    const { signIn } = manager(new FakeOfficeHost({ tokens: () => token('sso'), requirementSets: NAA }), naa);
    signIn.requireConsent();
    await signIn.signIn();
    expect(signIn.getState()).toMatchObject({
      path: 'officeSso',
      status: {
        kind: 'failed',
        code: 'adminConsentRequired',
        adminConsent: { clientId: CONFIG.clientId, permissions: CONFIG.graphScopes },
      },
    });
  });
});

describe('SignInManager — path 3, the Office dialog', () => {
  it('SSO 13012 without NAA → needs a click; "Sign in" opens dialog.html and keeps its token in memory', async () => {
    const host = new FakeOfficeHost({
      tokens: () => ({ ssoErrorCode: 13012 }),
      dialog: dialogReply({ kind: 'token', accessToken: token('dialog') }),
    });
    const { signIn, loads } = manager(host);
    expect(await rejection(signIn.getToken())).toBeInstanceOf(SignInRequiredError);
    expect(signIn.getState()).toMatchObject({ path: 'officeDialog', status: { kind: 'needsUser', reason: 'signIn' } });
    expect(host.dialogUrls).toEqual([]);
    await signIn.signIn();
    expect(host.dialogUrls).toEqual(['https://addin.contoso.com/dialog.html']);
    expect(host.closedDialogs).toBe(1);
    expect(signIn.getState()).toMatchObject({ path: 'officeDialog', status: { kind: 'idle' } });
    await expect(signIn.getToken()).resolves.toBe(token('dialog'));
    expect(loads()).toBe(0);
  });

  it('ignores messages that are not the page’s answer', async () => {
    const host = new FakeOfficeHost({
      tokens: () => ({ ssoErrorCode: 13000 }),
      dialog: (_url, emit) => {
        emit({ kind: 'message', message: 'hello' });
        emit({ kind: 'message', message: encodeDialogAnswer({ kind: 'token', accessToken: token('real') }) });
      },
    });
    const { signIn } = manager(host);
    await rejection(signIn.getToken());
    await signIn.signIn();
    await expect(signIn.getToken()).resolves.toBe(token('real'));
  });

  it.each([
    [12006, { kind: 'needsUser', reason: 'dialogClosed' }],
    [12002, { kind: 'failed', code: 'dialogPageFailed' }],
  ])('dialog event %i → %j, and "Sign in" can open it again', async (code, status) => {
    let attempt = 0;
    const host = new FakeOfficeHost({
      tokens: () => ({ ssoErrorCode: 13012 }),
      dialog: (_url, emit) => {
        attempt += 1;
        emit(
          attempt === 1
            ? { kind: 'event', code }
            : { kind: 'message', message: encodeDialogAnswer({ kind: 'token', accessToken: token('second') }) },
        );
      },
    });
    const { signIn } = manager(host);
    await rejection(signIn.getToken());
    await signIn.signIn();
    expect(signIn.getState()).toMatchObject({ path: 'officeDialog', status });
    await signIn.signIn();
    expect(signIn.getState()).toMatchObject({ path: 'officeDialog', status: { kind: 'idle' } });
  });

  it.each([
    [12009, 'dialogBlocked'],
    [12007, 'dialogAlreadyOpen'],
    [12004, 'dialogUnavailable'],
  ])('displayDialogAsync failing with %i → %s', async (code, failure) => {
    const host = new FakeOfficeHost({ tokens: () => ({ ssoErrorCode: 13012 }), dialog: () => ({ failWith: code }) });
    const { signIn } = manager(host);
    await rejection(signIn.getToken());
    await signIn.signIn();
    expect(signIn.getState()).toMatchObject({ path: 'officeDialog', status: { kind: 'failed', code: failure } });
  });

  it('a claims challenge on a dialog token → needs a click, then the dialog carries the claims', async () => {
    const host = new FakeOfficeHost({
      tokens: () => ({ ssoErrorCode: 13012 }),
      dialog: dialogReply({ kind: 'token', accessToken: token('d') }),
    });
    const { signIn } = manager(host);
    await rejection(signIn.getToken());
    await signIn.signIn();
    await rejection(signIn.getToken({ authChallenge: '{"c":1}' }));
    expect(signIn.getState()).toMatchObject({
      path: 'officeDialog',
      status: { kind: 'needsUser', reason: 'claimsChallenge' },
    });
    await signIn.signIn();
    expect(new URL(host.dialogUrls[1] ?? '').searchParams.get('claims')).toBe('{"c":1}');
  });

  it('consent without NAA → the dialog with prompt=consent; an error answer is classified', async () => {
    const host = new FakeOfficeHost({
      tokens: () => token('sso'),
      dialog: dialogReply({ kind: 'error', failure: 'adminConsentRequired', code: 'access_denied' }),
    });
    const { signIn } = manager(host);
    await signIn.getToken();
    signIn.requireConsent();
    await signIn.signIn();
    expect(new URL(host.dialogUrls[0] ?? '').searchParams.get('prompt')).toBe('consent');
    expect(signIn.getState()).toMatchObject({
      path: 'officeSso',
      status: {
        kind: 'failed',
        code: 'adminConsentRequired',
        adminConsent: { clientId: CONFIG.clientId, permissions: CONFIG.graphScopes },
      },
    });
  });

  it('consent on the SSO path: the dialog offers first the account of the SSO token in use', async () => {
    const host = new FakeOfficeHost({
      tokens: () => fakeJwt(NOW_S + 3600, { preferred_username: 'megan@contoso.com' }),
      dialog: dialogReply({
        kind: 'token',
        accessToken: fakeJwt(NOW_S + 3600, { preferred_username: 'ana@contoso.com' }),
      }),
    });
    const { signIn } = manager(host);
    await signIn.getToken();
    signIn.requireConsent();
    await signIn.signIn();
    expect(new URL(host.dialogUrls[0] ?? '').searchParams.get('login_hint')).toBe('megan@contoso.com');
  });

  it('tells listeners about every change of state', async () => {
    const host = new FakeOfficeHost({
      tokens: () => ({ ssoErrorCode: 13012 }),
      dialog: dialogReply({ kind: 'token', accessToken: token('d') }),
    });
    const { signIn } = manager(host);
    const seen: string[] = [];
    const stop = signIn.subscribe(() => seen.push(`${signIn.getState().path} ${signIn.getState().status.kind}`));
    await rejection(signIn.getToken());
    await signIn.signIn();
    stop();
    expect(seen).toEqual([
      'officeDialog working', // the path chosen
      'officeDialog needsUser',
      'officeDialog working', // the click
      'officeDialog working', // the token (the click's step ends after it)
      'officeDialog idle',
    ]);
    expect(signIn.getState().resumed).toBe(1);
  });
});

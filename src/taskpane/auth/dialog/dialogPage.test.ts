import { type SignInConfig } from '../../../shared/api';
import { MsalFailureError } from '../msalFailure';
import { parseDialogAnswer } from './dialogProtocol';
import { type DialogPageDeps, type RedirectClient, type RedirectRequest, runDialogPage } from './dialogPage';

const CONFIG: SignInConfig = {
  clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  authority: 'https://login.microsoftonline.com/organizations',
  apiScope: 'api://addin.contoso.com/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user',
  graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
};

function page(
  search: string,
  client: Partial<RedirectClient>,
  overrides: Partial<DialogPageDeps> = {},
): { deps: DialogPageDeps; redirects: RedirectRequest[]; messages: string[]; status: string[] } {
  const redirects: RedirectRequest[] = [];
  const messages: string[] = [];
  const status: string[] = [];
  const deps: DialogPageDeps = {
    search,
    loadConfig: () => Promise.resolve(CONFIG),
    createClient: () =>
      Promise.resolve({
        handleRedirect: client.handleRedirect ?? (() => Promise.resolve(null)),
        redirect: client.redirect ?? ((request) => (redirects.push(request), Promise.resolve())),
      }),
    messageParent: (message) => messages.push(message),
    showStatus: (text) => status.push(text),
    ...overrides,
  };
  return { deps, redirects, messages, status };
}

describe('the sign-in dialog page', () => {
  it('first load: redirects to Entra for the API scope only, and says nothing to the pane yet', async () => {
    const p = page('', {});
    await runDialogPage(p.deps);
    expect(p.redirects).toEqual([{ scopes: [CONFIG.apiScope] }]);
    expect(p.messages).toEqual([]);
  });

  it('prompt=consent: one consent screen for the API and the Graph permissions', async () => {
    const p = page('?prompt=consent', {});
    await runDialogPage(p.deps);
    expect(p.redirects).toEqual([
      { scopes: [CONFIG.apiScope], prompt: 'consent', extraScopesToConsent: CONFIG.graphScopes },
    ]);
  });

  it('claims: passes a claims challenge on to Entra', async () => {
    const claims = '{"access_token":{"polids":{"essential":true,"values":["p"]}}}';
    const p = page(`?claims=${encodeURIComponent(claims)}`, {});
    await runDialogPage(p.deps);
    expect(p.redirects).toEqual([{ scopes: [CONFIG.apiScope], claims }]);
  });

  it('back from Entra with a token: sends it to the pane and does not redirect again', async () => {
    const p = page('', { handleRedirect: () => Promise.resolve('h.p.s') });
    await runDialogPage(p.deps);
    expect(p.messages.map(parseDialogAnswer)).toEqual([{ kind: 'token', accessToken: 'h.p.s' }]);
    expect(p.redirects).toEqual([]);
    expect(p.status.at(-1)).toMatch(/Signed in/);
  });

  it.each([
    [{ kind: 'adminConsentRequired', code: 'access_denied' }],
    [{ kind: 'cancelled', code: 'access_denied' }],
    [{ kind: 'interactionRequired', code: 'invalid_grant' }],
    [{ kind: 'other', code: 'invalid_scope' }],
  ] as const)('back from Entra with MSAL’s failure %j: tells the pane as is', async (failure) => {
    const p = page('', { handleRedirect: () => Promise.reject(new MsalFailureError(failure)) });
    await runDialogPage(p.deps);
    expect(p.messages.map(parseDialogAnswer)).toEqual([{ kind: 'error', failure: failure.kind, code: failure.code }]);
    expect(p.status.at(-1)).toMatch(/did not complete/);
  });

  it('a redirect that fails in MSAL, or anything not from MSAL, is reported too', async () => {
    const refused = page('', {
      redirect: () => Promise.reject(new MsalFailureError({ kind: 'other', code: 'interaction_in_progress' })),
    });
    await runDialogPage(refused.deps);
    expect(refused.messages.map(parseDialogAnswer)).toEqual([
      { kind: 'error', failure: 'other', code: 'interaction_in_progress' },
    ]);
    const bug = page('', { handleRedirect: () => Promise.reject(new RangeError('x')) });
    await runDialogPage(bug.deps);
    expect(bug.messages.map(parseDialogAnswer)).toEqual([{ kind: 'error', failure: 'other', code: 'RangeError' }]);
  });

  it('MSAL refusing its configuration is MSAL’s failure, not the network', async () => {
    const p = page(
      '',
      {},
      { createClient: () => Promise.reject(new MsalFailureError({ kind: 'other', code: 'invalid_authority_type' })) },
    );
    await runDialogPage(p.deps);
    expect(p.messages.map(parseDialogAnswer)).toEqual([
      { kind: 'error', failure: 'other', code: 'invalid_authority_type' },
    ]);
  });

  it('no configuration: tells the pane instead of hanging', async () => {
    const p = page('', {}, { loadConfig: () => Promise.reject(new TypeError('offline')) });
    await runDialogPage(p.deps);
    expect(p.messages.map(parseDialogAnswer)).toEqual([{ kind: 'error', failure: 'network', code: 'TypeError' }]);
  });
});

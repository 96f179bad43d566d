import { type SignInConfig } from '../../../shared/api';
import { parseDialogAnswer } from './dialogProtocol';
import { type DialogPageDeps, type RedirectClient, type RedirectRequest, runDialogPage } from './dialogPage';

const CONFIG: SignInConfig = {
  clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  authority: 'https://login.microsoftonline.com/organizations',
  apiScope: 'api://addin.contoso.com/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user',
  graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
};

function page(search: string, client: Partial<RedirectClient>, overrides: Partial<DialogPageDeps> = {}): { deps: DialogPageDeps; redirects: RedirectRequest[]; messages: string[]; status: string[] } {
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
    expect(p.redirects).toEqual([{ scopes: [CONFIG.apiScope], prompt: 'consent', extraScopesToConsent: CONFIG.graphScopes }]);
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
    [{ errorCode: 'access_denied', errorNo: '90094' }, 'adminConsentRequired'],
    [{ errorCode: 'access_denied', errorNo: '65004' }, 'cancelled'],
    [{ errorCode: 'invalid_scope', errorNo: '70011' }, 'other'],
  ])('back from Entra with an error %j: tells the pane %s', async (error, failure) => {
    const p = page('', { handleRedirect: () => Promise.reject(Object.assign(new Error('x'), error)) });
    await runDialogPage(p.deps);
    expect(p.messages.map(parseDialogAnswer)).toEqual([{ kind: 'error', failure, code: error.errorCode }]);
  });

  it('no configuration: tells the pane instead of hanging', async () => {
    const p = page('', {}, { loadConfig: () => Promise.reject(new TypeError('offline')) });
    await runDialogPage(p.deps);
    expect(p.messages.map(parseDialogAnswer)).toEqual([{ kind: 'error', failure: 'network', code: 'TypeError' }]);
  });
});

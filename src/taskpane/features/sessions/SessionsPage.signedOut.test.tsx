/** The list area while the person still has to sign in: no loading state that never ends. */
import { screen, waitFor, within } from '@testing-library/react';
import { encodeDialogAnswer } from '../../auth/dialog/dialogProtocol';
import { jsonResponse, sessionView } from '../../testing/fakeHttp';
import { renderPane, ssoToken } from '../../testing/renderPane';

const budget = sessionView({ id: 's-1', name: 'Presupuesto 2027.xlsx', expiresAt: '2099-01-01T00:00:00.000Z' });
const config = {
  clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  authority: 'https://login.microsoftonline.com/organizations',
  apiScope: 'api://localhost/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user',
  graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
};

beforeEach(() => {
  window.localStorage.clear();
  window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
});

/** Office SSO cannot work here (13012, no nested app authentication): signing in waits for a click that opens the Office dialog. */
function renderSignedOut(displayLanguage: string) {
  return renderPane({
    host: {
      displayLanguage,
      tokens: () => ({ ssoErrorCode: 13012 }),
      dialog: (_url, emit) =>
        emit({
          kind: 'message',
          message: encodeDialogAnswer({ kind: 'token', accessToken: ssoToken({ tag: 'dialog' }) }),
        }),
    },
    route: (request) =>
      request.url === '/api/sign-in-config'
        ? jsonResponse(200, config)
        : request.method === 'GET'
          ? jsonResponse(200, { sessions: [budget] })
          : jsonResponse(500, {}),
  });
}

describe('the list while signed out', () => {
  it('says the list appears after sign-in instead of loading, then loads once signed in', async () => {
    const { user } = renderSignedOut('en-US');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign in to use Workbook Sessions');
    const list = screen.getByRole('region', { name: 'Your sessions' });
    await waitFor(() => expect(list.textContent).toContain('The list appears here after you sign in.'));
    expect(list.textContent).not.toContain('Loading your sessions');
    expect(within(list).getByRole('button', { name: 'Refresh' }).getAttribute('aria-disabled')).toBe('true');

    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await within(list).findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeTruthy();
    expect(list.textContent).not.toContain('after you sign in');
  });

  it('says so in Spanish too', async () => {
    renderSignedOut('es-ES');
    await screen.findByRole('alert');
    const list = screen.getByRole('region', { name: /^Sus sesiones/ });
    await waitFor(() => expect(list.textContent).toContain('La lista aparecerá aquí cuando inicie sesión.'));
    expect(list.textContent).not.toContain('Cargando');
  });
});

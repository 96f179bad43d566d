import { screen, waitFor, within } from '@testing-library/react';
import { encodeDialogAnswer } from './dialog/dialogProtocol';
import { errorResponse, jsonResponse, sessionView } from '../testing/fakeHttp';
import { listRoute, renderPane, ssoToken } from '../testing/renderPane';

const budget = sessionView({ id: 's-1', name: 'Presupuesto 2027.xlsx', expiresAt: '2099-01-01T00:00:00.000Z' });

beforeEach(() => {
  window.localStorage.clear();
  window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
});

describe('the sign-in bar', () => {
  it('"Sign in" redoes the action that needed it', async () => {
    let calls = 0;
    let deletes = 0;
    const { user, requestsTo } = renderPane({
      // The list loads; then Office's token expires and signing in is cancelled once.
      host: { tokens: () => (++calls === 2 ? { ssoErrorCode: 13002 } : ssoToken()) },
      route: listRoute(
        () => [budget],
        () => (++deletes === 1 ? errorResponse('tokenExpired') : jsonResponse(200, { id: 's-1', outcome: 'closed' })),
      ),
    });
    // The first DELETE is refused (token expired); the fresh token is refused by the person (13002).
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in was canceled.');
    expect(requestsTo('DELETE')).toHaveLength(1);
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeNull(),
    );
    expect(requestsTo('DELETE').map((r) => r.url)).toEqual(['/api/sessions/s-1', '/api/sessions/s-1']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('13012 without nested app authentication: says why, keeps Open unavailable, and signs in through the Office dialog', async () => {
    const dialogToken = ssoToken({ tag: 'dialog' });
    const config = {
      clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
      authority: 'https://login.microsoftonline.com/organizations',
      apiScope: 'api://localhost/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user',
      graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
    };
    const { user, host, requests } = renderPane({
      host: {
        displayLanguage: 'es-MX',
        tokens: () => ({ ssoErrorCode: 13012 }),
        dialog: (_url, emit) =>
          emit({ kind: 'message', message: encodeDialogAnswer({ kind: 'token', accessToken: dialogToken }) }),
      },
      route: (request) =>
        request.url === '/api/sign-in-config'
          ? jsonResponse(200, config)
          : request.method === 'GET'
            ? jsonResponse(200, { sessions: [budget] })
            : jsonResponse(500, {}),
    });
    const alert = await screen.findByRole('alert');
    await waitFor(() =>
      expect(alert.textContent).toContain('Office no puede iniciar su sesión en este complemento automáticamente'),
    );
    const open = screen.getByRole('button', { name: 'Abrir sesión de libro' });
    expect(open.getAttribute('aria-disabled')).toBe('true');
    expect(open.getAttribute('aria-describedby')).toBe(alert.id);
    expect(requests.filter((r) => r.url.startsWith('/api/sessions'))).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Iniciar sesión' }));
    await waitFor(() =>
      expect(requests.filter((r) => r.url === '/api/sessions').at(-1)?.headers.Authorization).toBe(
        `Bearer ${dialogToken}`,
      ),
    );
    expect(host.dialogUrls).toEqual([`${window.location.origin}/dialog.html`]);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Abrir sesión de libro' }).getAttribute('aria-disabled')).toBeNull(),
    );
  });
});

/** The sign-in bar as a person meets it when only consent is missing, in Spanish. */
import { screen, waitFor } from '@testing-library/react';
import { type DialogEvent } from '../office/OfficeHost';
import { encodeDialogAnswer } from './dialog/dialogProtocol';
import { errorResponse, jsonResponse, sessionView } from '../testing/fakeHttp';
import { renderPane, ssoToken } from '../testing/renderPane';

const config = {
  clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c',
  authority: 'https://login.microsoftonline.com/organizations',
  apiScope: 'api://localhost/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user',
  graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'],
};
const opened = sessionView({ id: 's-1', name: 'Presupuesto 2027.xlsx', expiresAt: '2099-01-01T00:00:00.000Z' });

beforeEach(() => {
  window.localStorage.clear();
  window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
});

it('signed in, consent missing: "Se necesita su permiso", never "Inicie sesión"; the button works in place and the action runs again', async () => {
  const dialogs: ((event: DialogEvent) => void)[] = [];
  let consented = false;
  const { user, requestsTo } = renderPane({
    host: { displayLanguage: 'es-ES', tokens: () => ssoToken(), dialog: (_url, emit) => void dialogs.push(emit) },
    route: (request) =>
      request.url === '/api/sign-in-config'
        ? jsonResponse(200, config)
        : request.method === 'GET'
          ? jsonResponse(200, { sessions: [] })
          : consented
            ? jsonResponse(201, { session: opened })
            : errorResponse('consentRequired'),
  });
  await screen.findByText('Ha iniciado sesión como Megan Bowen');
  await user.click(await screen.findByRole('button', { name: 'Abrir sesión de libro' }));
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toBe(
    'Se necesita su permiso Sesiones de libro necesita su permiso para abrir sesiones de libro en sus archivos.',
  );
  expect(screen.queryByRole('button', { name: 'Iniciar sesión' })).toBeNull();

  // The first window is closed unfinished: the button was busy meanwhile and keeps the focus.
  await user.click(screen.getByRole('button', { name: 'Conceder permiso' }));
  const busy = await screen.findByRole('button', { name: 'Esperando su permiso…' });
  expect(busy.getAttribute('aria-disabled')).toBe('true');
  expect(document.activeElement).toBe(busy);
  await waitFor(() => expect(dialogs).toHaveLength(1));
  dialogs[0]?.({ kind: 'event', code: 12006 });
  const again = await screen.findByRole('button', { name: 'Conceder permiso' });
  expect(document.activeElement).toBe(again);
  const closed = screen.getByRole('alert');
  expect(closed).not.toBe(alert);
  expect(closed.textContent).toContain('Seleccione Conceder permiso para abrirla de nuevo.');

  // Granted: the bar goes, the success is said once, and the session opens.
  consented = true;
  await user.click(again);
  await waitFor(() => expect(dialogs).toHaveLength(2));
  dialogs[1]?.({ kind: 'message', message: encodeDialogAnswer({ kind: 'token', accessToken: ssoToken() }) });
  await screen.findByRole('listitem');
  expect(requestsTo('POST', '/api/sessions')).toHaveLength(2);
  expect(screen.queryByRole('alert')).toBeNull();
  expect(screen.getAllByRole('status').map((s) => s.textContent?.trim())).toContain('Permiso concedido.');
});

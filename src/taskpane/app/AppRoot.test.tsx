import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type SessionView } from '../../shared/api';
import { encodeDialogAnswer } from '../auth/dialog/dialogProtocol';
import { FakeOfficeHost, type FakeOfficeHostOptions } from '../office/FakeOfficeHost';
import { deferred, errorResponse, type FakeRoute, jsonResponse, recordingFetch, sessionView } from '../testing/fakeHttp';
import { AppRoot } from './AppRoot';

const DOC_URL = 'https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Ventas%20Q1.xlsx';

function renderPane(options: { host?: FakeOfficeHostOptions; sessions?: SessionView[]; route?: FakeRoute } = {}) {
  const host = new FakeOfficeHost({ documentUrl: DOC_URL, ...options.host });
  const listed = options.sessions ?? [];
  const { fetchFn, requests } = recordingFetch(
    options.route ?? ((request) => (request.method === 'GET' ? jsonResponse(200, { sessions: listed }) : jsonResponse(500, {}))),
  );
  const user = userEvent.setup();
  render(<AppRoot host={host} ready={{ kind: 'ready', host: 'Excel', platform: 'OfficeOnline' }} fetchFn={fetchFn} />);
  return { host, requests, user };
}

const budget = sessionView({ id: 's-1', name: 'Presupuesto 2027.xlsx', persistChanges: true });
const report = sessionView({ id: 's-2', name: 'Informe.xlsx', persistChanges: false, status: 'expired' });

describe('task pane', () => {
  it('lists the sessions with workbook, mode, opened time and status', async () => {
    renderPane({ sessions: [budget, report] });
    const table = await screen.findByRole('table', { name: 'Your sessions' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByRole('cell', { name: 'Presupuesto 2027.xlsx' })).toBeTruthy();
    expect(within(rows[1]!).getByRole('cell', { name: 'Persistent' })).toBeTruthy();
    expect(within(rows[1]!).getByRole('cell', { name: 'Open' })).toBeTruthy();
    expect(within(rows[2]!).getByRole('cell', { name: 'View-only' })).toBeTruthy();
    expect(within(rows[2]!).getByRole('cell', { name: 'Expired' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Close session on Informe.xlsx' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Workbook Sessions' })).toBeTruthy();
    expect(screen.getByText('Ventas Q1.xlsx')).toBeTruthy();
  });

  it('shows a friendly empty state when there are no sessions', async () => {
    renderPane({ sessions: [] });
    expect(await screen.findByText('No open sessions')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('"Open session" posts the document URL and persistChanges, then adds the returned row', async () => {
    const created = sessionView({ id: 's-new', name: 'Ventas Q1.xlsx', persistChanges: false });
    const { requests, user } = renderPane({
      route: (request) => (request.method === 'POST' ? jsonResponse(201, { session: created }) : jsonResponse(200, { sessions: [] })),
    });
    await screen.findByText('No open sessions');
    const persistent = screen.getByRole('switch', { name: 'Persistent (save changes)' });
    expect((persistent as HTMLInputElement).checked).toBe(true);
    await user.click(persistent);
    await user.click(screen.getByRole('button', { name: 'Open session' }));
    const row = (await screen.findByRole('button', { name: 'Close session on Ventas Q1.xlsx' })).closest('tr');
    expect(row && within(row).getByRole('cell', { name: 'View-only' })).toBeTruthy();
    const post = requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({ url: '/api/sessions', body: { documentUrl: DOC_URL, persistChanges: false } });
    expect(post?.headers.Authorization).toMatch(/^Bearer /);
    expect(screen.getByRole('status').textContent).toBe('Session opened on Ventas Q1.xlsx');
  });

  it('Close shows a busy button while the DELETE is in flight and removes the row when confirmed', async () => {
    const answer = deferred<ReturnType<typeof jsonResponse>>();
    const { requests, user } = renderPane({
      route: (request) => (request.method === 'DELETE' ? answer.promise : jsonResponse(200, { sessions: [budget, report] })),
    });
    const close = await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' });
    await user.click(close);
    expect(close.getAttribute('aria-busy')).toBe('true');
    expect((close as HTMLButtonElement).disabled).toBe(true);
    expect(within(close).getByRole('progressbar')).toBeTruthy();
    expect(requests.find((r) => r.method === 'DELETE')?.url).toBe('/api/sessions/s-1');
    await act(async () => answer.resolve(jsonResponse(200, { id: 's-1', outcome: 'closed' })));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Close session on Informe.xlsx' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Session closed on Presupuesto 2027.xlsx');
    // The focused Close button went away with its row; focus lands on the list heading.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your sessions' }));
  });

  it('removes the row when the middle tier says the session was already gone', async () => {
    const { user } = renderPane({
      route: (request) => (request.method === 'DELETE' ? jsonResponse(200, { id: 's-1', outcome: 'alreadyGone' }) : jsonResponse(200, { sessions: [budget] })),
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    expect(await screen.findByText('No open sessions')).toBeTruthy();
  });

  it('offers "Try again" when the list cannot be loaded, and Refresh reloads it', async () => {
    let gets = 0;
    const { user } = renderPane({
      route: () => (++gets === 1 ? Promise.reject(new TypeError('Failed to fetch')) : jsonResponse(200, { sessions: [budget] })),
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't reach the add-in's service.");
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(gets).toBe(3));
  });

  it('keeps the row and shows an alert chosen by error code when closing fails', async () => {
    const { user } = renderPane({
      route: (request) => (request.method === 'DELETE' ? errorResponse('upstreamUnavailable') : jsonResponse(200, { sessions: [budget] })),
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't close the session on Presupuesto 2027.xlsx");
    expect(alert.textContent).toContain("Microsoft 365 isn't responding right now.");
    expect(alert.textContent).toContain('upstreamUnavailable');
    const close = screen.getByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' });
    expect((close as HTMLButtonElement).disabled).toBe(false);
    expect(close.getAttribute('aria-busy')).toBe('false');
  });

  it('speaks Spanish when Office says es-ES', async () => {
    renderPane({ host: { displayLanguage: 'es-ES' }, sessions: [budget, report] });
    expect(await screen.findByRole('button', { name: 'Cerrar sesión de Presupuesto 2027.xlsx' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abrir sesión' })).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Persistente (guardar cambios)' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Sus sesiones' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'Solo lectura' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'Caducada' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Estado' })).toBeTruthy();
  });

  it('disables "Open session" and says why when the workbook is not saved', async () => {
    renderPane({ host: { documentUrl: null } });
    await screen.findByText('No open sessions');
    const open = screen.getByRole('button', { name: 'Open session' }) as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    expect(screen.getByText('Save this workbook to OneDrive or SharePoint to open a session')).toBeTruthy();
  });

  it('offers "Sign in" after the user cancelled sign-in (13002) and loads the list once signed in', async () => {
    const { user, host } = renderPane({
      host: { tokens: (call) => (call === 1 ? { ssoErrorCode: 13002 } : 'a.eyJleHAiOjQxMDI0NDQ4MDB9.s') },
      sessions: [budget],
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in was canceled.');
    await user.click(within(alert).getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(host.tokenCalls).toHaveLength(2);
  });

  it('13012 without nested app authentication: says why, keeps Open unavailable, and signs in through the Office dialog', async () => {
    const dialogToken = 'a.eyJleHAiOjQxMDI0NDQ4MDB9.dialog';
    const config = { clientId: 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c', authority: 'https://login.microsoftonline.com/organizations', apiScope: 'api://localhost/c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c/access_as_user', graphScopes: ['https://graph.microsoft.com/Files.ReadWrite'] };
    const { user, host, requests } = renderPane({
      host: {
        displayLanguage: 'es-MX',
        tokens: () => ({ ssoErrorCode: 13012 }),
        dialog: (_url, emit) => emit({ kind: 'message', message: encodeDialogAnswer({ kind: 'token', accessToken: dialogToken }) }),
      },
      sessions: [budget],
      route: (request) => (request.url === '/api/sign-in-config' ? jsonResponse(200, config) : request.method === 'GET' ? jsonResponse(200, { sessions: [budget] }) : jsonResponse(500, {})),
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Office no puede iniciar su sesión en este complemento automáticamente');
    const open = screen.getByRole('button', { name: 'Abrir sesión' });
    expect(open.getAttribute('aria-disabled')).toBe('true');
    expect(open.getAttribute('aria-describedby')).toBe(alert.id);
    expect(requests.filter((r) => r.url.startsWith('/api/sessions'))).toHaveLength(0);

    await user.click(within(alert).getByRole('button', { name: 'Iniciar sesión' }));
    expect(await screen.findByRole('button', { name: 'Cerrar sesión de Presupuesto 2027.xlsx' })).toBeTruthy();
    expect(host.dialogUrls).toEqual([`${window.location.origin}/dialog.html`]);
    expect(requests.filter((r) => r.url === '/api/sessions').at(-1)?.headers.Authorization).toBe(`Bearer ${dialogToken}`);
    expect(screen.getByRole('button', { name: 'Abrir sesión' }).getAttribute('aria-disabled')).toBeNull();
  });

  it('shows a clear message outside Office', () => {
    render(<AppRoot host={new FakeOfficeHost()} ready={{ kind: 'notInOffice', reason: 'noHost' }} fetchFn={() => Promise.reject(new Error('unused'))} />);
    expect(screen.getByRole('alert').textContent).toContain('Open this add-in in Excel');
    expect(screen.queryByRole('button', { name: 'Open session' })).toBeNull();
  });
});

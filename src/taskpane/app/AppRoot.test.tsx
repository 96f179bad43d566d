import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FakeOfficeHost } from '../office/FakeOfficeHost';
import { type OfficeThemeInfo } from '../office/OfficeHost';
import { jsonResponse, sessionView } from '../testing/fakeHttp';
import { listRoute, renderPane, ssoToken } from '../testing/renderPane';
import { AppRoot } from './AppRoot';

const budget = sessionView({ id: 's-1', name: 'Presupuesto 2027.xlsx', expiresAt: '2099-01-01T00:00:00.000Z' });

beforeEach(() => window.localStorage.clear());

const themeOf = (): string | null => document.querySelector('.fui-FluentProvider')?.getAttribute('data-theme') ?? null;

describe('the pane shell', () => {
  it('has a header with the icon, the name and (discreetly) who is signed in, and a page title', async () => {
    renderPane({ sessions: [budget] });
    expect(await screen.findByRole('heading', { level: 1, name: 'Workbook Sessions' })).toBeTruthy();
    expect(await screen.findByText('Signed in as Megan Bowen')).toBeTruthy();
    expect(document.title).toBe('Workbook Sessions');
  });

  it('speaks Spanish that cannot be read as "sign out", title included', async () => {
    renderPane({ host: { displayLanguage: 'es-ES' }, sessions: [budget] });
    expect(
      await screen.findByRole('button', { name: 'Cerrar la sesión de libro en Presupuesto 2027.xlsx' }),
    ).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Sus sesiones de libro' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abrir sesión de libro' })).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Persistente (guardar cambios)' })).toBeTruthy();
    expect(screen.getByText('Ha iniciado sesión como Megan Bowen')).toBeTruthy();
    expect(document.title).toBe('Sesiones de libro');
    expect(screen.queryByRole('button', { name: /^Cerrar sesión/ })).toBeNull();
  });

  it('explains once what a workbook session is, until dismissed', async () => {
    const { user, unmount } = renderPane();
    const about = await screen.findByRole('region', { name: 'What is a workbook session?' });
    expect(about.textContent).toContain('A persistent session saves changes to the file.');
    await user.click(screen.getByRole('button', { name: 'Got it' }));
    expect(screen.queryByRole('region', { name: 'What is a workbook session?' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your sessions' }));
    unmount();
    renderPane();
    await screen.findByText('No open sessions');
    expect(screen.queryByRole('region', { name: 'What is a workbook session?' })).toBeNull();
  });

  it('waits for Excel while the URL may still come, then disables "Open session" and says why the workbook needs saving', async () => {
    jest.useFakeTimers();
    try {
      renderPane({ host: { documentUrl: null }, fakeTimers: true });
      await screen.findByText('No open sessions');
      const open = screen.getByRole('button', { name: 'Open session' }) as HTMLButtonElement;
      expect(open.disabled).toBe(true);
      expect(screen.getByText('Waiting for Excel…')).toBeTruthy();
      expect(screen.queryByText(/^Save this workbook/)).toBeNull();
      act(() => jest.advanceTimersByTime(9000));
      expect(screen.getByText('Waiting for Excel…')).toBeTruthy();
      act(() => jest.advanceTimersByTime(1000));
      expect(screen.queryByText('Waiting for Excel…')).toBeNull();
      const hint = screen.getByText('Save this workbook to OneDrive or SharePoint to open a session');
      expect(open.disabled).toBe(true);
      expect(open.getAttribute('aria-describedby')).toBe(hint.id);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads the document URL again when it was empty at start, never asking to save a saved workbook', async () => {
    jest.useFakeTimers();
    try {
      let url: string | null = null;
      renderPane({ host: { documentUrl: () => url }, fakeTimers: true });
      await screen.findByText('Waiting for Excel…');
      act(() => jest.advanceTimersByTime(2000));
      expect(screen.queryByText(/^Save this workbook/)).toBeNull();
      url = 'https://contoso.sharepoint.com/sites/Ventas/Shared%20Documents/Ventas%202026%20T4.xlsx';
      act(() => jest.advanceTimersByTime(1000));
      expect(screen.getByText('Ventas 2026 T4.xlsx')).toBeTruthy();
      expect(screen.queryByText('Waiting for Excel…')).toBeNull();
      expect((screen.getByRole('button', { name: 'Open session' }) as HTMLButtonElement).disabled).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads the document URL again when the pane regains focus', async () => {
    let url = 'https://contoso.sharepoint.com/sites/Ventas/Shared%20Documents/A.xlsx';
    renderPane({ host: { documentUrl: () => url } });
    await screen.findByText('A.xlsx');
    url = 'https://contoso.sharepoint.com/sites/Ventas/Shared%20Documents/B.xlsx';
    fireEvent.focus(window);
    expect(await screen.findByText('B.xlsx')).toBeTruthy();
  });

  it('reloads the list when the pane regains focus; rows the middle tier no longer has go quietly', async () => {
    let listed = [budget];
    const { requestsTo } = renderPane({ route: listRoute(() => listed) });
    await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' });
    listed = [];
    fireEvent.focus(window);
    await screen.findByText('No open sessions');
    expect(requestsTo('GET')).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the theme', () => {
  it.each([
    [{ isDark: false }, 'light'],
    [{ isDark: true }, 'dark'],
    [null, 'light'],
  ] as const)('follows Office (%p → %s)', async (officeTheme, expected) => {
    render(
      <AppRoot
        host={new FakeOfficeHost({ officeTheme })}
        ready={{ kind: 'ready', host: 'Excel', platform: 'OfficeOnline' }}
        fetchFn={() => new Promise(() => undefined)}
      />,
    );
    await waitFor(() => expect(themeOf()).toBe(expected));
  });

  it('uses the high-contrast theme under forced colours, whatever Office says', async () => {
    const original = window.matchMedia;
    window.matchMedia = ((query: string) => ({
      ...original(query),
      matches: query === '(forced-colors: active)',
    })) as typeof window.matchMedia;
    try {
      render(
        <AppRoot
          host={new FakeOfficeHost({ officeTheme: { isDark: true } })}
          ready={{ kind: 'ready', host: 'Excel', platform: 'OfficeOnline' }}
          fetchFn={() => new Promise(() => undefined)}
        />,
      );
      await waitFor(() => expect(themeOf()).toBe('highContrast'));
    } finally {
      window.matchMedia = original;
    }
  });

  it('is checked again when the pane regains focus', async () => {
    let officeTheme: OfficeThemeInfo = { isDark: false };
    render(
      <AppRoot
        host={new FakeOfficeHost({ officeTheme: () => officeTheme })}
        ready={{ kind: 'ready', host: 'Excel', platform: 'OfficeOnline' }}
        fetchFn={() => Promise.resolve(jsonResponse(200, { sessions: [] }))}
      />,
    );
    await waitFor(() => expect(themeOf()).toBe('light'));
    officeTheme = { isDark: true };
    fireEvent.focus(window);
    await waitFor(() => expect(themeOf()).toBe('dark'));
  });
});

it('shows a clear message outside Office', async () => {
  render(
    <AppRoot
      host={new FakeOfficeHost({ tokens: () => ssoToken() })}
      ready={{ kind: 'notInOffice', reason: 'noHost' }}
      fetchFn={() => Promise.reject(new Error('unused'))}
    />,
  );
  expect((await screen.findByRole('alert')).textContent).toContain('Open this add-in in Excel');
  expect(screen.queryByRole('button', { name: 'Open session' })).toBeNull();
});

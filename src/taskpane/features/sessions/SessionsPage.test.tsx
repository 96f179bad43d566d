import { act, screen, waitFor, within } from '@testing-library/react';
import { type SessionView } from '../../../shared/api';
import { deferred, errorResponse, jsonResponse, sessionView } from '../../testing/fakeHttp';
import { DOC_URL, listRoute, renderPane } from '../../testing/renderPane';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const minutes = (n: number): number => n * 60_000;
const at = (ms: number): string => new Date(ms).toISOString();

/** A session opened `openedAgo` ms before NOW that expires `expiresIn` ms after NOW. */
function session(
  id: string,
  name: string,
  options: {
    openedAgo?: number;
    expiresIn?: number;
    webUrl?: string;
    persistChanges?: boolean;
    status?: SessionView['status'];
  } = {},
): SessionView {
  const view = sessionView({
    id,
    name,
    persistChanges: options.persistChanges ?? true,
    status: options.status ?? 'open',
  });
  return {
    ...view,
    workbook: { ...view.workbook, webUrl: options.webUrl ?? view.workbook.webUrl },
    openedAt: at(NOW - (options.openedAgo ?? minutes(2))),
    lastActivityAt: at(NOW - (options.openedAgo ?? minutes(2))),
    expiresAt: at(NOW + (options.expiresIn ?? minutes(3))),
  };
}

const current = session('s-cur', 'Presupuesto 2027.xlsx', {
  webUrl: 'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto 2027.xlsx',
  openedAgo: minutes(10),
});
const forecast = session('s-fc', 'Q3 Forecast.xlsx', {
  webUrl: 'https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Plans/Q3 Forecast.xlsx',
  openedAgo: minutes(1),
  persistChanges: false,
});
const report = session('s-rep', 'Informe.xlsx', { openedAgo: minutes(5) });

beforeEach(() => {
  jest.useFakeTimers({ now: NOW });
  window.localStorage.clear();
  // The one-time explanation is tested on its own; here it would only push rows down.
  window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
});
afterEach(() => {
  jest.useRealTimers();
});

const rowOf = (button: HTMLElement): HTMLElement => button.closest('li') as HTMLElement;
/** The innermost element whose whole text is `text` (text split over several elements included). */
const wholeText =
  (text: string) =>
  (_content: string, element: Element | null): boolean =>
    element?.textContent === text && [...element.children].every((child) => child.textContent !== text);
const status = (): string => screen.getByRole('status').textContent?.trim() ?? '';

describe('sessions at a glance', () => {
  it('shows each session with where it lives, its mode, when it opened and when it expires; this workbook first and marked', async () => {
    renderPane({ sessions: [forecast, report, current], fakeTimers: true });
    const list = await screen.findByRole('list', { name: 'Your sessions' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByText(/\.xlsx$/).textContent)).toEqual([
      'Presupuesto 2027.xlsx',
      'Q3 Forecast.xlsx',
      'Informe.xlsx',
    ]);
    const [first, second] = items as [HTMLElement, HTMLElement];
    expect(within(first).getByText('This workbook')).toBeTruthy();
    expect(within(first).getByText('Finanzas › Documentos compartidos')).toBeTruthy();
    expect(within(first).getByText(wholeText('Persistent: changes are saved · Opened 10 min. ago'))).toBeTruthy();
    expect(within(first).getByText('Expires in 3 min.')).toBeTruthy();
    expect(within(second).queryByText('This workbook')).toBeNull();
    expect(within(second).getByText('OneDrive › Plans')).toBeTruthy();
    expect(within(second).getByText(wholeText("View-only: changes aren't saved · Opened 1 min. ago"))).toBeTruthy();
    const openInExcel = within(second).getByRole('link', { name: 'Open Q3 Forecast.xlsx in Excel on the web' });
    expect(openInExcel.getAttribute('href')).toBe(forecast.workbook.webUrl);
    expect(openInExcel.getAttribute('target')).toBe('_blank');
  });

  it('counts down live, makes the last minute stand out and says so once, and drops the row the moment it lapses', async () => {
    const soon = session('s-1', 'Presupuesto 2027.xlsx', { expiresIn: minutes(2) + 10_000 });
    renderPane({ sessions: [soon], fakeTimers: true });
    const row = rowOf(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    expect(within(row).getByText('Expires in 3 min.')).toBeTruthy();
    act(() => jest.advanceTimersByTime(20_000));
    expect(within(row).getByText('Expires in 2 min.')).toBeTruthy();
    const live = screen.getByRole('status');
    expect(live.textContent).not.toContain('less than a minute');
    act(() => jest.advanceTimersByTime(60_000));
    expect(within(row).getByText('Expires in 50 sec.')).toBeTruthy();
    expect(live.textContent?.trim()).toBe('The session on Presupuesto 2027.xlsx expires in less than a minute.');
    act(() => jest.advanceTimersByTime(49_000));
    expect(within(row).getByText('Expires in 1 sec.')).toBeTruthy();
    // Said once: the countdown itself is not in a live region.
    expect(live.textContent?.trim()).toBe('The session on Presupuesto 2027.xlsx expires in less than a minute.');
    expect(within(row).getByRole('button', { name: 'Extend the session on Presupuesto 2027.xlsx' })).toBeTruthy();
    act(() => jest.advanceTimersByTime(1_000));
    // Graph cannot revive a lapsed session: it leaves the list, which says so once.
    expect(screen.queryByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeNull();
    expect(live.textContent?.trim()).toBe("The session on Presupuesto 2027.xlsx expired. It's no longer listed.");
    expect(screen.getByText('No open sessions')).toBeTruthy();
  });

  it.each([
    ['6 minutes fast', minutes(6)],
    ['3 minutes slow', -minutes(3)],
  ])('follows the middle tier clock with the computer clock %s', async (_what, deviceAheadMs) => {
    // The middle tier's time is NOW; the computer reads NOW + deviceAheadMs.
    jest.setSystemTime(NOW + deviceAheadMs);
    const fresh = session('s-1', 'Presupuesto 2027.xlsx', { openedAgo: 0, expiresIn: minutes(5) });
    const stamped = (status: number, body: unknown) =>
      jsonResponse(status, body, { Date: new Date(Date.now() - deviceAheadMs).toUTCString() });
    renderPane({
      route: (request) => stamped(200, request.method === 'GET' ? { sessions: [fresh] } : {}),
      fakeTimers: true,
    });
    const row = rowOf(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    expect(within(row).getByText('Expires in 5 min.')).toBeTruthy();
    expect(within(row).getByText('Opened just now')).toBeTruthy();
    act(() => jest.advanceTimersByTime(minutes(4) + 10_000));
    expect(within(row).getByText('Expires in 50 sec.')).toBeTruthy();
    act(() => jest.advanceTimersByTime(50_000));
    expect(screen.queryByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeNull();
  });

  it('tells sessions on one workbook apart, on screen and in the names of their buttons', async () => {
    const older = session('s-a', 'Informe.xlsx', { openedAgo: minutes(9) });
    const newer = session('s-b', 'Informe.xlsx', { openedAgo: minutes(3) });
    renderPane({ sessions: [newer, older], fakeTimers: true });
    const first = await screen.findByRole('button', { name: 'Close session on Informe.xlsx (session 1 of 2)' });
    const second = screen.getByRole('button', { name: 'Close session on Informe.xlsx (session 2 of 2)' });
    expect(within(rowOf(first)).getByText('Session 1 of 2')).toBeTruthy();
    expect(within(rowOf(second)).getByText('Session 2 of 2')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Extend the session on Informe.xlsx (session 2 of 2)' })).toBeTruthy();
  });

  it('asks before opening a second session on a workbook that already has one', async () => {
    const created = session('s-new', 'Presupuesto 2027.xlsx', { openedAgo: 0, expiresIn: minutes(5) });
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => [current],
        (request) => (request.method === 'POST' ? jsonResponse(201, { session: created }) : jsonResponse(500, {})),
      ),
      fakeTimers: true,
    });
    await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' });
    const open = screen.getByRole('button', { name: 'Open session' });
    await user.click(open);
    expect(screen.getByText('Presupuesto 2027.xlsx already has an open session. Open another one?')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open another' }));
    expect(requestsTo('POST')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(open);
    expect(requestsTo('POST')).toHaveLength(0);

    await user.click(open);
    await user.click(screen.getByRole('button', { name: 'Open another' }));
    expect(
      await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx (session 2 of 2)' }),
    ).toBeTruthy();
    expect(requestsTo('POST', '/api/sessions')[0]?.body).toEqual({ documentUrl: DOC_URL, persistChanges: true });
    expect(status()).toBe('Session opened on Presupuesto 2027.xlsx');
  });
});

describe('closing', () => {
  it('keeps a busy Close focusable, then moves focus to the next row when the row leaves', async () => {
    const answer = deferred<ReturnType<typeof jsonResponse>>();
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => [current, forecast, report],
        () => answer.promise,
      ),
      fakeTimers: true,
    });
    const close = await screen.findByRole('button', { name: 'Close session on Q3 Forecast.xlsx' });
    close.focus();
    await user.keyboard('{Enter}');
    expect(close.getAttribute('aria-disabled')).toBe('true');
    expect(close.getAttribute('aria-busy')).toBe('true');
    expect(document.activeElement).toBe(close);
    expect(status()).toBe('Closing the session on Q3 Forecast.xlsx…');
    // A second press while busy sends nothing more.
    await user.keyboard('{Enter}');
    expect(requestsTo('DELETE')).toHaveLength(1);
    await act(async () => answer.resolve(jsonResponse(200, { id: 's-fc', outcome: 'closed' })));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Close session on Q3 Forecast.xlsx' })).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close session on Informe.xlsx' }));
    expect(status()).toBe('Session closed on Q3 Forecast.xlsx');
  });

  it('moves focus to the previous row after the last row leaves, and to the heading when none is left', async () => {
    const { user } = renderPane({
      route: listRoute(
        () => [current, report],
        (request) => jsonResponse(200, { id: request.url.split('/').pop(), outcome: 'closed' }),
      ),
      fakeTimers: true,
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Informe.xlsx' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }),
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    await screen.findByText('No open sessions');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your sessions' }));
  });

  it.each([
    ['the middle tier answers alreadyGone', () => jsonResponse(200, { id: 's-rep', outcome: 'alreadyGone' })],
    ['the middle tier no longer has it (404)', () => errorResponse('sessionNotFound')],
  ])('counts a Close as done when %s: the row goes with a short notice, no error', async (_label, answer) => {
    const { user } = renderPane({ route: listRoute(() => [report], answer), fakeTimers: true });
    await user.click(await screen.findByRole('button', { name: 'Close session on Informe.xlsx' }));
    expect(
      await screen.findByText("The session on Informe.xlsx had already ended. It's no longer listed."),
    ).toBeTruthy();
    expect(screen.queryByRole('listitem')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(status()).toBe('The session on Informe.xlsx had already ended.');
  });
});

describe('refreshing a row', () => {
  it('asks Graph to refresh the session and says until when it stays open', async () => {
    const refreshed = { ...report, lastActivityAt: at(NOW), expiresAt: at(NOW + minutes(5)) };
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => [report],
        (request) => (request.method === 'POST' ? jsonResponse(200, { session: refreshed }) : jsonResponse(500, {})),
      ),
      fakeTimers: true,
    });
    const row = rowOf(await screen.findByRole('button', { name: 'Extend the session on Informe.xlsx' }));
    expect(within(row).getByText('Expires in 3 min.')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Extend the session on Informe.xlsx' }));
    await waitFor(() => expect(within(row).getByText('Expires in 5 min.')).toBeTruthy());
    expect(requestsTo('POST').map((r) => r.url)).toEqual(['/api/sessions/s-rep/refresh']);
    expect(status()).toMatch(/^The session on Informe\.xlsx stays open until at least /);
  });
});

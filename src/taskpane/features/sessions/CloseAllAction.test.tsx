import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type CloseManyResult, type SessionView } from '../../../shared/api';
import { AppRoot } from '../../app/AppRoot';
import { FakeOfficeHost } from '../../office/FakeOfficeHost';
import {
  deferred,
  errorResponse,
  type FakeRoute,
  jsonResponse,
  recordingFetch,
  sessionView,
  type RecordedRequest,
} from '../../testing/fakeHttp';

// Open until well after the test (a lapsed session is not listed).
const live = { expiresAt: new Date(Date.now() + 60 * 60_000).toISOString() };
const budget = sessionView({ id: 's-1', name: 'Presupuesto 2027.xlsx', ...live });
const report = sessionView({ id: 's-2', name: 'Informe.xlsx', persistChanges: false, ...live });
const sales = sessionView({ id: 's-3', name: 'Ventas Q1.xlsx', ...live });

/** The list answers `listed`; POST /api/sessions/close answers with `close` (default: all closed). */
function renderPane(listed: SessionView[], close?: FakeRoute, displayLanguage = 'en-US') {
  const closeRoute: FakeRoute =
    close ??
    ((request) =>
      jsonResponse(200, { results: idsOf(request).map((id): CloseManyResult => ({ id, outcome: 'closed' })) }));
  const { fetchFn, requests } = recordingFetch((request) =>
    request.method === 'GET'
      ? jsonResponse(200, { sessions: listed })
      : request.url === '/api/sessions/close'
        ? closeRoute(request)
        : jsonResponse(500, {}),
  );
  const user = userEvent.setup();
  render(
    <AppRoot
      host={new FakeOfficeHost({ displayLanguage })}
      ready={{ kind: 'ready', host: 'Excel', platform: 'OfficeOnline' }}
      fetchFn={fetchFn}
    />,
  );
  const closeRequests = (): RecordedRequest[] => requests.filter((r) => r.url === '/api/sessions/close');
  return { user, closeRequests };
}

function idsOf(request: RecordedRequest): string[] {
  return (request.body as { ids: string[] }).ids;
}

const rowCloseButton = (name: string): HTMLElement | null =>
  screen.queryByRole('button', { name: `Close session on ${name}` });

/**
 * The open dialog. Under jsdom, Fluent's focus trap (tabster) activates the modal only once focus
 * has entered it, which its motion can delay; until then the surface carries aria-hidden. So the
 * dialog is found with `hidden: true` here; that the open dialog is exposed to assistive
 * technology is checked in real Chromium (test/e2e/closeAll.test.ts, axe-core in test/e2e).
 */
async function dialogNamed(name?: string): Promise<HTMLElement> {
  if (name === undefined) return screen.findByRole('dialog', { hidden: true });
  // Found by its title: the accessible name of an aria-hidden dialog is not computed reliably.
  const title = await screen.findByText(name);
  const dialog = title.closest<HTMLElement>('[role="dialog"]');
  if (!dialog || dialog.getAttribute('aria-labelledby') !== title.id)
    throw new Error(`"${name}" is not the title of a dialog`);
  return dialog;
}

/** Confirms in the dialog, then waits until it has gone (its modal hides the rest of the pane meanwhile). */
async function confirmCloseAll(user: ReturnType<typeof userEvent.setup>): Promise<void> {
  await user.click(within(await dialogNamed()).getByRole('button', { name: 'Close all', hidden: true }));
  await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
}

describe('"Close all sessions"', () => {
  it('is offered only when there are at least two sessions', async () => {
    renderPane([budget]);
    await screen.findByRole('list', { name: 'Your sessions' });
    expect(screen.queryByRole('button', { name: 'Close all sessions' })).toBeNull();
  });

  it('asks first, and Cancel sends nothing and keeps every row', async () => {
    const { user, closeRequests } = renderPane([budget, report, sales]);
    await user.click(await screen.findByRole('button', { name: 'Close all sessions' }));
    const dialog = await dialogNamed('Close all 3 sessions?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel', hidden: true }));
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
    expect(closeRequests()).toHaveLength(0);
    // Focus is back on the button that asked.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close all sessions' }));
    expect(screen.getAllByRole('button', { name: /^Close session on / })).toHaveLength(3);
  });

  it('confirming marks every row busy, sends ONE request with all ids, and removes closed and already-gone rows', async () => {
    const answer = deferred<ReturnType<typeof jsonResponse>>();
    const { user, closeRequests } = renderPane([budget, report, sales], () => answer.promise);
    await user.click(await screen.findByRole('button', { name: 'Close all sessions' }));
    await confirmCloseAll(user);

    for (const name of [budget, report, sales].map((s) => s.workbook.name)) {
      const button = rowCloseButton(name) as HTMLButtonElement;
      // Busy, yet still focusable: aria-disabled rather than disabled.
      expect(button.disabled).toBe(false);
      expect(button.getAttribute('aria-disabled')).toBe('true');
      expect(button.getAttribute('aria-busy')).toBe('true');
      expect(button.querySelector('[data-busy-icon]')).not.toBeNull();
    }
    expect(closeRequests()).toHaveLength(1);
    expect(closeRequests()[0]).toMatchObject({ method: 'POST', body: { ids: ['s-1', 's-2', 's-3'] } });
    expect(closeRequests()[0]?.headers.Authorization).toMatch(/^Bearer /);

    const results: CloseManyResult[] = [
      { id: 's-1', outcome: 'closed' },
      { id: 's-2', outcome: 'alreadyGone' },
      { id: 's-3', outcome: 'closed' },
    ];
    await act(async () => answer.resolve(jsonResponse(200, { results })));
    expect(await screen.findByText('No open sessions')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent?.trim()).toBe('Closed 3 sessions.');
    expect(closeRequests()).toHaveLength(1);
    // "Close all" left with the rows: focus lands on the list heading, not on the page body.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your sessions' })));
  });

  it('keeps the rows that failed, says how many and why (with the wait), and removes the rest', async () => {
    const { user } = renderPane([budget, report, sales], () =>
      jsonResponse(200, {
        results: [
          { id: 's-1', outcome: 'closed' },
          {
            id: 's-2',
            outcome: 'failed',
            error: { code: 'upstreamUnavailable', message: 'Graph kept throttling', retryAfterSeconds: 12 },
          },
          { id: 's-3', outcome: 'failed', error: { code: 'workbookAccessDenied', message: 'no access' } },
        ],
      }),
    );
    await user.click(await screen.findByRole('button', { name: 'Close all sessions' }));
    await confirmCloseAll(user);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't close 2 sessions");
    expect(alert.textContent).toContain("Microsoft 365 isn't responding right now.");
    expect(alert.textContent).toMatch(/You can try again after \d{1,2}:\d{2}:\d{2}\s[AP]M\./);
    // The internal code is for support only: behind the closed "Details" disclosure.
    const code = within(alert).getByText(/Error code: upstreamUnavailable/);
    expect(code.closest('details')?.open).toBe(false);
    expect(rowCloseButton('Presupuesto 2027.xlsx')).toBeNull();
    for (const name of ['Informe.xlsx', 'Ventas Q1.xlsx']) {
      const button = rowCloseButton(name) as HTMLButtonElement;
      expect(button.getAttribute('aria-disabled')).not.toBe('true');
      expect(button.getAttribute('aria-busy')).toBe('false');
    }
    expect(screen.getByRole('status').textContent?.trim()).toBe('Closed 1 session.');
    // Two sessions are left, so "Close all" is offered again, ready for another attempt.
    expect(screen.getByRole('button', { name: 'Close all sessions' }).getAttribute('aria-disabled')).not.toBe('true');
  });

  it('keeps every row and explains when the whole request fails', async () => {
    const { user } = renderPane([budget, report], () => errorResponse('rateLimited', { retryAfterSeconds: 30 }));
    await user.click(await screen.findByRole('button', { name: 'Close all sessions' }));
    await confirmCloseAll(user);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't close 2 sessions");
    expect(alert.textContent).toContain('Too many requests in a short time.');
    expect(alert.textContent).toMatch(/You can try again after \d{1,2}:\d{2}:\d{2}\s[AP]M\./);
    expect(screen.getAllByRole('button', { name: /^Close session on / })).toHaveLength(2);
    expect(screen.getByRole('status').textContent?.trim()).toBe('Closing 2 sessions…');
  });

  it('counts a session the middle tier no longer has as closed, not as a failure', async () => {
    const { user } = renderPane([budget, report], (request) =>
      jsonResponse(200, {
        results: idsOf(request).map((id, i): CloseManyResult =>
          i === 0
            ? { id, outcome: 'failed', error: { code: 'sessionNotFound', message: 'gone' } }
            : { id, outcome: 'closed' },
        ),
      }),
    );
    await user.click(await screen.findByRole('button', { name: 'Close all sessions' }));
    await confirmCloseAll(user);
    expect(await screen.findByText('No open sessions')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent?.trim()).toBe('Closed 2 sessions.');
  });

  it('treats an answer that leaves an id out as not understood, and keeps the rows', async () => {
    const { user } = renderPane([budget, report], () =>
      jsonResponse(200, { results: [{ id: 's-1', outcome: 'closed' }] }),
    );
    await user.click(await screen.findByRole('button', { name: 'Close all sessions' }));
    await confirmCloseAll(user);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("The add-in's service sent an answer the add-in doesn't understand.");
    expect(screen.getAllByRole('button', { name: /^Close session on / })).toHaveLength(2);
  });

  it('speaks Spanish', async () => {
    const { user } = renderPane(
      [budget, report, sales],
      (request) =>
        jsonResponse(200, {
          results: idsOf(request).map((id, i): CloseManyResult =>
            i === 0
              ? { id, outcome: 'failed', error: { code: 'workbookAccessDenied', message: 'no access' } }
              : { id, outcome: 'closed' },
          ),
        }),
      'es-ES',
    );
    await user.click(await screen.findByRole('button', { name: 'Cerrar todas las sesiones de libro' }));
    const dialog = await dialogNamed('¿Cerrar las 3 sesiones de libro?');
    expect(within(dialog).getByRole('button', { name: 'Cancelar', hidden: true })).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Cerrar todas', hidden: true }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No se pudo cerrar 1 sesión de libro');
    expect(alert.textContent).toContain('No tiene permiso para abrir este libro en Microsoft 365.');
    expect(screen.getByRole('status').textContent?.trim()).toBe('Se cerraron 2 sesiones de libro.');
    // One session left: nothing to "close all" any more.
    expect(screen.queryByRole('button', { name: 'Cerrar todas las sesiones de libro' })).toBeNull();
  });
});

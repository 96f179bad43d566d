import { act, screen, waitFor, within } from '@testing-library/react';
import { ERROR_CAUSES } from './errorCauses';
import { errorResponse, jsonResponse, sessionView } from '../../testing/fakeHttp';
import { listRoute, renderPane } from '../../testing/renderPane';

const budget = sessionView({ id: 's-1', name: 'Presupuesto 2027.xlsx', expiresAt: '2099-01-01T00:00:00.000Z' });

beforeEach(() => {
  window.localStorage.clear();
  window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
});

describe('the error bar', () => {
  it('says what failed in plain words, keeps the code behind Details, and Try again redoes the action', async () => {
    let deletes = 0;
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => [budget],
        () =>
          ++deletes === 1 ? errorResponse('upstreamUnavailable') : jsonResponse(200, { id: 's-1', outcome: 'closed' }),
      ),
    });
    const close = await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' });
    await user.click(close);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText("Couldn't close the session on Presupuesto 2027.xlsx")).toBeTruthy();
    expect(alert.textContent).toContain("Microsoft 365 isn't responding right now.");
    // One message: no repeated advice, no internal code in the visible text.
    expect(alert.textContent?.match(/try again/gi) ?? []).toHaveLength(1);
    const details = alert.querySelector('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(within(details).getByText('Details')).toBeTruthy();
    expect(details.textContent).toContain('Error code: upstreamUnavailable');
    expect(details.textContent).toContain('Request ID: req-1');
    expect(details.textContent).toMatch(/Time: /);
    // Focus stayed on the Close button (it never became disabled).
    expect(document.activeElement).toBe(close);

    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(requestsTo('DELETE')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeNull();
  });

  it('offers no Try again where retrying cannot help, and says what to do instead', async () => {
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => [budget],
        () => errorResponse('workbookAccessDenied'),
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Ask its owner to share it with you.');
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(within(alert).getByRole('button', { name: 'Dismiss' })).toBeTruthy();
    expect(requestsTo('DELETE')).toHaveLength(1);
  });

  it.each([
    ['a lost network', 'networkError'],
    ['a timeout', 'requestTimeout'],
    ['Microsoft 365 unavailable', 'upstreamUnavailable'],
  ] as const)('offers Try again after %s', async (_, code) => {
    let deletes = 0;
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => [budget],
        () =>
          ++deletes === 1
            ? code === 'networkError'
              ? Promise.reject(new TypeError('Failed to fetch'))
              : errorResponse(code)
            : jsonResponse(200, { id: 's-1', outcome: 'closed' }),
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(requestsTo('DELETE')).toHaveLength(2));
  });

  it('in Spanish too: no "Reintentar" for a permission problem', async () => {
    const { user } = renderPane({
      host: { displayLanguage: 'es-ES' },
      route: listRoute(
        () => [budget],
        () => errorResponse('workbookAccessDenied'),
      ),
    });
    await user.click(await screen.findByRole('button', { name: /^Cerrar la sesión .* en Presupuesto 2027\.xlsx$/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Pida a su propietario que lo comparta con usted.');
    expect(within(alert).queryByRole('button', { name: 'Reintentar' })).toBeNull();
  });

  it('copies the details for support', async () => {
    const { user } = renderPane({
      route: listRoute(
        () => [budget],
        () => errorResponse('internalError'),
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByText('Details'));
    await user.click(within(alert).getByRole('button', { name: 'Copy details' }));
    expect(await within(alert).findByRole('button', { name: 'Details copied' })).toBeTruthy();
    // user-event plays the clipboard.
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain("Couldn't close the session on Presupuesto 2027.xlsx");
    expect(copied).toContain('Error code: internalError');
    expect(copied).toContain('Request ID: req-1');
  });

  it('says when to try again as a time of day that never changes, and offers Try again once the wait is over', async () => {
    jest.useFakeTimers();
    try {
      let gets = 0;
      const { user } = renderPane({
        route: () =>
          ++gets === 1
            ? errorResponse('rateLimited', { retryAfterSeconds: 3 })
            : jsonResponse(200, { sessions: [budget] }),
        fakeTimers: true,
      });
      const alert = await screen.findByRole('alert');
      const readyAt = new Intl.DateTimeFormat('en-US', { timeStyle: 'medium' }).format(Date.now() + 3000);
      expect(alert.textContent).toContain(`Too many requests in a short time. You can try again after ${readyAt}.`);
      const shown = alert.textContent;
      const retry = within(alert).getByRole('button', { name: 'Try again' });
      expect(retry.getAttribute('aria-disabled')).toBe('true');
      act(() => jest.advanceTimersByTime(1000));
      expect(retry.getAttribute('aria-disabled')).toBe('true');
      act(() => jest.advanceTimersByTime(2000));
      // An alert whose text changed would be read out again: the text stays, the button wakes.
      expect(alert.textContent).toBe(shown);
      expect(retry.getAttribute('aria-disabled')).not.toBe('true');
      await user.click(retry);
      expect(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeTruthy();
      expect(screen.queryByRole('alert')).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives the time to try again in Spanish, as the computer clock reads it when it is minutes off', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-03-02T10:06:00.000Z') });
    try {
      // The middle tier's clock is 6 minutes behind this computer's; it asks to wait 30 s.
      renderPane({
        host: { displayLanguage: 'es-ES' },
        route: () =>
          jsonResponse(
            429,
            { error: { code: 'rateLimited', message: 'slow down', retryAfterSeconds: 30 } },
            { Date: new Date(Date.now() - 6 * 60_000).toUTCString() },
          ),
        fakeTimers: true,
      });
      const alert = await screen.findByRole('alert');
      const readyAt = new Intl.DateTimeFormat('es-ES', { timeStyle: 'medium' }).format(Date.now() + 30_000);
      expect(alert.textContent).toContain(`Podrá volver a intentarlo a partir de las ${readyAt}.`);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['lost it', 'sessionLost'],
    ['found a conflict with other changes', 'sessionConflict'],
  ] as const)('when Graph %s, the row leaves the list and the bar says why, offering no retry', async (_, code) => {
    let sessions = [budget];
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => sessions,
        () => {
          sessions = [];
          return errorResponse(code);
        },
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Extend the session on Presupuesto 2027.xlsx' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Couldn't extend the session on Presupuesto 2027.xlsx");
    expect(alert.textContent).toContain(ERROR_CAUSES[code]['en-US']);
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' })).toBeNull();
    expect(requestsTo('POST')).toHaveLength(1);
  });

  it('names Graph throttling, with its wait, apart from an outage', async () => {
    const { user } = renderPane({
      route: listRoute(
        () => [budget],
        () => errorResponse('graphThrottled', { retryAfterSeconds: 60 }),
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      new RegExp(
        `${escapeRegExp(ERROR_CAUSES.graphThrottled['en-US'])} You can try again after \\d{1,2}:\\d{2}:\\d{2}`,
      ),
    );
    expect(alert.textContent).not.toContain("isn't responding");
    expect(within(alert).getByRole('button', { name: 'Try again' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('clears a stale close error when Refresh shows the current list', async () => {
    const { user } = renderPane({
      route: listRoute(
        () => [budget],
        () => errorResponse('upstreamError'),
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' }));
    await screen.findByRole('alert');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByRole('status').textContent?.trim()).toBe('List updated: 1 session.');
  });

  it('Dismiss gives focus back to where the failed action started', async () => {
    const { user } = renderPane({
      route: listRoute(
        () => [budget],
        () => errorResponse('upstreamError'),
      ),
    });
    const close = await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' });
    await user.click(close);
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(close);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

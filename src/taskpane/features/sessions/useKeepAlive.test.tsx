import { act, fireEvent, screen } from '@testing-library/react';
import { type SessionView } from '../../../shared/api';
import { errorResponse, jsonResponse, type RecordedRequest, sessionView } from '../../testing/fakeHttp';
import { renderPane } from '../../testing/renderPane';
import { preferenceKey } from '../../ui/preferences';
import { KEEP_ALIVE_LEAD_MS, nextKeepAlive } from './useKeepAlive';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const IDLE_MS = 5 * 60_000;
const at = (ms: number): string => new Date(ms).toISOString();

function openSession(id: string, lastActivity: number, overrides: Partial<SessionView> = {}): SessionView {
  return {
    ...sessionView({ id, name: `${id}.xlsx` }),
    lastActivityAt: at(lastActivity),
    expiresAt: at(lastActivity + IDLE_MS),
    ...overrides,
  };
}

describe('nextKeepAlive', () => {
  it('picks the open session that expires first, a minute before its timeout', () => {
    const due = nextKeepAlive([openSession('a', NOW), openSession('b', NOW - 60_000)], NOW, new Map());
    expect(due).toEqual({ id: 'b', atMs: NOW - 60_000 + IDLE_MS - KEEP_ALIVE_LEAD_MS });
  });

  it('never picks an expired, closing or opening session', () => {
    const sessions = [
      openSession('lapsed', NOW - IDLE_MS - 1),
      openSession('told', NOW, { status: 'expired' }),
      openSession('closing', NOW, { status: 'closing' }),
      openSession('opening', NOW, { status: 'opening' }),
    ];
    expect(nextKeepAlive(sessions, NOW, new Map())).toBeUndefined();
  });

  it('waits for a retry time, and gives up on a session whose retry would come after its timeout', () => {
    expect(nextKeepAlive([openSession('a', NOW)], NOW, new Map([['a', NOW + 4.5 * 60_000]]))).toEqual({
      id: 'a',
      atMs: NOW + 4.5 * 60_000,
    });
    expect(nextKeepAlive([openSession('a', NOW)], NOW, new Map([['a', NOW + IDLE_MS]]))).toBeUndefined();
  });
});

describe('the keep-alive switch', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    window.localStorage.clear();
    window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });
  afterEach(() => jest.useRealTimers());

  /** The middle tier: refresh touches the session (a new idle window from the current time). */
  function tier(
    initial: SessionView[],
    refresh: (request: RecordedRequest) => ReturnType<typeof jsonResponse> | undefined = () => undefined,
  ) {
    let sessions = initial;
    return (request: RecordedRequest) => {
      if (request.method === 'GET') return jsonResponse(200, { sessions });
      const id = decodeURIComponent(request.url.split('/')[3] ?? '');
      const special = refresh(request);
      if (special) return special;
      sessions = sessions.map((s) =>
        s.id === id ? { ...s, lastActivityAt: at(Date.now()), expiresAt: at(Date.now() + IDLE_MS) } : s,
      );
      return jsonResponse(200, { session: sessions.find((s) => s.id === id) });
    };
  }

  const refreshes = (requests: RecordedRequest[]): string[] =>
    requests.filter((r) => r.method === 'POST').map((r) => r.url);

  it('is off by default: nothing is refreshed and the session lapses', async () => {
    const { requests } = renderPane({ route: tier([openSession('s-1', NOW)]), fakeTimers: true });
    const keepAlive = await screen.findByRole('switch', { name: 'Keep my sessions alive while this pane is open' });
    expect((keepAlive as HTMLInputElement).checked).toBe(false);
    await act(async () => jest.advanceTimersByTime(IDLE_MS));
    expect(refreshes(requests)).toEqual([]);
    // Lapsed: the row has left the list.
    expect(screen.getByText('No open sessions')).toBeTruthy();
  });

  it('keeps a session alive across two idle timeouts and remembers the choice for this user', async () => {
    const { user, requests, unmount } = renderPane({ route: tier([openSession('s-1', NOW)]), fakeTimers: true });
    await user.click(await screen.findByRole('switch', { name: 'Keep my sessions alive while this pane is open' }));
    expect(window.localStorage.getItem(`workbook-sessions:keep-alive:${preferenceKey('tenant-1', 'user-1')}`)).toBe(
      '1',
    );
    for (let step = 0; step < 12; step++) await act(async () => jest.advanceTimersByTime(60_000));
    // 12 minutes, idle limit 5: refreshed at 4, 8 and 12 minutes, never lapsed.
    expect(refreshes(requests)).toEqual([
      '/api/sessions/s-1/refresh',
      '/api/sessions/s-1/refresh',
      '/api/sessions/s-1/refresh',
    ]);
    expect(screen.queryByText('Expired')).toBeNull();
    unmount();
    renderPane({ route: tier([openSession('s-1', Date.now())]), fakeTimers: true });
    expect(
      (
        (await screen.findByRole('switch', {
          name: 'Keep my sessions alive while this pane is open',
        })) as HTMLInputElement
      ).checked,
    ).toBe(true);
  });

  it('stops while the pane is hidden and never refreshes a session that lapsed meanwhile', async () => {
    const { user, requests } = renderPane({ route: tier([openSession('s-1', NOW)]), fakeTimers: true });
    await user.click(await screen.findByRole('switch', { name: 'Keep my sessions alive while this pane is open' }));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    fireEvent(document, new Event('visibilitychange'));
    await act(async () => jest.advanceTimersByTime(IDLE_MS + 60_000));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    fireEvent(document, new Event('visibilitychange'));
    await act(async () => jest.advanceTimersByTime(60_000));
    expect(refreshes(requests)).toEqual([]);
  });

  it('tries again later after a passing failure, and removes a session Graph no longer has', async () => {
    let calls = 0;
    const { user, requests } = renderPane({
      route: tier([openSession('s-1', NOW)], () =>
        ++calls === 1
          ? errorResponse('upstreamUnavailable', { retryAfterSeconds: 20 })
          : calls === 2
            ? errorResponse('sessionExpired')
            : undefined,
      ),
      fakeTimers: true,
    });
    await user.click(await screen.findByRole('switch', { name: 'Keep my sessions alive while this pane is open' }));
    await act(async () => jest.advanceTimersByTime(4 * 60_000));
    expect(refreshes(requests)).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => jest.advanceTimersByTime(20_000));
    expect(refreshes(requests)).toHaveLength(2);
    expect(await screen.findByText("The session on s-1.xlsx had already ended. It's no longer listed.")).toBeTruthy();
    expect(screen.queryByRole('listitem')).toBeNull();
  });
});

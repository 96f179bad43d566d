import { sessionView } from '../../testing/fakeHttp';
import { initialSessionsState, type PaneProblem, sessionsReducer, type SessionsState } from './sessionsState';

/** Before the fixtures' expiresAt (09:21). */
const NOW = Date.parse('2026-03-02T09:17:00.000Z');
const a = sessionView({ id: 'a', name: 'A.xlsx' });
const b = sessionView({ id: 'b', name: 'B.xlsx' });
const problemAbout = (sessionId: string | undefined, kind: 'close' | 'load' = 'close'): PaneProblem => ({
  operation: kind === 'load' ? { kind: 'load' } : { kind: 'close', label: 'A.xlsx' },
  cause: { kind: 'api', code: 'upstreamError' },
  at: 0,
  retry: () => undefined,
  ...(sessionId === undefined ? {} : { sessionId }),
});
const loaded = (sessions = [a, b], extra: Partial<SessionsState> = {}): SessionsState => ({
  ...initialSessionsState,
  sessions,
  loading: false,
  loaded: true,
  ...extra,
});

describe('sessionsReducer', () => {
  it('a background reload drops rows the middle tier no longer has, with their busy state and problems, quietly', () => {
    const state = loaded([a, b], { busy: new Map([['a', 'refreshing']]), problem: problemAbout('a') });
    const next = sessionsReducer(state, { type: 'loaded', sessions: [b], manual: false, nowMs: NOW });
    expect(next.sessions).toEqual([b]);
    expect(next.busy.size).toBe(0);
    expect(next.problem).toBeNull();
    expect(next.lastEvent).toBeNull();
  });

  it('a background reload keeps a problem about a row that is still there; a Refresh the person asked for clears it', () => {
    const state = loaded([a, b], { problem: problemAbout('a') });
    expect(
      sessionsReducer(state, { type: 'loaded', sessions: [a, b], manual: false, nowMs: NOW }).problem,
    ).not.toBeNull();
    const manual = sessionsReducer(state, { type: 'loaded', sessions: [a, b], manual: true, nowMs: NOW });
    expect(manual.problem).toBeNull();
    expect(manual.lastEvent).toMatchObject({ kind: 'listUpdated', count: 2 });
  });

  it('numbers every event, so the same announcement twice is two events', () => {
    let state = loaded();
    state = sessionsReducer(state, { type: 'rowBusy', id: 'a', busy: 'closing', label: 'A.xlsx', announce: true });
    const first = state.lastEvent;
    state = sessionsReducer(state, { type: 'removed', id: 'a', label: 'A.xlsx', outcome: 'closed' });
    state = sessionsReducer(state, { type: 'rowBusy', id: 'b', busy: 'closing', label: 'A.xlsx', announce: true });
    expect(state.lastEvent).toMatchObject({ kind: 'closing', label: 'A.xlsx' });
    expect(state.lastEvent?.seq).toBe((first?.seq ?? 0) + 2);
  });

  it('a row that leaves as already gone leaves a notice; a refresh of the same row clears its problem', () => {
    let state = loaded([a, b], { problem: problemAbout('b') });
    state = sessionsReducer(state, { type: 'removed', id: 'a', label: 'A.xlsx', outcome: 'alreadyGone' });
    expect(state.notice).toMatchObject({ label: 'A.xlsx' });
    expect(state.problem).not.toBeNull();
    state = sessionsReducer(state, { type: 'refreshed', session: b, label: 'B.xlsx', until: '10:05', announce: false });
    expect(state.problem).toBeNull();
  });

  it('a failed first load shows its problem; a later load clears it', () => {
    const failed = sessionsReducer(initialSessionsState, {
      type: 'loadFailed',
      problem: problemAbout(undefined, 'load'),
    });
    expect(failed.loading).toBe(false);
    expect(failed.problem?.operation.kind).toBe('load');
    expect(sessionsReducer(failed, { type: 'loaded', sessions: [], manual: false, nowMs: NOW }).problem).toBeNull();
  });

  describe('expiry', () => {
    const EXPIRES = Date.parse(a.expiresAt);
    const a2 = sessionView({ id: 'a2', name: 'A.xlsx', openedAt: '2026-03-02T09:16:00.000Z' });

    it('a lapsed row leaves the list with one announcement naming it, and its problem goes with it', () => {
      const state = loaded([a, b], { problem: problemAbout('a') });
      const early = sessionsReducer(state, { type: 'lapsed', nowMs: EXPIRES - 1 });
      expect(early).toBe(state);
      const gone = sessionsReducer(
        loaded([a, sessionView({ ...b, expiresAt: '2026-03-02T09:30:00.000Z' })], { problem: problemAbout('a') }),
        { type: 'lapsed', nowMs: EXPIRES },
      );
      expect(gone.sessions.map((s) => s.id)).toEqual(['b']);
      expect(gone.problem).toBeNull();
      expect(gone.lastEvent).toMatchObject({ kind: 'expired', id: 'a', rows: [{ session: { id: 'a' } }] });
      // Nothing more to say a second later.
      expect(sessionsReducer(gone, { type: 'lapsed', nowMs: EXPIRES + 1000 })).toBe(gone);
    });

    it('numbers an expired row as it was shown, when it shared its workbook', () => {
      // `a` opened first: it was "A.xlsx (1 of 2)".
      const gone = sessionsReducer(loaded([a, { ...a2, expiresAt: '2026-03-02T09:30:00.000Z' }]), {
        type: 'lapsed',
        nowMs: EXPIRES,
      });
      expect(gone.lastEvent).toMatchObject({ kind: 'expired', rows: [{ ordinal: { n: 1, of: 2 } }] });
    });

    it('a list answer leaves out sessions that lapsed, announcing only those that were on screen', () => {
      const expired = { ...b, status: 'expired' as const };
      const first = sessionsReducer(initialSessionsState, {
        type: 'loaded',
        sessions: [a, expired],
        manual: false,
        nowMs: NOW,
      });
      expect(first.sessions.map((s) => s.id)).toEqual(['a']);
      expect(first.lastEvent).toBeNull();
      const later = sessionsReducer(first, { type: 'loaded', sessions: [a, expired], manual: false, nowMs: EXPIRES });
      expect(later.sessions).toEqual([]);
      expect(later.lastEvent).toMatchObject({ kind: 'expired', id: 'a' });
    });

    it('a list answer read before a refresh answered does not take the refresh back', () => {
      const refreshed = { ...a, lastActivityAt: '2026-03-02T09:20:00.000Z', expiresAt: '2026-03-02T09:25:00.000Z' };
      let state = loaded([a]);
      state = sessionsReducer(state, {
        type: 'refreshed',
        session: refreshed,
        label: 'A',
        until: 'x',
        announce: false,
      });
      // The reload read the registry before the refresh was recorded; it answers just after.
      state = sessionsReducer(state, { type: 'loaded', sessions: [a], manual: false, nowMs: EXPIRES - 1000 });
      expect(state.sessions[0]?.expiresAt).toBe(refreshed.expiresAt);
      expect(sessionsReducer(state, { type: 'lapsed', nowMs: EXPIRES })).toBe(state);
      // The middle tier's word that it expired still wins.
      state = sessionsReducer(state, {
        type: 'loaded',
        sessions: [{ ...a, status: 'expired' }],
        manual: false,
        nowMs: EXPIRES,
      });
      expect(state.sessions).toEqual([]);
    });

    it('announces the last minute once per idle period, and again after a refresh', () => {
      let state = loaded([a, b]);
      state = sessionsReducer(state, { type: 'expiringSoon', id: 'a', nowMs: EXPIRES - 61_000 });
      expect(state.lastEvent).toBeNull();
      state = sessionsReducer(state, { type: 'expiringSoon', id: 'a', nowMs: EXPIRES - 60_000 });
      expect(state.lastEvent).toMatchObject({ kind: 'expiringSoon', row: { session: { id: 'a' } } });
      const once = sessionsReducer(state, { type: 'expiringSoon', id: 'a', nowMs: EXPIRES - 30_000 });
      expect(once).toBe(state);
      const refreshed = { ...a, expiresAt: '2026-03-02T09:26:00.000Z' };
      state = sessionsReducer(state, {
        type: 'refreshed',
        session: refreshed,
        label: 'A.xlsx',
        until: 'x',
        announce: false,
      });
      state = sessionsReducer(state, {
        type: 'expiringSoon',
        id: 'a',
        nowMs: Date.parse(refreshed.expiresAt) - 10_000,
      });
      expect(state.lastEvent).toMatchObject({ kind: 'expiringSoon', seq: 2 });
    });
  });
});

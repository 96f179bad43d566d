import { sessionView } from '../../testing/fakeHttp';
import { initialSessionsState, type PaneProblem, sessionsReducer, type SessionsState } from './sessionsState';

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
    const next = sessionsReducer(state, { type: 'loaded', sessions: [b], manual: false });
    expect(next.sessions).toEqual([b]);
    expect(next.busy.size).toBe(0);
    expect(next.problem).toBeNull();
    expect(next.lastEvent).toBeNull();
  });

  it('a background reload keeps a problem about a row that is still there; a Refresh the person asked for clears it', () => {
    const state = loaded([a, b], { problem: problemAbout('a') });
    expect(sessionsReducer(state, { type: 'loaded', sessions: [a, b], manual: false }).problem).not.toBeNull();
    const manual = sessionsReducer(state, { type: 'loaded', sessions: [a, b], manual: true });
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
    expect(sessionsReducer(failed, { type: 'loaded', sessions: [], manual: false }).problem).toBeNull();
  });
});

/**
 * The sessions pane's state as a reducer: the list, what is in flight per row, the one problem
 * shown, a short notice, and the last event worth announcing. Pure, so every transition is
 * tested without React (sessionsState.test.ts); useSessions.ts performs the requests.
 */
import { type SessionView } from '../../../shared/api';
import { type Problem } from './problem';
import { arrangeRows, type RowModel } from './rowModel';
import { expiryPhase } from './sessionTiming';

export type RowBusy = 'closing' | 'refreshing';

/** A problem as the pane shows it: when it happened, and how to try the same action again. */
export interface PaneProblem extends Problem {
  /** Epoch ms. */
  at: number;
  retry: () => void;
  /** The row the failed action was about, if any (the problem goes when the row goes). */
  sessionId?: string;
}

/** What the live region says and what focus follows. `seq` makes a repeat a new event. */
export type SessionEvent = { seq: number } & (
  | { kind: 'loading' }
  | { kind: 'listUpdated'; count: number }
  | { kind: 'opening' | 'opened'; workbookName: string }
  | { kind: 'closing' | 'refreshing'; label: string }
  | { kind: 'closed' | 'alreadyGone'; label: string; id: string }
  | { kind: 'refreshed'; label: string; until: string }
  | { kind: 'closingMany'; count: number }
  | { kind: 'closedMany'; count: number }
  /** A row entered its last minute (once per idle period) or left the list by expiring. */
  | { kind: 'expiringSoon'; row: RowModel }
  | { kind: 'expired'; rows: RowModel[]; id: string }
);

export type SessionEventInput = SessionEvent extends infer E
  ? E extends { seq: number }
    ? Omit<E, 'seq'>
    : never
  : never;

export interface SessionsState {
  sessions: SessionView[];
  /** A list request the person is waiting for (first load or Refresh). */
  loading: boolean;
  /** The list has been loaded at least once. */
  loaded: boolean;
  opening: boolean;
  busy: ReadonlyMap<string, RowBusy>;
  closingAll: boolean;
  problem: PaneProblem | null;
  /** A visible short notice (a Close that found the session already gone). */
  notice: { label: string; seq: number } | null;
  lastEvent: SessionEvent | null;
  /** The idle periods (id and expiresAt) whose last minute has been announced. */
  soonAnnounced: ReadonlySet<string>;
}

export const initialSessionsState: SessionsState = {
  sessions: [],
  loading: true,
  loaded: false,
  opening: false,
  busy: new Map(),
  closingAll: false,
  problem: null,
  notice: null,
  lastEvent: null,
  soonAnnounced: new Set(),
};

export type SessionsAction =
  | { type: 'loadStarted'; manual: boolean }
  /** `nowMs`: the middle tier's time, by which lapsed sessions are no longer open ones. */
  | { type: 'loaded'; sessions: SessionView[]; manual: boolean; nowMs: number }
  | { type: 'lapsed'; nowMs: number }
  | { type: 'expiringSoon'; id: string; nowMs: number }
  | { type: 'loadFailed'; problem: PaneProblem | null }
  | { type: 'openStarted'; workbookName: string }
  | { type: 'opened'; session: SessionView }
  | { type: 'rowBusy'; id: string; busy: RowBusy; label: string; announce: boolean }
  | { type: 'refreshed'; session: SessionView; label: string; until: string; announce: boolean }
  | { type: 'removed'; id: string; label: string; outcome: 'closed' | 'alreadyGone' }
  | { type: 'closeAllStarted'; ids: string[] }
  | { type: 'closeAllSettled'; goneIds: readonly string[]; settledIds: readonly string[] }
  | { type: 'closeAllDone'; goneCount: number; problem: PaneProblem | null }
  | { type: 'failed'; problem: PaneProblem; id?: string }
  /** Graph can no longer use the row's session (lost, or spoilt by a conflict): the row goes, the problem says why. */
  | { type: 'lost'; id: string; problem: PaneProblem }
  | { type: 'dismissProblem' }
  | { type: 'dismissNotice' };

function withEvent(state: SessionsState, event: SessionEventInput): SessionsState {
  return { ...state, lastEvent: { ...event, seq: (state.lastEvent?.seq ?? 0) + 1 } as SessionEvent };
}

function withoutBusy(busy: ReadonlyMap<string, RowBusy>, ids: Iterable<string>): ReadonlyMap<string, RowBusy> {
  const next = new Map(busy);
  for (const id of ids) next.delete(id);
  return next;
}

/** A problem about a row that no longer exists is stale. */
function problemStillTrue(problem: PaneProblem | null, sessions: readonly SessionView[]): PaneProblem | null {
  if (problem?.sessionId === undefined) return problem;
  return sessions.some((s) => s.id === problem.sessionId) ? problem : null;
}

const isLapsed = (session: SessionView, nowMs: number): boolean => expiryPhase(session, nowMs) === 'lapsed';
/** One idle period of a session: its last minute is announced once per period. */
export const soonKey = (session: SessionView): string => `${session.id}\n${session.expiresAt}`;

/**
 * Takes the lapsed sessions out of the list. Only the rows the person could see expire are
 * announced (one event, numbered as they were shown); a lapsed one that arrives in a list answer
 * was never on screen and is simply not listed.
 */
function withoutLapsed(state: SessionsState, incoming: SessionView[], nowMs: number): SessionsState {
  const live = incoming.filter((s) => !isLapsed(s, nowMs));
  const liveIds = new Set(live.map((s) => s.id));
  const incomingIds = new Set(incoming.map((s) => s.id));
  const shownBefore = arrangeRows(state.sessions, null);
  const expired = shownBefore.filter((row) => incomingIds.has(row.session.id) && !liveIds.has(row.session.id));
  const soonAnnounced = new Set([...state.soonAnnounced].filter((key) => live.some((s) => soonKey(s) === key)));
  const next = {
    ...state,
    sessions: live,
    busy: withoutBusy(
      state.busy,
      [...state.busy.keys()].filter((id) => !liveIds.has(id)),
    ),
    problem: problemStillTrue(state.problem, live),
    soonAnnounced,
  };
  const [first] = expired;
  return first === undefined ? next : withEvent(next, { kind: 'expired', rows: expired, id: first.session.id });
}

/**
 * A list answer is a snapshot taken when the middle tier read it: a refresh that answered after
 * that read (keep-alive and the minute's reload often cross) already moved the expiry later, and
 * an open session's expiry only ever moves later. Going back to the older one would show a live
 * session lapsing.
 */
function newerOf(incoming: SessionView, known: SessionView | undefined): SessionView {
  if (known?.status !== 'open' || incoming.status !== 'open') return incoming;
  return Date.parse(known.expiresAt) > Date.parse(incoming.expiresAt)
    ? { ...incoming, lastActivityAt: known.lastActivityAt, expiresAt: known.expiresAt }
    : incoming;
}

export function sessionsReducer(state: SessionsState, action: SessionsAction): SessionsState {
  switch (action.type) {
    case 'loadStarted':
      return action.manual ? withEvent({ ...state, loading: true }, { kind: 'loading' }) : state;
    case 'lapsed':
      return state.sessions.some((s) => isLapsed(s, action.nowMs))
        ? withoutLapsed(state, state.sessions, action.nowMs)
        : state;
    case 'expiringSoon': {
      const session = state.sessions.find((s) => s.id === action.id);
      if (!session || expiryPhase(session, action.nowMs) !== 'soon' || state.soonAnnounced.has(soonKey(session)))
        return state;
      const row = arrangeRows(state.sessions, null).find((r) => r.session.id === action.id);
      const next = { ...state, soonAnnounced: new Set(state.soonAnnounced).add(soonKey(session)) };
      return row ? withEvent(next, { kind: 'expiringSoon', row }) : next;
    }
    case 'loaded': {
      // The middle tier's list is the truth: rows it no longer has disappear without a word, rows
      // that lapsed leave with an announcement (withoutLapsed).
      const known = new Map(state.sessions.map((s) => [s.id, s]));
      const incoming = action.sessions.map((s) => newerOf(s, known.get(s.id)));
      const next = { ...withoutLapsed(state, incoming, action.nowMs), loaded: true, loading: false };
      // A Refresh the person asked for makes every earlier problem stale (and is what is announced);
      // a background reload clears only a failed load and problems about rows that are gone.
      if (action.manual)
        return withEvent({ ...next, problem: null }, { kind: 'listUpdated', count: next.sessions.length });
      return state.problem?.operation.kind === 'load' ? { ...next, problem: null } : next;
    }
    case 'loadFailed':
      return { ...state, loading: false, problem: action.problem ?? state.problem };
    case 'openStarted':
      return withEvent({ ...state, opening: true }, { kind: 'opening', workbookName: action.workbookName });
    case 'opened': {
      const problem = state.problem?.operation.kind === 'open' ? null : state.problem;
      const sessions = [action.session, ...state.sessions.filter((s) => s.id !== action.session.id)];
      return withEvent(
        { ...state, opening: false, sessions, problem },
        { kind: 'opened', workbookName: action.session.workbook.name },
      );
    }
    case 'rowBusy': {
      const next = { ...state, busy: new Map(state.busy).set(action.id, action.busy) };
      return action.announce ? withEvent(next, { kind: action.busy, label: action.label }) : next;
    }
    case 'refreshed': {
      const sessions = state.sessions.map((s) => (s.id === action.session.id ? action.session : s));
      const problem = state.problem?.sessionId === action.session.id ? null : state.problem;
      const next = { ...state, sessions, busy: withoutBusy(state.busy, [action.session.id]), problem };
      return action.announce ? withEvent(next, { kind: 'refreshed', label: action.label, until: action.until }) : next;
    }
    case 'removed': {
      const sessions = state.sessions.filter((s) => s.id !== action.id);
      const notice =
        action.outcome === 'alreadyGone' ? { label: action.label, seq: (state.notice?.seq ?? 0) + 1 } : state.notice;
      const next = {
        ...state,
        sessions,
        busy: withoutBusy(state.busy, [action.id]),
        problem: problemStillTrue(state.problem, sessions),
        notice,
      };
      return withEvent(next, { kind: action.outcome, label: action.label, id: action.id });
    }
    case 'closeAllStarted': {
      const busy = new Map(state.busy);
      for (const id of action.ids) busy.set(id, 'closing');
      return withEvent(
        { ...state, closingAll: true, busy, problem: null },
        { kind: 'closingMany', count: action.ids.length },
      );
    }
    case 'closeAllSettled': {
      const gone = new Set(action.goneIds);
      return {
        ...state,
        sessions: state.sessions.filter((s) => !gone.has(s.id)),
        busy: withoutBusy(state.busy, action.settledIds),
      };
    }
    case 'closeAllDone': {
      const next = { ...state, closingAll: false, problem: action.problem };
      return action.goneCount > 0 ? withEvent(next, { kind: 'closedMany', count: action.goneCount }) : next;
    }
    case 'failed':
      return {
        ...state,
        opening: action.problem.operation.kind === 'open' ? false : state.opening,
        busy: action.id === undefined ? state.busy : withoutBusy(state.busy, [action.id]),
        problem: action.problem,
      };
    case 'lost': {
      const { sessionId: _about, ...problem } = action.problem;
      return {
        ...state,
        sessions: state.sessions.filter((s) => s.id !== action.id),
        busy: withoutBusy(state.busy, [action.id]),
        // Not tied to the row, which is gone: the explanation stays until dismissed or replaced.
        problem,
      };
    }
    case 'dismissProblem':
      return { ...state, problem: null };
    case 'dismissNotice':
      return { ...state, notice: null };
  }
}

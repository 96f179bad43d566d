/**
 * The sessions pane's actions: each performs its request and reports to the reducer
 * (sessionsState.ts). A failed action leaves a problem that can retry exactly that action, so
 * "Try again" redoes what failed, and so does signing in (or granting permission, or verifying)
 * for an action that waited for a token.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { type CloseSessionResponse, type CreateSessionByUrl, type SessionView } from '../../../shared/api';
import { ApiError } from '../../api/ApiError';
import { type SignInSource } from '../../auth/useSignIn';
import { type CloseManyApi } from './closeAll';
import { isTransientCode, type ProblemOperation, problemFrom } from './problem';
import { isSessionGoneCode, isSessionUnusableCode } from './sessionGone';
import { workbookNameFromUrl } from './workbookName';
import { initialSessionsState, type PaneProblem, sessionsReducer, type SessionsState } from './sessionsState';

/** What the hook needs from the API client (SessionsApiClient satisfies it). */
export interface SessionsApi extends CloseManyApi {
  listSessions(): Promise<SessionView[]>;
  openSession(request: CreateSessionByUrl): Promise<SessionView>;
  refreshSession(id: string): Promise<SessionView>;
  closeSession(id: string): Promise<CloseSessionResponse>;
}

/** A row as actions name it: the session and its label ("Budget.xlsx (2 of 3)"). */
export interface RowRef {
  session: SessionView;
  label: string;
}

/** How a background refresh (keep-alive) ended, for its scheduler. */
export type BackgroundRefreshResult = { kind: 'done' } | { kind: 'retryLater'; afterMs: number } | { kind: 'stop' };

export interface SessionsActions {
  /** `manual`: the person asked (busy state, announcement); otherwise a quiet background reload. */
  reload(manual: boolean): void;
  openSession(documentUrl: string, persistChanges: boolean): void;
  closeSession(row: RowRef): void;
  refreshSession(row: RowRef): void;
  /** Keep-alive: refreshes quietly and tells the scheduler what to do next. */
  refreshInBackground(row: RowRef): Promise<BackgroundRefreshResult>;
  closeAllSessions(): void;
  dismissProblem(): void;
  dismissNotice(): void;
  /** A session's last minute began or it lapsed (useExpiryWatch): announce it, drop lapsed rows. */
  expiryMoment(announceSoon: boolean): void;
}

const BACKGROUND_RETRY_MS = 15_000;

const isGone = (error: unknown): boolean => error instanceof ApiError && isSessionGoneCode(error.code);
const isUnusable = (error: unknown): boolean => error instanceof ApiError && isSessionUnusableCode(error.code);

export function useSessions(
  api: SessionsApi,
  formatTime: (instant: string) => string,
  signIn: Pick<SignInSource, 'getState' | 'subscribe'>,
  now: () => number = Date.now,
): SessionsState & SessionsActions {
  const [state, dispatch] = useReducer(sessionsReducer, initialSessionsState);
  // Answers after unmount, and list answers older than the latest list request, are ignored.
  const mounted = useRef(false);
  const listRequest = useRef(0);
  const busy = useRef(state.busy);
  busy.current = state.busy;
  const sessions = useRef(state.sessions);
  sessions.current = state.sessions;
  const loadedOnce = useRef(state.loaded);
  loadedOnce.current = state.loaded;
  const currentProblem = useRef(state.problem);
  currentProblem.current = state.problem;

  const problem = useCallback(
    (error: unknown, operation: ProblemOperation, retry: () => void, sessionId?: string): PaneProblem => {
      const made: PaneProblem = { ...problemFrom(error, operation), at: now(), retry };
      if (sessionId !== undefined) made.sessionId = sessionId;
      return made;
    },
    [now],
  );

  const reload = useCallback(
    (manual: boolean) => {
      const request = ++listRequest.current;
      dispatch({ type: 'loadStarted', manual });
      api.listSessions().then(
        (list) => {
          if (mounted.current && request === listRequest.current)
            dispatch({ type: 'loaded', sessions: list, manual, nowMs: now() });
        },
        (error: unknown) => {
          if (!mounted.current || request !== listRequest.current) return;
          // A background reload that fails leaves the list as it was; the next one comes soon.
          const show = manual || !loadedOnce.current;
          dispatch({ type: 'loadFailed', problem: show ? problem(error, { kind: 'load' }, () => reload(true)) : null });
        },
      );
    },
    [api, problem, now],
  );

  useEffect(() => {
    mounted.current = true;
    reload(true);
    return () => {
      mounted.current = false;
    };
  }, [reload]);

  // Each click on the sign-in bar that ends with a token redoes the action that waited for one
  // (else, nothing waited: the list is loaded again).
  useEffect(() => {
    let resumed = signIn.getState().resumed;
    return signIn.subscribe(() => {
      const latest = signIn.getState().resumed;
      if (latest === resumed) return;
      resumed = latest;
      const waiting = currentProblem.current;
      if (waiting?.cause.kind === 'signIn') waiting.retry();
      else reload(true);
    });
  }, [signIn, reload]);

  const openSession = useCallback(
    (documentUrl: string, persistChanges: boolean) => {
      const retry = (): void => openSession(documentUrl, persistChanges);
      dispatch({ type: 'openStarted', workbookName: workbookNameFromUrl(documentUrl) });
      api.openSession({ documentUrl, persistChanges }).then(
        (session) => mounted.current && dispatch({ type: 'opened', session }),
        (error: unknown) =>
          mounted.current && dispatch({ type: 'failed', problem: problem(error, { kind: 'open' }, retry) }),
      );
      // Signing in again (the only way a first load can fail and an open then work) also loads the list.
      if (!loadedOnce.current) reload(false);
    },
    [api, problem, reload],
  );

  const closeSession = useCallback(
    (row: RowRef) => {
      const { id } = row.session;
      if (busy.current.has(id)) return;
      dispatch({ type: 'rowBusy', id, busy: 'closing', label: row.label, announce: true });
      api.closeSession(id).then(
        ({ outcome }) => mounted.current && dispatch({ type: 'removed', id, label: row.label, outcome }),
        (error: unknown) => {
          if (!mounted.current) return;
          // Closed elsewhere, or expired and forgotten: what the person wanted has happened.
          if (isGone(error)) dispatch({ type: 'removed', id, label: row.label, outcome: 'alreadyGone' });
          else
            dispatch({
              type: 'failed',
              id,
              problem: problem(error, { kind: 'close', label: row.label }, () => closeSession(row), id),
            });
        },
      );
    },
    [api, problem],
  );

  const refreshSession = useCallback(
    (row: RowRef) => {
      const { id } = row.session;
      if (busy.current.has(id)) return;
      dispatch({ type: 'rowBusy', id, busy: 'refreshing', label: row.label, announce: true });
      api.refreshSession(id).then(
        (session) =>
          mounted.current &&
          dispatch({
            type: 'refreshed',
            session,
            label: row.label,
            until: formatTime(session.expiresAt),
            announce: true,
          }),
        (error: unknown) => {
          if (!mounted.current) return;
          if (isGone(error)) dispatch({ type: 'removed', id, label: row.label, outcome: 'alreadyGone' });
          else
            dispatch({
              type: isUnusable(error) ? 'lost' : 'failed',
              id,
              problem: problem(error, { kind: 'refresh', label: row.label }, () => refreshSession(row), id),
            });
        },
      );
    },
    [api, problem, formatTime],
  );

  const refreshInBackground = useCallback(
    async (row: RowRef): Promise<BackgroundRefreshResult> => {
      const { id } = row.session;
      if (busy.current.has(id)) return { kind: 'retryLater', afterMs: BACKGROUND_RETRY_MS };
      try {
        const session = await api.refreshSession(id);
        if (mounted.current)
          dispatch({
            type: 'refreshed',
            session,
            label: row.label,
            until: formatTime(session.expiresAt),
            announce: false,
          });
        return { kind: 'done' };
      } catch (error: unknown) {
        if (!mounted.current) return { kind: 'stop' };
        if (isGone(error)) {
          dispatch({ type: 'removed', id, label: row.label, outcome: 'alreadyGone' });
          return { kind: 'done' };
        }
        // Transient failures: a background refresh simply tries again later.
        if (error instanceof ApiError && isTransientCode(error.code)) {
          return { kind: 'retryLater', afterMs: Math.max((error.retryAfterSeconds ?? 0) * 1000, BACKGROUND_RETRY_MS) };
        }
        // Sign-in and permission problems need the person: say so, and stop until they act.
        const retry = (): void => refreshSession(row);
        const made = problem(error, { kind: 'keepAlive', label: row.label }, retry, id);
        if (isUnusable(error)) {
          dispatch({ type: 'lost', id, problem: made });
          return { kind: 'done' };
        }
        dispatch({ type: 'failed', problem: made });
        return { kind: 'stop' };
      }
    },
    [api, problem, formatTime, refreshSession],
  );

  const closeAllSessions = useCallback(() => {
    const ids = sessions.current.map((s) => s.id).filter((id) => !busy.current.has(id));
    if (ids.length === 0) return;
    dispatch({ type: 'closeAllStarted', ids });
    // Rows leave (or stop being busy) as each request answers, not only at the end.
    const settle = (goneIds: readonly string[], stillOpenIds: readonly string[]): void => {
      if (mounted.current) dispatch({ type: 'closeAllSettled', goneIds, settledIds: [...goneIds, ...stillOpenIds] });
    };
    // The chunking rules come with the "Close all" chunk: loaded by the time anyone confirms.
    void import(/* webpackChunkName: "close-all" */ './closeAll').then(async ({ closeInChunks }) => {
      const { goneCount, problem: left } = await closeInChunks(api, ids, settle);
      if (!mounted.current) return;
      const shown = left === null ? null : { ...left, at: now(), retry: closeAllSessions };
      dispatch({ type: 'closeAllDone', goneCount, problem: shown });
    });
  }, [api, now]);

  const dismissProblem = useCallback(() => dispatch({ type: 'dismissProblem' }), []);
  const dismissNotice = useCallback(() => dispatch({ type: 'dismissNotice' }), []);
  const expiryMoment = useCallback(
    (announceSoon: boolean) => {
      const nowMs = now();
      dispatch({ type: 'lapsed', nowMs });
      if (!announceSoon) return;
      for (const session of sessions.current) dispatch({ type: 'expiringSoon', id: session.id, nowMs });
    },
    [now],
  );

  return useMemo(
    () => ({
      ...state,
      reload,
      openSession,
      closeSession,
      refreshSession,
      refreshInBackground,
      closeAllSessions,
      dismissProblem,
      dismissNotice,
      expiryMoment,
    }),
    [
      state,
      reload,
      openSession,
      closeSession,
      refreshSession,
      refreshInBackground,
      closeAllSessions,
      dismissProblem,
      dismissNotice,
      expiryMoment,
    ],
  );
}

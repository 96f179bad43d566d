/**
 * State and actions of the sessions pane, kept out of the JSX: the list, the open and close
 * requests in flight, the last problem, and the last event worth announcing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type CloseSessionResponse, type CreateSessionByUrl, type SessionView } from '../../../shared/api';
import { type CloseManyApi, closeInChunks } from './closeAll';
import { type Problem, problemFrom } from './problem';

/** What the hook needs from the API client (SessionsApiClient satisfies it). */
export interface SessionsApi extends CloseManyApi {
  listSessions(): Promise<SessionView[]>;
  openSession(request: CreateSessionByUrl): Promise<SessionView>;
  closeSession(id: string): Promise<CloseSessionResponse>;
}

export type SessionEvent =
  | { kind: 'opened' | 'closed'; workbookName: string; seq: number }
  | { kind: 'closedMany'; count: number; seq: number };

export interface SessionsState {
  sessions: SessionView[];
  /** A list request is in flight. */
  loading: boolean;
  /** The list has been loaded successfully at least once. */
  loaded: boolean;
  opening: boolean;
  closingIds: ReadonlySet<string>;
  /** A "Close all" is in flight (its rows are in closingIds too). */
  closingAll: boolean;
  problem: Problem | null;
  lastEvent: SessionEvent | null;
}

export interface SessionsActions {
  reload(): void;
  openSession(persistChanges: boolean): void;
  closeSession(session: SessionView): void;
  /** Closes every listed session, in as few requests as the contract allows. */
  closeAllSessions(): void;
  dismissProblem(): void;
}

export function useSessions(api: SessionsApi, documentUrl: string | null): SessionsState & SessionsActions {
  const [sessions, setSessions] = useState<SessionView[]>([]);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [opening, setOpening] = useState(false);
  const [closingIds, setClosingIds] = useState<ReadonlySet<string>>(new Set());
  const [closingAll, setClosingAll] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [lastEvent, setLastEvent] = useState<SessionEvent | null>(null);
  // Answers that arrive after unmount, or list answers older than the latest request, are ignored.
  const mounted = useRef(false);
  const listRequest = useRef(0);
  const eventSeq = useRef(0);

  const announce = useCallback((event: DistributiveOmit<SessionEvent, 'seq'>) => {
    eventSeq.current += 1;
    setLastEvent({ ...event, seq: eventSeq.current });
  }, []);

  const reload = useCallback(() => {
    const request = ++listRequest.current;
    setLoading(true);
    api.listSessions().then(
      (list) => {
        if (!mounted.current || request !== listRequest.current) return;
        setSessions(list);
        setLoaded(true);
        setLoading(false);
        setProblem((current) => (current?.operation.kind === 'load' ? null : current));
      },
      (error: unknown) => {
        if (!mounted.current || request !== listRequest.current) return;
        setLoading(false);
        setProblem(problemFrom(error, { kind: 'load' }));
      },
    );
  }, [api]);

  useEffect(() => {
    mounted.current = true;
    reload();
    return () => {
      mounted.current = false;
    };
  }, [reload]);

  const openSession = useCallback(
    (persistChanges: boolean) => {
      if (documentUrl === null) return;
      setOpening(true);
      setProblem(null);
      api.openSession({ documentUrl, persistChanges }).then(
        (session) => {
          if (!mounted.current) return;
          setOpening(false);
          setSessions((current) => [session, ...current.filter((s) => s.id !== session.id)]);
          announce({ kind: 'opened', workbookName: session.workbook.name });
        },
        (error: unknown) => {
          if (!mounted.current) return;
          setOpening(false);
          setProblem(problemFrom(error, { kind: 'open' }));
        },
      );
    },
    [api, documentUrl, announce],
  );

  const closeSession = useCallback(
    (session: SessionView) => {
      const { id } = session;
      const workbookName = session.workbook.name;
      setClosingIds((current) => new Set(current).add(id));
      setProblem(null);
      const finish = (): void =>
        setClosingIds((current) => {
          const next = new Set(current);
          next.delete(id);
          return next;
        });
      api.closeSession(id).then(
        () => {
          // Both outcomes (closed, alreadyGone) mean the session no longer exists in Graph.
          if (!mounted.current) return;
          finish();
          setSessions((current) => current.filter((s) => s.id !== id));
          announce({ kind: 'closed', workbookName });
        },
        (error: unknown) => {
          if (!mounted.current) return;
          finish();
          setProblem(problemFrom(error, { kind: 'close', workbookName }));
        },
      );
    },
    [api, announce],
  );

  const closeAllSessions = useCallback(() => {
    const ids = sessions.map((s) => s.id);
    if (ids.length === 0) return;
    setClosingAll(true);
    setClosingIds((current) => new Set([...current, ...ids]));
    setProblem(null);
    // Rows leave (or stop being busy) as each request answers, not only at the end.
    const settle = (goneIds: readonly string[], stillOpenIds: readonly string[]): void => {
      if (!mounted.current) return;
      const gone = new Set(goneIds);
      const settled = new Set([...goneIds, ...stillOpenIds]);
      setSessions((current) => current.filter((s) => !gone.has(s.id)));
      setClosingIds((current) => new Set([...current].filter((id) => !settled.has(id))));
    };
    void closeInChunks(api, ids, settle).then(({ goneCount, problem: left }) => {
      if (!mounted.current) return;
      setClosingAll(false);
      setProblem(left);
      if (goneCount > 0) announce({ kind: 'closedMany', count: goneCount });
    });
  }, [api, sessions, announce]);

  const dismissProblem = useCallback(() => setProblem(null), []);

  return {
    sessions,
    loading,
    loaded,
    opening,
    closingIds,
    closingAll,
    problem,
    lastEvent,
    reload,
    openSession,
    closeSession,
    closeAllSessions,
    dismissProblem,
  };
}

/** Omit over each member of a union (the built-in Omit would merge the members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

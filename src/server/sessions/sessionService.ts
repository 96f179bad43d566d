/**
 * The use cases behind the routes: open, list, refresh and close workbook sessions for the
 * signed-in user. Registry rows change only through the lifecycle (sessionLifecycle.ts); Graph
 * tokens come only through GraphAccess (graphAccess.ts), which owns the rule for Graph's 401.
 */
import type { CloseManyResponse, CloseManyResult, CloseSessionResponse, SessionView } from '../../shared/api';
import type { AuthenticatedUser } from '../auth/ssoTokenValidator';
import { AppError, createAppError } from '../errors/AppError';
import type { BatchCloser, CloseResult } from '../graph/batchClose';
import type { GraphClient, WorkbookLocation } from '../graph/graphClient';
import { SharesCache } from '../graph/sharesCache';
import type { Log } from '../log';
import type { SessionOwner, SessionRecord, SessionStore } from '../registry/SessionStore';
import { toSessionView } from '../registry/sessionView';
import { isClaimsChallenge, isTokenRejected, type GraphAccess } from './graphAccess';
import type { CloseInGraph, SessionLifecycle } from './sessionLifecycle';

export type WorkbookTarget = { documentUrl: string } | { driveId: string; itemId: string };

export interface SessionServiceDeps {
  store: SessionStore;
  lifecycle: SessionLifecycle;
  graph: GraphClient;
  access: GraphAccess;
  now: () => number;
  /** Closes many sessions through $batch. */
  batch: BatchCloser;
  /** Document URL → drive item, per user. */
  shares: SharesCache;
}

export interface SessionService {
  list(user: AuthenticatedUser): Promise<SessionView[]>;
  open(user: AuthenticatedUser, target: WorkbookTarget, persistChanges: boolean, log: Log): Promise<SessionView>;
  refresh(user: AuthenticatedUser, id: string, log: Log): Promise<SessionView>;
  close(user: AuthenticatedUser, id: string, log: Log): Promise<CloseSessionResponse>;
  closeMany(user: AuthenticatedUser, ids: readonly string[], log: Log): Promise<CloseManyResponse>;
}

const ownerOf = (user: AuthenticatedUser): SessionOwner => ({ tenantId: user.tenantId, userOid: user.userOid });

function failedResult(id: string, error: AppError): CloseManyResult {
  return {
    id,
    outcome: 'failed',
    error: {
      code: error.code,
      message: error.message,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    },
  };
}

export function createSessionService({
  store,
  lifecycle,
  graph,
  access,
  now,
  batch,
  shares,
}: SessionServiceDeps): SessionService {
  async function locate(
    user: AuthenticatedUser,
    token: string,
    target: WorkbookTarget,
    log: Log,
  ): Promise<WorkbookLocation> {
    if (!('documentUrl' in target)) return graph.getDriveItem(token, target.driveId, target.itemId, log);
    const key = SharesCache.key(user.tenantId, user.userOid, target.documentUrl);
    const cached = shares.get(key);
    if (cached !== undefined) return cached;
    const location = await graph.resolveDocumentUrl(token, target.documentUrl, log);
    shares.set(key, location);
    return location;
  }

  async function find(owner: SessionOwner, id: string): Promise<SessionRecord> {
    const record = await store.get(owner, id);
    if (record === undefined) throw createAppError('sessionNotFound');
    return record;
  }

  /** Single closes go one closeSession call per row (the caller has one row). */
  const closeOneByOne =
    (token: string, log: Log): CloseInGraph =>
    async (targets, settle) => {
      for (const target of targets) {
        let result: CloseResult;
        try {
          result = {
            outcome: await graph.closeSession(token, target.driveId, target.itemId, target.graphSessionId, log),
          };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          result = { outcome: 'failed', error };
        }
        await settle([[target.ref, result]]);
      }
    };

  return {
    async list(user) {
      const at = now();
      return (await store.list(ownerOf(user))).map((record) => toSessionView(record, at));
    },

    async open(user, target, persistChanges, log) {
      const owner = ownerOf(user);
      const id = await access.withToken(user, log, async (token) => {
        const located = await locate(user, token, target, log);
        // The contract's webUrl is the document URL as Office reports it: Graph's driveItem webUrl
        // is the browser's Doc.aspx link instead, so it is kept only when no URL was given (by ids).
        const location = 'documentUrl' in target ? { ...located, webUrl: target.documentUrl } : located;
        try {
          return await lifecycle.open(
            owner,
            location,
            persistChanges,
            () => graph.createSession(token, location.driveId, location.itemId, persistChanges, log),
            async (graphSessionId) => {
              await graph.closeSession(token, location.driveId, location.itemId, graphSessionId, log);
            },
            log,
          );
        } catch (error) {
          // A stale URL → item resolution: forget it so the next attempt resolves again.
          if (error instanceof AppError && error.code === 'workbookNotFound' && 'documentUrl' in target)
            shares.delete(SharesCache.key(user.tenantId, user.userOid, target.documentUrl));
          throw error;
        }
      });
      return toSessionView(await find(owner, id), now());
    },

    async refresh(user, id, log) {
      const owner = ownerOf(user);
      const record = await find(owner, id);
      if (record.status === 'closing')
        throw createAppError('invalidRequest', { message: 'The session is being closed.', target: '/params/id' });
      const graphSessionId = record.graphSessionId;
      if (graphSessionId === null) {
        throw createAppError('invalidRequest', {
          message: 'The session is still being opened; try again in a moment.',
          target: '/params/id',
        });
      }
      // Graph counts the activity when it handles the request, somewhere between now and its
      // answer: dating it from the request keeps expiresAt from ever being later than Graph's.
      const requestedAt = now();
      try {
        await access.withToken(user, log, (token) =>
          graph.refreshSession(token, record.driveId, record.itemId, graphSessionId, log),
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'sessionExpired') {
          await store.delete(owner, id);
          log.info({ sessionRef: id }, 'Graph no longer knows the session; removed from the registry');
        }
        throw error;
      }
      await store.touch(owner, id, requestedAt);
      return toSessionView(await find(owner, id), now());
    },

    async close(user, id, log) {
      const owner = ownerOf(user);
      await find(owner, id); // an unknown id is a 404 before any token is asked for
      return access.withToken(user, log, async (token) => {
        // Read again on each attempt: after a refused token the row is open again.
        const current = await store.get(owner, id);
        if (current === undefined) return { id, outcome: 'alreadyGone' };
        const result = (await lifecycle.close(owner, [current], token, closeOneByOne(token, log))).get(id);
        if (result === undefined) throw createAppError('internalError');
        if (result.outcome === 'failed') throw result.error;
        log.info({ sessionRef: id, outcome: result.outcome }, 'workbook session closed');
        return { id, outcome: result.outcome };
      });
    },

    async closeMany(user, ids, log) {
      const owner = ownerOf(user);
      const results = new Map<string, CloseManyResult>();
      const found = new Map((await store.getMany(owner, ids)).map((record) => [record.id, record]));
      const records: SessionRecord[] = [];
      for (const id of ids) {
        const record = found.get(id);
        if (record === undefined) results.set(id, failedResult(id, createAppError('sessionNotFound')));
        else records.push(record);
      }
      if (records.length > 0) {
        // A second attempt (after Graph refused a cached token) redoes only the refused ids.
        let todo = records;
        try {
          await access.withToken(user, log, async (token) => {
            const closed = await lifecycle.close(owner, todo, token, (targets, settle) =>
              batch.closeAll(token, targets, log, settle),
            );
            const refused = new Set<string>();
            let rejected: AppError | undefined;
            for (const [id, result] of closed) {
              results.set(
                id,
                result.outcome === 'failed' ? failedResult(id, result.error) : { id, outcome: result.outcome },
              );
              if (result.outcome === 'failed' && isTokenRejected(result.error)) {
                refused.add(id);
                rejected ??= result.error;
              }
            }
            todo = todo.filter((r) => refused.has(r.id));
            if (rejected !== undefined) throw rejected;
          });
        } catch (error) {
          // A claims challenge before anything closed: the pane gets a token with the claims and sends the whole request again.
          if (isClaimsChallenge(error) && ![...results.values()].some((r) => r.outcome !== 'failed')) throw error;
          // Refused twice: the per-id results already say so. Anything else failed the whole request.
          if (!isTokenRejected(error) || results.size === 0) throw error;
        }
      }
      const counts = { closed: 0, alreadyGone: 0, failed: 0 };
      const ordered = ids.map((id) => {
        const result = results.get(id) ?? failedResult(id, createAppError('internalError'));
        counts[result.outcome]++;
        return result;
      });
      log.info({ requested: ids.length, ...counts }, 'closed sessions in bulk');
      return { results: ordered };
    },
  };
}

/**
 * The use cases behind the routes: open, list, refresh and close a workbook session for the
 * signed-in user. The registry row is written BEFORE Graph is asked to create a session and
 * marked `closing` BEFORE closeSession, so a crash in between leaves a visible trace instead of
 * a session nobody knows about.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { CloseManyResponse, CloseSessionResponse, SessionView } from '../../shared/api';
import type { AuthenticatedUser } from '../auth/ssoTokenValidator';
import type { GraphTokenProvider } from '../auth/oboClient';
import { AppError, createAppError } from '../errors/AppError';
import type { BatchCloser } from '../graph/batchClose';
import type { GraphClient, WorkbookLocation } from '../graph/graphClient';
import { SharesCache } from '../graph/sharesCache';
import type { CredentialSealer } from '../registry/closeCredential';
import type { SessionOwner, SessionRecord, SessionStore } from '../registry/SessionStore';
import { toSessionView } from '../registry/sessionView';
import { closeManySessions } from './closeManySessions';

export type WorkbookTarget = { documentUrl: string } | { driveId: string; itemId: string };

export interface SessionServiceDeps {
  store: SessionStore;
  graph: GraphClient;
  tokens: GraphTokenProvider;
  now: () => number;
  /** Closes many sessions through $batch. */
  batch: BatchCloser;
  /** Seals the Graph token kept on `closing` rows (see registry/closeCredential.ts). */
  sealer: CredentialSealer;
  /** Document URL → drive item, per user. */
  shares: SharesCache;
}

export interface SessionService {
  list(user: AuthenticatedUser): SessionView[];
  open(user: AuthenticatedUser, target: WorkbookTarget, persistChanges: boolean, log: FastifyBaseLogger): Promise<SessionView>;
  refresh(user: AuthenticatedUser, id: string, log: FastifyBaseLogger): Promise<SessionView>;
  close(user: AuthenticatedUser, id: string, log: FastifyBaseLogger): Promise<CloseSessionResponse>;
  closeMany(user: AuthenticatedUser, ids: readonly string[], log: FastifyBaseLogger): Promise<CloseManyResponse>;
}

const ownerOf = (user: AuthenticatedUser): SessionOwner => ({ tenantId: user.tenantId, userOid: user.userOid });

export function createSessionService({ store, graph, tokens, now, batch, sealer, shares }: SessionServiceDeps): SessionService {
  async function locate(user: AuthenticatedUser, token: string, target: WorkbookTarget, log: FastifyBaseLogger): Promise<WorkbookLocation> {
    if (!('documentUrl' in target)) return graph.getDriveItem(token, target.driveId, target.itemId, log);
    const key = SharesCache.key(user.tenantId, user.userOid, target.documentUrl);
    const cached = shares.get(key);
    if (cached !== undefined) return cached;
    const location = await graph.resolveDocumentUrl(token, target.documentUrl, log);
    shares.set(key, location);
    return location;
  }

  function find(owner: SessionOwner, id: string): SessionRecord {
    const record = store.get(owner, id);
    if (record === undefined) throw createAppError('sessionNotFound');
    return record;
  }

  function graphIdOf(record: SessionRecord): string {
    if (record.graphSessionId === null) {
      throw createAppError('invalidRequest', { message: 'The session is still being opened; try again in a moment.', target: '/params/id' });
    }
    return record.graphSessionId;
  }

  return {
    list(user) {
      const at = now();
      return store.list(ownerOf(user)).map((record) => toSessionView(record, at));
    },

    async open(user, target, persistChanges, log) {
      const owner = ownerOf(user);
      const token = await tokens.graphTokenFor(user, log);
      const location = await locate(user, token, target, log);
      const id = randomUUID();
      store.insertOpening({ id, owner, ...location, workbookName: location.name, persistChanges, now: now() });
      let created;
      try {
        created = await graph.createSession(token, location.driveId, location.itemId, persistChanges, log);
      } catch (error) {
        // Graph refused, or gave no answer. In the second case it may have created the session
        // anyway; we cannot know its id, and it expires on its own after 5–7 idle minutes.
        store.delete(owner, id);
        if (error instanceof AppError && error.code === 'workbookNotFound' && 'documentUrl' in target) {
          shares.delete(SharesCache.key(user.tenantId, user.userOid, target.documentUrl));
        }
        throw error;
      }
      if (!store.markOpen(owner, id, created.graphSessionId, created.persistChanges, now())) {
        // The row was removed while Graph was creating the session (the user closed it): do not leak it.
        await graph.closeSession(token, location.driveId, location.itemId, created.graphSessionId, log).catch((error: unknown) => {
          log.warn({ sessionRef: id, code: error instanceof AppError ? error.code : 'unknown' }, 'could not close a session whose row was removed during creation');
        });
        throw createAppError('sessionExpired', { message: 'The session was closed while it was being opened.' });
      }
      log.info({ sessionRef: id, persistChanges: created.persistChanges }, 'workbook session opened');
      return toSessionView(find(owner, id), now());
    },

    async refresh(user, id, log) {
      const owner = ownerOf(user);
      const record = find(owner, id);
      if (record.status === 'closing') throw createAppError('invalidRequest', { message: 'The session is being closed.', target: '/params/id' });
      const graphSessionId = graphIdOf(record);
      const token = await tokens.graphTokenFor(user, log);
      try {
        await graph.refreshSession(token, record.driveId, record.itemId, graphSessionId, log);
      } catch (error) {
        if (error instanceof AppError && error.code === 'sessionExpired') {
          store.delete(owner, id);
          log.info({ sessionRef: id }, 'Graph no longer knows the session; removed from the registry');
        }
        throw error;
      }
      store.touch(owner, id, now());
      return toSessionView(find(owner, id), now());
    },

    async close(user, id, log) {
      const owner = ownerOf(user);
      const record = find(owner, id);
      if (record.graphSessionId === null) {
        // Never confirmed by Graph (e.g. the process stopped during createSession): nothing to close there.
        store.delete(owner, id);
        return { id, outcome: 'alreadyGone' };
      }
      const token = await tokens.graphTokenFor(user, log);
      if (!store.markClosing(owner, id, sealer.seal(token))) return { id, outcome: 'alreadyGone' };
      let outcome;
      try {
        outcome = await graph.closeSession(token, record.driveId, record.itemId, record.graphSessionId, log);
      } catch (error) {
        store.markOpenAgain(owner, id);
        throw error;
      }
      store.delete(owner, id);
      log.info({ sessionRef: id, outcome }, 'workbook session closed');
      return { id, outcome };
    },

    closeMany(user, ids, log) {
      return closeManySessions({ store, batch, tokens, sealer }, user, ids, log);
    },
  };
}

/**
 * Close several of the user's sessions in one request (POST /api/sessions/close).
 *
 * Per id, in the order given: an id that is not the user's → `failed`/`sessionNotFound` (the same
 * answer as an id that does not exist); a row Graph never confirmed (still `opening`, no Graph
 * id) → removed, `alreadyGone`; every other row is marked `closing` with its sealed credential
 * BEFORE Graph is called (crash safety: the reconciler finishes what a dead process started),
 * then all of them go to Graph through `$batch` (graph/batchClose.ts). Closed or already gone →
 * the row is deleted; failed → the row is `open` again and the error is reported for that id.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { CloseManyResponse, CloseManyResult } from '../../shared/api';
import type { AuthenticatedUser } from '../auth/ssoTokenValidator';
import type { GraphTokenProvider } from '../auth/oboClient';
import { type AppError, createAppError } from '../errors/AppError';
import type { BatchCloser, CloseResult, CloseTarget } from '../graph/batchClose';
import type { CredentialSealer } from '../registry/closeCredential';
import type { SessionOwner, SessionStore } from '../registry/SessionStore';

export interface CloseManyDeps {
  store: SessionStore;
  batch: BatchCloser;
  tokens: GraphTokenProvider;
  sealer: CredentialSealer;
}

export function failedResult(id: string, error: AppError): CloseManyResult {
  return {
    id,
    outcome: 'failed',
    error: { code: error.code, message: error.message, ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }) },
  };
}

export async function closeManySessions(deps: CloseManyDeps, user: AuthenticatedUser, ids: readonly string[], log: FastifyBaseLogger): Promise<CloseManyResponse> {
  const { store } = deps;
  const owner: SessionOwner = { tenantId: user.tenantId, userOid: user.userOid };
  const results = new Map<string, CloseManyResult>();
  const targets: CloseTarget[] = [];
  for (const id of ids) {
    const record = store.get(owner, id);
    if (record === undefined) {
      results.set(id, failedResult(id, createAppError('sessionNotFound')));
    } else if (record.graphSessionId === null) {
      // Never confirmed by Graph: nothing to close there (an open still in flight sees its row
      // gone and closes what Graph created; see sessionService.open).
      store.delete(owner, id);
      results.set(id, { id, outcome: 'alreadyGone' });
    } else {
      targets.push({ ref: id, driveId: record.driveId, itemId: record.itemId, graphSessionId: record.graphSessionId });
    }
  }

  if (targets.length > 0) {
    // Before any row changes: if the token cannot be had, nothing was touched.
    const token = await deps.tokens.graphTokenFor(user, log);
    const sealed = deps.sealer.seal(token);
    const marked = store.inTransaction(() =>
      targets.filter((target) => {
        if (store.markClosing(owner, target.ref, sealed)) return true;
        results.set(target.ref, { id: target.ref, outcome: 'alreadyGone' });
        return false;
      }),
    );
    // Each row is settled as soon as its own close is: a crash later leaves less to reconcile.
    const settleRow = (ref: string, outcome: CloseResult): void => {
      if (outcome.outcome === 'failed') {
        store.markOpenAgain(owner, ref);
        results.set(ref, failedResult(ref, outcome.error));
      } else {
        store.delete(owner, ref);
        results.set(ref, { id: ref, outcome: outcome.outcome });
      }
    };
    const settleRows = (settled: ReadonlyArray<[string, CloseResult]>): void => store.inTransaction(() => settled.forEach(([ref, outcome]) => settleRow(ref, outcome)));
    try {
      await deps.batch.closeAll(token, marked, log, settleRows);
    } finally {
      // Anything the closer did not settle (it threw) is open again: Graph did not confirm it.
      settleRows(marked.filter((target) => !results.has(target.ref)).map((target): [string, CloseResult] => [target.ref, { outcome: 'failed', error: createAppError('internalError') }]));
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
}

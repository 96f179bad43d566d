/**
 * A close of rows that another request is closing right now (two tabs, a double click, a bulk
 * close racing a single one): the second request does not send a second closeSession while the
 * first is under way; it waits for that close to end and answers the session's real state.
 */
import { createAppError } from '../errors/AppError';
import type { CloseResult } from '../graph/batchClose';
import type { SessionOwner, SessionRecord, SessionStore } from '../registry/SessionStore';

/** How long a second close waits for the first to end (Graph's bounded retries take up to about 30 s). */
export const CONCURRENT_CLOSE_WAIT_MS = 35_000;
const CONCURRENT_CLOSE_POLL_MS = 250;

/**
 * Rows another request was closing, looked at together until that close ends: gone →
 * `alreadyGone` (the session is closed, as asked); open again (that close failed) → returned, to
 * be closed by the caller; still closing after CONCURRENT_CLOSE_WAIT_MS → 409 `workbookBusy`.
 */
export async function awaitOtherCloses(
  store: Pick<SessionStore, 'getMany'>,
  owner: SessionOwner,
  ids: readonly string[],
  sleep: (ms: number) => Promise<void>,
): Promise<{ outcomes: Map<string, CloseResult>; openAgain: SessionRecord[] }> {
  const outcomes = new Map<string, CloseResult>();
  const openAgain: SessionRecord[] = [];
  let waiting = [...ids];
  // Counted in looks, not by the clock: the lifecycle's clock may be a test's, standing still.
  for (let looks = Math.ceil(CONCURRENT_CLOSE_WAIT_MS / CONCURRENT_CLOSE_POLL_MS); waiting.length > 0; looks--) {
    const rows = new Map((await store.getMany(owner, waiting)).map((row) => [row.id, row]));
    const still: string[] = [];
    for (const id of waiting) {
      const row = rows.get(id);
      if (row === undefined) outcomes.set(id, { outcome: 'alreadyGone' });
      else if (row.status !== 'closing') openAgain.push(row);
      else if (looks <= 0)
        outcomes.set(id, {
          outcome: 'failed',
          error: createAppError('workbookBusy', {
            message: 'The session is still being closed by another request.',
            retryAfterSeconds: 5,
          }),
        });
      else still.push(id);
    }
    waiting = still;
    if (waiting.length > 0) await sleep(CONCURRENT_CLOSE_POLL_MS);
  }
  return { outcomes, openAgain };
}

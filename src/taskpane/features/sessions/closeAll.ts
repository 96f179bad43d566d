/**
 * "Close all" without React: split the ids into requests the contract allows, report each
 * request's outcome as it arrives, and sum up what is left for the person to know.
 */
import { API_LIMITS, type CloseManyResult } from '../../../shared/api';
import { type Problem, type ProblemCause, problemFrom } from './problem';
import { isSessionGoneCode } from './sessionGone';

type FailedResult = Extract<CloseManyResult, { outcome: 'failed' }>;

/** What "Close all" needs from the API client (SessionsApiClient satisfies it). */
export interface CloseManyApi {
  closeSessions(ids: readonly string[]): Promise<CloseManyResult[]>;
}

export interface CloseAllReport {
  /** Sessions that no longer exist: Graph closed them, or had already dropped them. */
  goneCount: number;
  /** Why some sessions are still open; null when none are. */
  problem: Problem | null;
}

/** Called after each request with the ids it settled: gone (remove the rows) and still open. */
export type ChunkSettled = (goneIds: readonly string[], stillOpenIds: readonly string[]) => void;

export function chunksOf<T>(items: readonly T[], size: number = API_LIMITS.maxCloseManyIds): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Sends the chunks one after another. A request that fails as a whole (offline, signed out,
 * throttled) stops the rest: the next one would almost surely fail the same way, and the
 * person sees one problem instead of a storm of them.
 */
export async function closeInChunks(
  api: CloseManyApi,
  ids: readonly string[],
  onSettled: ChunkSettled,
): Promise<CloseAllReport> {
  const chunks = chunksOf(ids);
  const failed: FailedResult[] = [];
  let goneCount = 0;
  for (const [index, chunk] of chunks.entries()) {
    let results: CloseManyResult[];
    try {
      results = await api.closeSessions(chunk);
    } catch (error: unknown) {
      const unsent = chunks.slice(index).flat();
      onSettled([], unsent);
      return { goneCount, problem: closeAllProblem(failed, unsent.length, error) };
    }
    const gone: string[] = [];
    const stillOpen: string[] = [];
    for (const result of results) {
      // The middle tier no longer has it, or Graph has dropped it: what the person wanted.
      if (result.outcome === 'failed' && !isSessionGoneCode(result.error.code)) {
        failed.push(result);
        stillOpen.push(result.id);
      } else {
        gone.push(result.id);
      }
    }
    goneCount += gone.length;
    onSettled(gone, stillOpen);
  }
  return { goneCount, problem: closeAllProblem(failed, 0, undefined) };
}

/**
 * One problem for everything still open, explained by the FIRST error (classified by its code).
 * The wait quoted is the longest any failure asked for, so retrying after it is not refused again.
 */
function closeAllProblem(failed: readonly FailedResult[], unsentCount: number, thrown: unknown): Problem | null {
  const failedCount = failed.length + unsentCount;
  if (failedCount === 0) return null;
  const operation = { kind: 'closeAll', failedCount } as const;
  const first = failed[0];
  if (first === undefined) return problemFrom(thrown, operation);
  const cause: ProblemCause = { kind: 'api', code: first.error.code };
  const waits = failed.flatMap((f) => (f.error.retryAfterSeconds === undefined ? [] : [f.error.retryAfterSeconds]));
  if (waits.length > 0) cause.retryAfterSeconds = Math.max(...waits);
  return { operation, cause };
}

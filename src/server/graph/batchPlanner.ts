/**
 * Pure planning for closing many sessions through Graph JSON batching ($batch, ≤ 20 requests).
 *
 * Two rules shape the plan:
 *  - One workbook sees one request at a time. Inside a batch, the items of one workbook are a
 *    `dependsOn` chain (Graph runs them in order); items of different workbooks carry no
 *    dependency and run in parallel. Across batches, the scheduler never runs two batches that
 *    share a workbook at once.
 *  - So a workbook should be split over as few batches as possible: a workbook with ≥ 20 items
 *    fills whole batches of its own, and the remainders (< 20 each) are packed whole into
 *    batches, first-fit by decreasing size. Batches then share a workbook only when it had more
 *    than 20 items, and everything else runs in parallel.
 */
import { GRAPH_BATCH_LIMIT } from '../../shared/graph';
import { closeAnswerOutcome } from './graphErrors';
import { retryAfterMs } from './retry';

export interface BatchCandidate {
  /** The caller's key for the item (the registry id). */
  ref: string;
  /** workbookKey(driveId, itemId). */
  workbookKey: string;
}

export interface ChainedItem<T extends BatchCandidate> {
  candidate: T;
  /** The item's id inside its batch ("1".."20"). */
  batchId: string;
  /** The batch id of the previous item of the same workbook, if any. */
  dependsOn?: string;
}

/** Groups candidates into batches of at most `limit`, keeping each workbook's items in order. */
export function planBatches<T extends BatchCandidate>(
  candidates: readonly T[],
  limit: number = GRAPH_BATCH_LIMIT,
): T[][] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  const groups = new Map<string, T[]>();
  for (const candidate of candidates) {
    const group = groups.get(candidate.workbookKey);
    if (group === undefined) groups.set(candidate.workbookKey, [candidate]);
    else group.push(candidate);
  }
  const batches: T[][] = [];
  const remainders: T[][] = [];
  for (const group of groups.values()) {
    let start = 0;
    for (; group.length - start >= limit; start += limit) batches.push(group.slice(start, start + limit));
    if (start < group.length) remainders.push(group.slice(start));
  }
  // First fit, largest first (a stable sort keeps equal sizes in arrival order).
  const bins: T[][] = [];
  for (const remainder of [...remainders].sort((a, b) => b.length - a.length)) {
    const bin = bins.find((b) => b.length + remainder.length <= limit);
    if (bin === undefined) bins.push([...remainder]);
    else bin.push(...remainder);
  }
  return [...batches, ...bins];
}

/** Numbers the items of one batch and chains each workbook's items with `dependsOn`. */
export function chainBatch<T extends BatchCandidate>(batch: readonly T[]): ChainedItem<T>[] {
  const lastIdOf = new Map<string, string>();
  return batch.map((candidate, index) => {
    const batchId = String(index + 1);
    const previous = lastIdOf.get(candidate.workbookKey);
    lastIdOf.set(candidate.workbookKey, batchId);
    return previous === undefined ? { candidate, batchId } : { candidate, batchId, dependsOn: previous };
  });
}

/** What one closeSession answer inside a batch (or for a whole failed batch) means. */
export type CloseVerdict =
  | { kind: 'settled'; outcome: 'closed' | 'alreadyGone' }
  /** Try again next round: throttled (429), 5xx, 424 (its dependency failed) or a reset. */
  | { kind: 'retry'; retryAfterMs?: number; counts: boolean }
  /** A final answer; `wwwAuthenticate` keeps a 401's challenge (claims challenges). */
  | { kind: 'failed'; status: number; body: unknown; wwwAuthenticate?: string };

/**
 * 424 does not count as an attempt: the item never ran, its predecessor in the chain failed.
 * `headers` may use any case (Graph sends "Retry-After" inside batch items).
 */
export function classifyCloseAnswer(
  status: number,
  headers: Record<string, string> | undefined,
  body: unknown,
  nowMs: number,
): CloseVerdict {
  const settled = closeAnswerOutcome(status, body);
  if (settled !== undefined) return { kind: 'settled', outcome: settled };
  if (status === 424) return { kind: 'retry', counts: false };
  if (status === 429 || status >= 500) {
    const wait = retryAfterMs(headerValue(headers, 'retry-after'), nowMs);
    return wait === undefined ? { kind: 'retry', counts: true } : { kind: 'retry', retryAfterMs: wait, counts: true };
  }
  const challenge = headerValue(headers, 'www-authenticate');
  return challenge === undefined
    ? { kind: 'failed', status, body }
    : { kind: 'failed', status, body, wwwAuthenticate: challenge };
}

export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  return undefined;
}

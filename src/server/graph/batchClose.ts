/**
 * Closes many workbook sessions through Graph `$batch`, in rounds.
 *
 * Each round plans batches (batchPlanner.ts), sends them through the workbook scheduler (batches
 * on different workbooks in parallel, batches sharing a workbook one after the other), and sorts
 * every item into settled (closed / already gone), failed (a final 4xx), or retry (429, 5xx, 424,
 * or the whole batch was throttled, failed with 5xx or its connection was reset). Once a workbook
 * has been given a Retry-After in a round, its remaining items wait for the next round: the
 * `Retry-After` given for one item holds for every later request to that workbook (and one given
 * to a whole `$batch` request holds for every later `$batch` request). The next round
 * starts after the LARGEST retry-after of the round (Graph's batching guidance), or after a
 * full-jitter backoff when none was given. Bounded by attempts per item (a 424 is not an
 * attempt: the item never ran) and by total time.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import { WORKBOOK_SESSION_HEADER, type BatchRequestItem, type BatchResponseItem } from '../../shared/graph';
import { type AppError, createAppError } from '../errors/AppError';
import { OutboundNetworkError, parseJson, sendOutbound } from '../http/outboundRequest';
import { chainBatch, classifyCloseAnswer, planBatches, type BatchCandidate, type CloseVerdict } from './batchPlanner';
import { isUsableSessionId, workbookItemPath } from './graphClient';
import { graphFailureToAppError } from './graphErrors';
import { backoffMs, isConnectionReset, realSleep, type Random, type RetryPolicy, type Sleep } from './retry';
import { workbookKey, type WorkbookScheduler } from './workbookScheduler';

export interface CloseTarget {
  /** The caller's key (registry id); results are keyed by it. */
  ref: string;
  driveId: string;
  itemId: string;
  graphSessionId: string;
}

export type CloseResult = { outcome: 'closed' | 'alreadyGone' } | { outcome: 'failed'; error: AppError };

export interface BatchCloser {
  /**
   * Closes all targets; `onResults` is called as soon as a group is settled (each batch answer),
   * so the caller can record them at once (one registry transaction per call) instead of after
   * the slowest item; the map holds every result at the end.
   */
  closeAll(token: string, targets: readonly CloseTarget[], log: FastifyBaseLogger, onResults?: (settled: ReadonlyArray<[string, CloseResult]>) => void): Promise<Map<string, CloseResult>>;
}

export interface BatchCloserOptions {
  baseUrl: string;
  dispatcher: Dispatcher;
  scheduler: WorkbookScheduler;
  sleep?: Sleep;
  now?: () => number;
  random?: Random;
  /** maxAttempts counts per item; maxTotalMs bounds all rounds together. */
  retry?: RetryPolicy;
}

export const DEFAULT_BATCH_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 10_000, maxTotalMs: 30_000 };

type Candidate = CloseTarget & BatchCandidate;

interface SentBatch {
  verdicts: Map<string, CloseVerdict>;
  /** Set when the $batch request itself was throttled or unavailable with a Retry-After. */
  batchRetryAfterMs?: number;
}

export function createBatchCloser(options: BatchCloserOptions): BatchCloser {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const policy = options.retry ?? DEFAULT_BATCH_RETRY_POLICY;

  /** Sends one batch; answers a verdict per item ref. */
  async function sendBatch(token: string, batch: readonly Candidate[], round: number, log: FastifyBaseLogger): Promise<SentBatch> {
    const chained = chainBatch(batch);
    const requests: BatchRequestItem[] = chained.map(({ candidate, batchId, dependsOn }) => ({
      id: batchId,
      method: 'POST',
      url: `${workbookItemPath(candidate.driveId, candidate.itemId)}/workbook/closeSession`,
      headers: { [WORKBOOK_SESSION_HEADER]: candidate.graphSessionId, 'content-type': 'application/json' },
      body: {},
      ...(dependsOn === undefined ? {} : { dependsOn: [dependsOn] }),
    }));
    const all = (verdict: CloseVerdict): SentBatch => ({
      verdicts: new Map(batch.map((c) => [c.ref, verdict])),
      ...(verdict.kind === 'retry' && verdict.retryAfterMs !== undefined ? { batchRetryAfterMs: verdict.retryAfterMs } : {}),
    });
    const clientRequestId = randomUUID();
    const started = now();
    let response;
    try {
      response = await sendOutbound(options.dispatcher, {
        method: 'POST',
        url: `${options.baseUrl}/$batch`,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json', 'client-request-id': clientRequestId },
        body: JSON.stringify({ requests }),
      });
    } catch (error) {
      if (!(error instanceof OutboundNetworkError)) throw error;
      log.warn({ graphOp: 'batch', clientRequestId, round, items: batch.length, cause: error.causeCode }, 'Graph batch got no answer');
      return isConnectionReset(error.causeCode)
        ? all({ kind: 'retry', counts: true })
        : all({ kind: 'failed', status: 503, body: undefined });
    }
    log.info({ graphOp: 'batch', status: response.status, clientRequestId, graphRequestId: response.headers['request-id'], round, items: batch.length, ms: now() - started }, 'Graph call');
    const body = parseJson(response.text);
    if (response.status !== 200) {
      // The batch as a whole was throttled or failed: its items' verdict is the batch's.
      return all(classifyCloseAnswer(response.status, response.headers, body, now()));
    }
    const answers = new Map<string, BatchResponseItem>();
    const list = typeof body === 'object' && body !== null ? (body as { responses?: unknown }).responses : undefined;
    if (Array.isArray(list)) {
      for (const item of list as unknown[]) {
        const answer = item as Partial<BatchResponseItem> | null;
        if (answer !== null && typeof answer === 'object' && typeof answer.id === 'string' && typeof answer.status === 'number') answers.set(answer.id, answer as BatchResponseItem);
      }
    }
    const verdicts = new Map<string, CloseVerdict>();
    for (const { candidate, batchId } of chained) {
      const answer = answers.get(batchId);
      // A missing answer is an upstream fault; retrying a close is harmless (a second close is a 404).
      verdicts.set(candidate.ref, answer === undefined ? { kind: 'retry', counts: true } : classifyCloseAnswer(answer.status, answer.headers, answer.body, now()));
    }
    return { verdicts };
  }

  return {
    async closeAll(token, targets, log, onResults) {
      const results = new Map<string, CloseResult>();
      let settled: [string, CloseResult][] = [];
      const settle = (ref: string, result: CloseResult): void => {
        results.set(ref, result);
        settled.push([ref, result]);
      };
      const flush = (): void => {
        if (settled.length > 0) onResults?.(settled);
        settled = [];
      };
      const attempts = new Map<string, number>();
      let pending: Candidate[] = [];
      for (const target of targets) {
        if (!isUsableSessionId(target.graphSessionId)) {
          settle(target.ref, { outcome: 'failed', error: createAppError('internalError', { message: 'A stored workbook session id is not usable.' }) });
        } else {
          pending.push({ ...target, workbookKey: workbookKey(target.driveId, target.itemId) });
        }
      }
      flush();
      const first = now();
      // A Retry-After on the $batch request itself holds for every later $batch request.
      let batchNotBefore = 0;
      for (let round = 1; pending.length > 0; round++) {
        const retryAfters: number[] = [];
        const deferred = new Set<string>();
        const next: Candidate[] = [];
        const batches = planBatches(pending);
        await Promise.all(
          batches.map((batch) =>
            options.scheduler.run(
              batch.map((c) => c.workbookKey),
              async () => {
                // Workbooks that failed earlier in this round wait for the next one.
                const blocked = now() < batchNotBefore;
                const live = blocked ? [] : batch.filter((c) => !deferred.has(c.workbookKey));
                next.push(...batch.filter((c) => blocked || deferred.has(c.workbookKey)));
                if (live.length === 0) return;
                const sent = await sendBatch(token, live, round, log);
                if (sent.batchRetryAfterMs !== undefined) {
                  batchNotBefore = Math.max(batchNotBefore, now() + sent.batchRetryAfterMs);
                  retryAfters.push(sent.batchRetryAfterMs);
                }
                const verdicts = sent.verdicts;
                for (const candidate of live) {
                  const verdict = verdicts.get(candidate.ref) ?? { kind: 'retry', counts: true };
                  if (verdict.kind === 'settled') settle(candidate.ref, { outcome: verdict.outcome });
                  else if (verdict.kind === 'failed') settle(candidate.ref, { outcome: 'failed', error: graphFailureToAppError({ status: verdict.status, body: verdict.body }) });
                  else {
                    // A Retry-After for one item of a workbook holds for the workbook's later items too.
                    if (verdict.retryAfterMs !== undefined) {
                      deferred.add(candidate.workbookKey);
                      retryAfters.push(verdict.retryAfterMs);
                    }
                    if (verdict.counts) attempts.set(candidate.ref, (attempts.get(candidate.ref) ?? 0) + 1);
                    next.push(candidate);
                  }
                }
                flush();
              },
            ),
          ),
        );
        pending = [];
        for (const candidate of next) {
          if ((attempts.get(candidate.ref) ?? 0) >= policy.maxAttempts) settle(candidate.ref, giveUp());
          else pending.push(candidate);
        }
        flush();
        if (pending.length === 0) break;
        // Backoff grows with the failures of the most-failed item, not with the round number:
        // rounds that make progress should not slow down.
        const failures = Math.max(1, ...pending.map((c) => attempts.get(c.ref) ?? 0));
        const wait = retryAfters.length > 0 ? Math.max(...retryAfters) : backoffMs(policy, failures, random);
        if (wait > policy.maxDelayMs || now() - first + wait > policy.maxTotalMs) {
          const retryAfterSeconds = Math.ceil(wait / 1000);
          for (const candidate of pending) settle(candidate.ref, giveUp(retryAfterSeconds));
          flush();
          log.warn({ graphOp: 'batch', round, unsettled: pending.length, waitMs: wait }, 'stopped retrying batch items (time bound)');
          break;
        }
        log.info({ graphOp: 'batch', round, retrying: pending.length, waitMs: wait }, 'retrying batch items');
        await sleep(wait);
      }
      return results;
    },
  };
}

function giveUp(retryAfterSeconds?: number): CloseResult {
  return {
    outcome: 'failed',
    error: createAppError('upstreamUnavailable', {
      message: 'Microsoft Graph kept throttling or failing the close; try again later.',
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    }),
  };
}

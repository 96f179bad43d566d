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
import { WORKBOOK_SESSION_HEADER, type BatchRequestItem, type BatchResponseItem } from '../../shared/graph';
import { type AppError, createAppError } from '../errors/AppError';
import { OutboundNetworkError, parseJson } from '../http/outboundRequest';
import type { Log } from '../log';
import type { Telemetry } from '../telemetry/telemetry';
import { chainBatch, classifyCloseAnswer, planBatches, type BatchCandidate, type CloseVerdict } from './batchPlanner';
import { workbookItemPath } from './graphClient';
import { graphFailureToAppError } from './graphErrors';
import { isUsableSessionId, type GraphPipeline } from './graphPipeline';
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

/** Receives results as soon as a group is settled (each batch answer), so the caller can record them at once. */
export type OnSettled = (settled: ReadonlyArray<[string, CloseResult]>) => Promise<void>;

export interface BatchCloser {
  /** Closes all targets, reporting every result through `onSettled` (none is reported twice). */
  closeAll(token: string, targets: readonly CloseTarget[], log: Log, onSettled: OnSettled): Promise<void>;
}

export interface BatchCloserOptions {
  pipeline: GraphPipeline;
  scheduler: WorkbookScheduler;
  now: () => number;
  sleep?: Sleep;
  random?: Random;
  /** maxAttempts counts per item; maxTotalMs bounds all rounds together. */
  retry?: RetryPolicy;
  /** Records the waits between rounds. */
  telemetry?: Telemetry;
}

export const DEFAULT_BATCH_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxTotalMs: 30_000,
};

type Candidate = CloseTarget & BatchCandidate;

interface SentBatch {
  verdicts: Map<string, CloseVerdict>;
  /** Set when the $batch request itself was throttled or unavailable with a Retry-After. */
  batchRetryAfterMs?: number;
}

/** What one round leaves for the next. */
interface RoundOutcome {
  next: Candidate[];
  retryAfters: number[];
}

export function createBatchCloser(options: BatchCloserOptions): BatchCloser {
  const { pipeline, now } = options;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const policy = options.retry ?? DEFAULT_BATCH_RETRY_POLICY;

  /** Sends one batch; answers a verdict per item ref. */
  async function sendBatch(token: string, batch: readonly Candidate[], round: number, log: Log): Promise<SentBatch> {
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
      ...(verdict.kind === 'retry' && verdict.retryAfterMs !== undefined
        ? { batchRetryAfterMs: verdict.retryAfterMs }
        : {}),
    });
    let response;
    try {
      response = await pipeline.send({ op: 'batch', method: 'POST', path: '/$batch', token, body: { requests } }, log, {
        round,
        items: batch.length,
      });
    } catch (error) {
      if (!(error instanceof OutboundNetworkError)) throw error;
      // A close sent twice is harmless (the second is a 404), so a reset batch is retried.
      return isConnectionReset(error.causeCode)
        ? all({ kind: 'retry', counts: true })
        : all({ kind: 'failed', status: 503, body: undefined });
    }
    const body = parseJson(response.text);
    // The batch as a whole was throttled or failed: its items' verdict is the batch's.
    if (response.status !== 200) return all(classifyCloseAnswer(response.status, response.headers, body, now()));
    const answers = batchAnswers(body);
    const verdicts = new Map<string, CloseVerdict>();
    for (const { candidate, batchId } of chained) {
      const answer = answers.get(batchId);
      // A missing answer is an upstream fault; retrying a close is harmless.
      verdicts.set(
        candidate.ref,
        answer === undefined
          ? { kind: 'retry', counts: true }
          : classifyCloseAnswer(answer.status, answer.headers, answer.body, now()),
      );
    }
    return { verdicts };
  }

  /** One round: every pending candidate is sent once, unless its workbook (or $batch itself) must wait. */
  async function runRound(
    token: string,
    pending: readonly Candidate[],
    round: number,
    state: RoundState,
    log: Log,
  ): Promise<RoundOutcome> {
    const outcome: RoundOutcome = { next: [], retryAfters: [] };
    const deferred = new Set<string>();
    await Promise.all(
      planBatches(pending).map((batch) =>
        options.scheduler.run(
          batch.map((c) => c.workbookKey),
          async () => {
            // Workbooks that were told to wait earlier in this round go to the next one.
            const blocked = now() < state.batchNotBefore;
            const live = blocked ? [] : batch.filter((c) => !deferred.has(c.workbookKey));
            outcome.next.push(...batch.filter((c) => blocked || deferred.has(c.workbookKey)));
            if (live.length === 0) return;
            const sent = await sendBatch(token, live, round, log);
            if (sent.batchRetryAfterMs !== undefined) {
              state.batchNotBefore = Math.max(state.batchNotBefore, now() + sent.batchRetryAfterMs);
              outcome.retryAfters.push(sent.batchRetryAfterMs);
            }
            const settled: [string, CloseResult][] = [];
            for (const candidate of live) {
              const verdict = sent.verdicts.get(candidate.ref) ?? { kind: 'retry', counts: true };
              if (verdict.kind === 'settled') settled.push([candidate.ref, { outcome: verdict.outcome }]);
              else if (verdict.kind === 'failed')
                settled.push([
                  candidate.ref,
                  {
                    outcome: 'failed',
                    error: graphFailureToAppError({
                      status: verdict.status,
                      body: verdict.body,
                      op: 'closeSession',
                      wwwAuthenticate: verdict.wwwAuthenticate,
                    }),
                  },
                ]);
              else {
                // A Retry-After for one item of a workbook holds for the workbook's later items too.
                if (verdict.retryAfterMs !== undefined) {
                  deferred.add(candidate.workbookKey);
                  outcome.retryAfters.push(verdict.retryAfterMs);
                }
                if (verdict.counts) state.attempts.set(candidate.ref, (state.attempts.get(candidate.ref) ?? 0) + 1);
                outcome.next.push(candidate);
              }
            }
            if (settled.length > 0) await state.onSettled(settled);
          },
        ),
      ),
    );
    return outcome;
  }

  return {
    async closeAll(token, targets, log, onSettled) {
      const unusable = targets.filter((t) => !isUsableSessionId(t.graphSessionId));
      if (unusable.length > 0) {
        await onSettled(
          unusable.map((t) => [
            t.ref,
            {
              outcome: 'failed',
              error: createAppError('internalError', { message: 'A stored workbook session id is not usable.' }),
            },
          ]),
        );
      }
      let pending: Candidate[] = targets
        .filter((t) => isUsableSessionId(t.graphSessionId))
        .map((t) => ({ ...t, workbookKey: workbookKey(t.driveId, t.itemId) }));
      const state: RoundState = { attempts: new Map(), batchNotBefore: 0, onSettled };
      const first = now();
      for (let round = 1; pending.length > 0; round++) {
        const { next, retryAfters } = await runRound(token, pending, round, state, log);
        const exhausted = next.filter((c) => (state.attempts.get(c.ref) ?? 0) >= policy.maxAttempts);
        if (exhausted.length > 0) await onSettled(exhausted.map((c) => [c.ref, giveUp()]));
        pending = next.filter((c) => (state.attempts.get(c.ref) ?? 0) < policy.maxAttempts);
        if (pending.length === 0) break;
        const wait = nextRoundWait(pending, retryAfters, state.attempts);
        if (wait > policy.maxDelayMs || now() - first + wait > policy.maxTotalMs) {
          await onSettled(pending.map((c) => [c.ref, giveUp(Math.ceil(wait / 1000))]));
          log.warn(
            { graphOp: 'batch', round, unsettled: pending.length, waitMs: wait },
            'stopped retrying batch items (time bound)',
          );
          break;
        }
        log.info({ graphOp: 'batch', round, retrying: pending.length, waitMs: wait }, 'retrying batch items');
        options.telemetry?.graphRetryWait('batch', wait, retryAfters.length > 0);
        await sleep(wait);
      }
    },
  };

  /**
   * The largest Retry-After given in the round, else a backoff that grows with the failures of
   * the most-failed item (not with the round number: rounds that make progress should not slow down).
   */
  function nextRoundWait(
    pending: readonly Candidate[],
    retryAfters: readonly number[],
    attempts: ReadonlyMap<string, number>,
  ): number {
    if (retryAfters.length > 0) return Math.max(...retryAfters);
    return backoffMs(policy, Math.max(1, ...pending.map((c) => attempts.get(c.ref) ?? 0)), random);
  }
}

/** State carried across the rounds of one closeAll. */
interface RoundState {
  /** Counted attempts per ref. */
  attempts: Map<string, number>;
  /** A Retry-After on the $batch request itself holds for every later $batch request. */
  batchNotBefore: number;
  onSettled: OnSettled;
}

/** The items of a $batch answer by id; malformed items are left out (their request is retried). */
function batchAnswers(body: unknown): Map<string, BatchResponseItem> {
  const answers = new Map<string, BatchResponseItem>();
  const list = typeof body === 'object' && body !== null ? (body as { responses?: unknown }).responses : undefined;
  if (!Array.isArray(list)) return answers;
  for (const item of list as unknown[]) {
    const answer = item as Partial<BatchResponseItem> | null;
    if (
      answer !== null &&
      typeof answer === 'object' &&
      typeof answer.id === 'string' &&
      typeof answer.status === 'number'
    )
      answers.set(answer.id, answer as BatchResponseItem);
  }
  return answers;
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

/**
 * What requests leave in the log. At `info`, one line per answered request (method, path
 * without query, status, time), except for routine refusals: every 4xx answer (missing, bad or
 * expired tokens, rate limits, unknown routes, bad input), requests Node's parser refused or
 * that arrived too late, and connections refused over a cap. Those are logged at `debug` and
 * counted; once a minute one `info` line gives the counts by code. Under attack the log then
 * grows by a line a minute, not by a line per refused request; with `LOG_LEVEL=debug` every
 * refusal is visible again, with its request id.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { answeredErrorCode } from '../errors/errorHandler';
import type { Log } from '../log';

export const REFUSAL_SUMMARY_INTERVAL_MS = 60_000;

/** Counts routine refusals by code and logs the counts once per interval (nothing when there were none). */
export class RefusalTally {
  private counts = new Map<string, number>();
  private periodStart: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: () => Log,
    private readonly intervalMs = REFUSAL_SUMMARY_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.periodStart = now();
  }

  count(code: string): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
  }

  /** Logs the counts since the last summary, if any, and starts a new period. */
  flush(): void {
    const end = this.now();
    if (this.counts.size > 0) {
      const refusals = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
      const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
      this.log().info(
        { refusals, total, periodSeconds: Math.round((end - this.periodStart) / 1000) },
        'routine refusals',
      );
    }
    this.counts = new Map();
    this.periodStart = end;
  }

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs);
    // The summary never keeps the process alive on its own.
    this.timer.unref();
  }

  /** Stops the timer and logs what was counted since the last summary. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}

/** Fastify's per-request log lines, quiet for routine refusals (see the top of this file). */
export class QuietLogController extends LogController {
  constructor(private readonly refusals: RefusalTally) {
    super();
  }

  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) {
      // The response could not be finished (the client went away): worth a line, not an alarm.
      reply.log.warn({ ...fields, err: error }, 'request errored');
    } else if (reply.statusCode >= 400 && reply.statusCode < 500) {
      this.refusals.count(answeredErrorCode(reply) ?? `http${reply.statusCode}`);
      reply.log.debug(fields, 'request completed');
    } else {
      reply.log.info(fields, 'request completed');
    }
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'route not found');
  }
}

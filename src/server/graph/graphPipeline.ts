/**
 * The one way a request reaches Microsoft Graph, shared by single calls (graphClient.ts) and
 * `$batch` (batchClose.ts): the bearer token, a fresh `client-request-id` GUID per attempt,
 * `workbook-session-id` when the call is in a session, JSON bodies, and one log line per attempt
 * pairing our `client-request-id` with Graph's `request-id` answer header (what Microsoft support
 * asks for). Tokens and workbook session ids are never logged.
 *
 * Workbook session ids are opaque strings containing `= & % . / +`: they go into the header
 * exactly as Graph gave them (no encoding, no parsing), after a check that they cannot split it.
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { graphErrorCodes, WORKBOOK_SESSION_HEADER } from '../../shared/graph';
import { type AppError, createAppError } from '../errors/AppError';
import { OutboundNetworkError, parseJson, sendOutbound, type OutboundResponse } from '../http/outboundRequest';
import type { Log } from '../log';
import { NO_TELEMETRY, type Telemetry } from '../telemetry/telemetry';
import { graphFailureToAppError } from './graphErrors';
import {
  isConnectionReset,
  nextDelayMs,
  realSleep,
  retryAfterMs,
  type Random,
  type RetryPolicy,
  type Sleep,
} from './retry';

// Anything that could split or smuggle a header is refused (ids come from Graph, but are checked).
const HEADER_UNSAFE = /[\r\n\0]/;

/** Refuses a stored id that could split or smuggle a header. */
export function isUsableSessionId(id: string): boolean {
  return id !== '' && !HEADER_UNSAFE.test(id);
}

export interface GraphRequest {
  /** Names the call in logs (`createSession`, `batch`, …). */
  op: string;
  method: 'GET' | 'POST';
  /** Below the Graph base URL, e.g. `/drives/{id}/items/{id}/workbook/closeSession`. */
  path: string;
  token: string;
  body?: unknown;
  /** The `workbook-session-id` header. */
  sessionId?: string;
}

/** When to try again, and whether a connection reset may be retried (never where a retry could duplicate work). */
export interface RetryRule {
  policy: RetryPolicy;
  retryOnReset: boolean;
  /** Statuses answered with a wait-and-retry (Retry-After honoured). */
  statuses: ReadonlySet<number>;
}

export interface GraphPipeline {
  /** One attempt. No answer → OutboundNetworkError (logged). `logFields` are added to the log line. */
  send(request: GraphRequest, log: Log, logFields?: object): Promise<OutboundResponse>;
  /** Attempts until an answer that is not to be retried, or the rule's bounds; no answer at all → upstreamUnavailable. */
  sendWithRetry(request: GraphRequest, rule: RetryRule, log: Log): Promise<OutboundResponse>;
  /** A Graph error answer as our error (Graph's codes, Retry-After). */
  failure(response: OutboundResponse, op: string, log: Log): AppError;
}

export interface GraphPipelineOptions {
  baseUrl: string;
  dispatcher: Dispatcher;
  now: () => number;
  sleep?: Sleep;
  random?: Random;
  /** Spans and metrics of each attempt, and of the waits between them. */
  telemetry?: Telemetry;
}

export function createGraphPipeline(options: GraphPipelineOptions): GraphPipeline {
  const { now } = options;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const telemetry = options.telemetry ?? NO_TELEMETRY;

  async function send(request: GraphRequest, log: Log, logFields: object = {}): Promise<OutboundResponse> {
    if (request.sessionId !== undefined && !isUsableSessionId(request.sessionId)) {
      throw createAppError('internalError', { message: 'A stored workbook session id is not usable.' });
    }
    const clientRequestId = randomUUID();
    const headers: Record<string, string> = {
      authorization: `Bearer ${request.token}`,
      accept: 'application/json',
      'client-request-id': clientRequestId,
    };
    if (request.sessionId !== undefined) headers[WORKBOOK_SESSION_HEADER] = request.sessionId;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const started = now();
    try {
      // The retry count of a span: the attempt of a single call, the round of a $batch.
      const numbered = logFields as { attempt?: unknown; round?: unknown };
      const attempt =
        typeof numbered.attempt === 'number'
          ? numbered.attempt
          : typeof numbered.round === 'number'
            ? numbered.round
            : 1;
      const response = await telemetry.graphAttempt({ operation: request.op, attempt, clientRequestId }, () =>
        sendOutbound(options.dispatcher, {
          method: request.method,
          url: `${options.baseUrl}${request.path}`,
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
        }),
      );
      // On a failure also Graph's diagnostic header, which Microsoft asks for with the request id
      // (https://learn.microsoft.com/en-us/graph/best-practices-concept#reliability-and-support).
      const diagnostic = response.status >= 400 ? { agsDiagnostic: response.headers['x-ms-ags-diagnostic'] } : {};
      log.info(
        {
          graphOp: request.op,
          status: response.status,
          clientRequestId,
          graphRequestId: response.headers['request-id'],
          ...diagnostic,
          ms: now() - started,
          ...logFields,
        },
        'Graph call',
      );
      return response;
    } catch (error) {
      if (error instanceof OutboundNetworkError)
        log.warn(
          { graphOp: request.op, clientRequestId, cause: error.causeCode, ...logFields },
          'Graph call got no answer',
        );
      throw error;
    }
  }

  return {
    send,

    async sendWithRetry(request, rule, log) {
      const first = now();
      for (let attempt = 1; ; attempt++) {
        let response: OutboundResponse;
        try {
          response = await send(request, log, { attempt });
        } catch (error) {
          if (!(error instanceof OutboundNetworkError)) throw error;
          const delay =
            rule.retryOnReset && isConnectionReset(error.causeCode)
              ? nextDelayMs(rule.policy, attempt, now() - first, undefined, random)
              : undefined;
          if (delay === undefined)
            throw createAppError('upstreamUnavailable', { message: 'Microsoft Graph did not answer.', cause: error });
          telemetry.graphRetryWait(request.op, delay, false);
          await sleep(delay);
          continue;
        }
        if (!rule.statuses.has(response.status)) return response;
        const retryAfter = retryAfterMs(response.headers['retry-after'], now());
        const delay = nextDelayMs(rule.policy, attempt, now() - first, retryAfter, random);
        if (delay === undefined) return response;
        telemetry.graphRetryWait(request.op, delay, retryAfter !== undefined);
        await sleep(delay);
      }
    },

    failure(response, op, log) {
      const body = parseJson(response.text);
      const wait = retryAfterMs(response.headers['retry-after'], now());
      if (response.status === 401) {
        // Usually a cached token Graph no longer accepts; the session service exchanges again and
        // retries once, and says so at error level only if a fresh token is refused too.
        log.warn(
          { graphOp: op, graphCodes: graphErrorCodes(body), graphRequestId: response.headers['request-id'] },
          'Graph rejected the token',
        );
      }
      return graphFailureToAppError({
        status: response.status,
        body,
        op,
        retryAfterSeconds: wait === undefined ? undefined : Math.ceil(wait / 1000),
        wwwAuthenticate: response.headers['www-authenticate'],
      });
    },
  };
}

/**
 * The few Graph calls the add-in needs, on undici with the outbound CA. Every call carries a
 * fresh `client-request-id` GUID, and the log line pairs it with Graph's `request-id` answer
 * header (what Microsoft support asks for). Tokens and workbook session ids are never logged.
 *
 * Workbook session ids are opaque strings containing `= & % . / +`: they go into the
 * `workbook-session-id` header exactly as Graph gave them (no encoding, no parsing).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import { encodeSharingUrl } from '../../shared/sharesEncoding';
import { WORKBOOK_SESSION_HEADER, type DriveItem } from '../../shared/graph';
import { createAppError } from '../errors/AppError';
import { OutboundNetworkError, parseJson, sendOutbound, type OutboundResponse } from '../http/outboundRequest';
import { closeAnswerOutcome, graphFailureToAppError } from './graphErrors';
import { graphErrorCodes } from '../../shared/graph';
import { DEFAULT_RETRY_POLICY, isConnectionReset, nextDelayMs, realSleep, RETRYABLE_STATUSES, retryAfterMs, type Random, type RetryPolicy, type Sleep } from './retry';
import { workbookKey, WorkbookScheduler } from './workbookScheduler';

export interface WorkbookLocation {
  driveId: string;
  itemId: string;
  name: string;
  webUrl: string | null;
}

export interface CreatedSession {
  graphSessionId: string;
  persistChanges: boolean;
}

/** `closed`: Graph confirmed; `alreadyGone`: Graph no longer knew the session. */
export type GraphCloseOutcome = 'closed' | 'alreadyGone';

export interface GraphClient {
  resolveDocumentUrl(token: string, documentUrl: string, log: FastifyBaseLogger): Promise<WorkbookLocation>;
  getDriveItem(token: string, driveId: string, itemId: string, log: FastifyBaseLogger): Promise<WorkbookLocation>;
  createSession(token: string, driveId: string, itemId: string, persistChanges: boolean, log: FastifyBaseLogger): Promise<CreatedSession>;
  refreshSession(token: string, driveId: string, itemId: string, graphSessionId: string, log: FastifyBaseLogger): Promise<void>;
  closeSession(token: string, driveId: string, itemId: string, graphSessionId: string, log: FastifyBaseLogger): Promise<GraphCloseOutcome>;
}

export interface GraphClientOptions {
  baseUrl: string;
  dispatcher: Dispatcher;
  sleep?: Sleep;
  now?: () => number;
  retry?: RetryPolicy;
  random?: Random;
  /** Serialises calls per workbook; share one with the batch closer. */
  scheduler?: WorkbookScheduler;
}

const XLSX = /\.xlsx$/i;
// Anything that could split or smuggle a header is refused (ids come from Graph, but are checked).
const HEADER_UNSAFE = /[\r\n\0]/;

interface GraphCall {
  op: string;
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
  sessionId?: string;
  /** The workbook this call touches: it waits for that workbook's earlier calls. */
  workbook?: { driveId: string; itemId: string };
  /**
   * Whether a connection reset may be retried. Not for createSession: a reset can come after
   * Graph created the session, and a retry would open a second one.
   */
  retryOnReset: boolean;
}

/** The Graph path of a drive item (ids are encoded: they are opaque and may contain `!`). */
export function workbookItemPath(driveId: string, itemId: string): string {
  return `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}`;
}

/** Refuses a stored id that could split or smuggle a header. */
export function isUsableSessionId(id: string): boolean {
  return id !== '' && !HEADER_UNSAFE.test(id);
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const scheduler = options.scheduler ?? new WorkbookScheduler();

  async function call(c: GraphCall, log: FastifyBaseLogger): Promise<OutboundResponse> {
    if (c.sessionId !== undefined && (c.sessionId === '' || HEADER_UNSAFE.test(c.sessionId))) {
      throw createAppError('internalError', { message: 'A stored workbook session id is not usable.' });
    }
    const run = (): Promise<OutboundResponse> => attempts(c, log);
    return c.workbook === undefined ? run() : scheduler.run(workbookKey(c.workbook.driveId, c.workbook.itemId), run);
  }

  async function attempts(c: GraphCall, log: FastifyBaseLogger): Promise<OutboundResponse> {
    const first = now();
    for (let attempt = 1; ; attempt++) {
      const clientRequestId = randomUUID();
      const headers: Record<string, string> = {
        authorization: `Bearer ${c.token}`,
        accept: 'application/json',
        'client-request-id': clientRequestId,
      };
      if (c.sessionId !== undefined) headers[WORKBOOK_SESSION_HEADER] = c.sessionId;
      if (c.body !== undefined) headers['content-type'] = 'application/json';
      const started = now();
      let response: OutboundResponse;
      try {
        response = await sendOutbound(options.dispatcher, {
          method: c.method,
          url: `${options.baseUrl}${c.path}`,
          headers,
          body: c.body === undefined ? undefined : JSON.stringify(c.body),
        });
      } catch (error) {
        if (!(error instanceof OutboundNetworkError)) throw error;
        const delay = c.retryOnReset && isConnectionReset(error.causeCode) ? nextDelayMs(policy, attempt, now() - first, undefined, random) : undefined;
        log.warn({ graphOp: c.op, clientRequestId, attempt, cause: error.causeCode, retryInMs: delay }, 'Graph call got no answer');
        if (delay === undefined) throw createAppError('upstreamUnavailable', { message: 'Microsoft Graph did not answer.', cause: error });
        await sleep(delay);
        continue;
      }
      log.info(
        { graphOp: c.op, status: response.status, clientRequestId, graphRequestId: response.headers['request-id'], attempt, ms: now() - started },
        'Graph call',
      );
      if (!RETRYABLE_STATUSES.has(response.status)) return response;
      const delay = nextDelayMs(policy, attempt, now() - first, retryAfterMs(response.headers['retry-after'], now()), random);
      if (delay === undefined) return response;
      await sleep(delay);
    }
  }

  function fail(response: OutboundResponse, log: FastifyBaseLogger, op: string): never {
    const body = parseJson(response.text);
    const wait = retryAfterMs(response.headers['retry-after'], now());
    const error = graphFailureToAppError({ status: response.status, body, retryAfterSeconds: wait === undefined ? undefined : Math.ceil(wait / 1000) });
    if (response.status === 401) {
      log.error({ graphOp: op, graphCodes: graphErrorCodes(body), graphRequestId: response.headers['request-id'] }, 'Graph rejected the on-behalf-of token (check GRAPH_SCOPES and the app registration)');
    }
    throw error;
  }

  function toLocation(body: unknown): WorkbookLocation {
    const item = body as Partial<DriveItem> | undefined;
    const driveId = item?.parentReference?.driveId;
    if (typeof item !== 'object' || item === null || typeof item.id !== 'string' || item.id === '' || typeof item.name !== 'string' || typeof driveId !== 'string' || driveId === '') {
      throw createAppError('upstreamError', { message: 'Microsoft Graph returned a drive item without id, name or drive id.' });
    }
    if (!XLSX.test(item.name)) throw createAppError('unsupportedWorkbook', { message: 'Only .xlsx workbooks can be opened through the Excel REST API.' });
    return { driveId, itemId: item.id, name: item.name, webUrl: typeof item.webUrl === 'string' ? item.webUrl : null };
  }

  const itemPath = workbookItemPath;

  return {
    async resolveDocumentUrl(token, documentUrl, log) {
      const response = await call({ op: 'resolveDocumentUrl', method: 'GET', path: `/shares/${encodeSharingUrl(documentUrl)}/driveItem`, token, retryOnReset: true }, log);
      if (response.status !== 200) {
        // An undecodable or unknown share id is "no such workbook" from the user's point of view.
        if (response.status === 400) throw createAppError('workbookNotFound');
        fail(response, log, 'resolveDocumentUrl');
      }
      return toLocation(parseJson(response.text));
    },

    async getDriveItem(token, driveId, itemId, log) {
      const response = await call({ op: 'getDriveItem', method: 'GET', path: itemPath(driveId, itemId), token, retryOnReset: true }, log);
      if (response.status !== 200) fail(response, log, 'getDriveItem');
      return toLocation(parseJson(response.text));
    },

    async createSession(token, driveId, itemId, persistChanges, log) {
      const response = await call(
        { op: 'createSession', method: 'POST', path: `${itemPath(driveId, itemId)}/workbook/createSession`, token, body: { persistChanges }, workbook: { driveId, itemId }, retryOnReset: false },
        log,
      );
      if (response.status !== 201 && response.status !== 200) fail(response, log, 'createSession');
      const body = parseJson(response.text) as { id?: unknown; persistChanges?: unknown } | undefined;
      if (typeof body !== 'object' || body === null || typeof body.id !== 'string' || body.id === '' || HEADER_UNSAFE.test(body.id) || typeof body.persistChanges !== 'boolean') {
        throw createAppError('upstreamError', { message: 'Microsoft Graph returned a createSession answer without a usable id or persistChanges.' });
      }
      return { graphSessionId: body.id, persistChanges: body.persistChanges };
    },

    async refreshSession(token, driveId, itemId, graphSessionId, log) {
      const response = await call(
        { op: 'refreshSession', method: 'POST', path: `${itemPath(driveId, itemId)}/workbook/refreshSession`, token, body: {}, sessionId: graphSessionId, workbook: { driveId, itemId }, retryOnReset: true },
        log,
      );
      if (response.status !== 204 && response.status !== 200) fail(response, log, 'refreshSession');
    },

    async closeSession(token, driveId, itemId, graphSessionId, log) {
      // Closing twice is harmless (the second answer is 404 → alreadyGone), so resets are retried.
      const response = await call(
        { op: 'closeSession', method: 'POST', path: `${itemPath(driveId, itemId)}/workbook/closeSession`, token, body: {}, sessionId: graphSessionId, workbook: { driveId, itemId }, retryOnReset: true },
        log,
      );
      const outcome = closeAnswerOutcome(response.status, parseJson(response.text));
      if (outcome !== undefined) return outcome;
      fail(response, log, 'closeSession');
    },
  };
}

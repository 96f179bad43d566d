/**
 * The few Graph calls the add-in needs, each through the shared request pipeline
 * (graphPipeline.ts) and, when it touches a workbook, through the per-workbook scheduler (one
 * request at a time per workbook).
 */
import type { DriveItem } from '../../shared/graph';
import { encodeSharingUrl } from '../../shared/sharesEncoding';
import { createAppError } from '../errors/AppError';
import { parseJson, type OutboundResponse } from '../http/outboundRequest';
import type { CloseOutcome, WorkbookRef } from '../../shared/api';
import type { Log } from '../log';
import { closeAnswerOutcome } from './graphErrors';
import { isUsableSessionId, type GraphPipeline, type GraphRequest, type RetryRule } from './graphPipeline';
import { DEFAULT_RETRY_POLICY, NOT_PROCESSED_STATUSES, RETRYABLE_STATUSES, type RetryPolicy } from './retry';
import { workbookKey, WorkbookScheduler } from './workbookScheduler';

export interface CreatedSession {
  graphSessionId: string;
  persistChanges: boolean;
}

export interface GraphClient {
  resolveDocumentUrl(token: string, documentUrl: string, log: Log): Promise<WorkbookRef>;
  getDriveItem(token: string, driveId: string, itemId: string, log: Log): Promise<WorkbookRef>;
  createSession(
    token: string,
    driveId: string,
    itemId: string,
    persistChanges: boolean,
    log: Log,
  ): Promise<CreatedSession>;
  refreshSession(token: string, driveId: string, itemId: string, graphSessionId: string, log: Log): Promise<void>;
  /** The id of the signed-in user's own OneDrive; undefined when Graph gives none (never provisioned, or refused). */
  myDriveId(token: string, log: Log): Promise<string | undefined>;
  closeSession(token: string, driveId: string, itemId: string, graphSessionId: string, log: Log): Promise<CloseOutcome>;
}

export interface GraphClientOptions {
  pipeline: GraphPipeline;
  retry?: RetryPolicy;
  /** Serialises calls per workbook; share one with the batch closer. */
  scheduler?: WorkbookScheduler;
}

const XLSX = /\.xlsx$/i;

/** The Graph path of a drive item (ids are encoded: they are opaque and may contain `!`). */
export function workbookItemPath(driveId: string, itemId: string): string {
  return `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}`;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { pipeline } = options;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const scheduler = options.scheduler ?? new WorkbookScheduler();
  const idempotent: RetryRule = { policy, retryOnReset: true, statuses: RETRYABLE_STATUSES };
  // createSession is not idempotent: after a reset, or a 504 from a gateway, Graph may already
  // have created the session and a retry would open a second one nobody tracks. Only the answers
  // that say "not processed" (429, 503) are retried.
  const create: RetryRule = { policy, retryOnReset: false, statuses: NOT_PROCESSED_STATUSES };

  function call(
    request: GraphRequest,
    rule: RetryRule,
    log: Log,
    workbook?: { driveId: string; itemId: string },
  ): Promise<OutboundResponse> {
    const run = (): Promise<OutboundResponse> => pipeline.sendWithRetry(request, rule, log);
    return workbook === undefined ? run() : scheduler.run(workbookKey(workbook.driveId, workbook.itemId), run);
  }

  function toLocation(body: unknown): WorkbookRef {
    const item = body as Partial<DriveItem> | undefined;
    const driveId = item?.parentReference?.driveId;
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof item.id !== 'string' ||
      item.id === '' ||
      typeof item.name !== 'string' ||
      typeof driveId !== 'string' ||
      driveId === ''
    ) {
      throw createAppError('upstreamError', {
        message: 'Microsoft Graph returned a drive item without id, name or drive id.',
      });
    }
    if (!XLSX.test(item.name))
      throw createAppError('unsupportedWorkbook', {
        message: 'Only .xlsx workbooks can be opened through the Excel REST API.',
      });
    return { driveId, itemId: item.id, name: item.name, webUrl: typeof item.webUrl === 'string' ? item.webUrl : null };
  }

  const workbookPath = (driveId: string, itemId: string, action: string): string =>
    `${workbookItemPath(driveId, itemId)}/workbook/${action}`;

  return {
    async resolveDocumentUrl(token, documentUrl, log) {
      const response = await call(
        { op: 'resolveDocumentUrl', method: 'GET', path: `/shares/${encodeSharingUrl(documentUrl)}/driveItem`, token },
        idempotent,
        log,
      );
      // An undecodable or unknown share id is "no such workbook" from the user's point of view.
      if (response.status === 400) throw createAppError('workbookNotFound');
      if (response.status !== 200) throw pipeline.failure(response, 'resolveDocumentUrl', log);
      return toLocation(parseJson(response.text));
    },

    async getDriveItem(token, driveId, itemId, log) {
      const response = await call(
        { op: 'getDriveItem', method: 'GET', path: workbookItemPath(driveId, itemId), token },
        idempotent,
        log,
      );
      if (response.status !== 200) throw pipeline.failure(response, 'getDriveItem', log);
      return toLocation(parseJson(response.text));
    },

    async createSession(token, driveId, itemId, persistChanges, log) {
      const response = await call(
        {
          op: 'createSession',
          method: 'POST',
          path: workbookPath(driveId, itemId, 'createSession'),
          token,
          body: { persistChanges },
        },
        create,
        log,
        { driveId, itemId },
      );
      if (response.status !== 201 && response.status !== 200) throw pipeline.failure(response, 'createSession', log);
      const body = parseJson(response.text) as { id?: unknown; persistChanges?: unknown } | undefined;
      if (
        typeof body !== 'object' ||
        body === null ||
        typeof body.id !== 'string' ||
        !isUsableSessionId(body.id) ||
        typeof body.persistChanges !== 'boolean'
      ) {
        // Graph did create something: the lifecycle keeps a record of it (upstreamStatus says so).
        throw createAppError('upstreamError', {
          message: 'Microsoft Graph returned a createSession answer without a usable id or persistChanges.',
          upstreamStatus: response.status,
        });
      }
      return { graphSessionId: body.id, persistChanges: body.persistChanges };
    },

    async refreshSession(token, driveId, itemId, graphSessionId, log) {
      const response = await call(
        {
          op: 'refreshSession',
          method: 'POST',
          path: workbookPath(driveId, itemId, 'refreshSession'),
          token,
          body: {},
          sessionId: graphSessionId,
        },
        idempotent,
        log,
        { driveId, itemId },
      );
      if (response.status !== 204 && response.status !== 200) throw pipeline.failure(response, 'refreshSession', log);
    },

    async myDriveId(token, log) {
      // https://learn.microsoft.com/en-us/graph/api/drive-get ("Get current user's OneDrive").
      const response = await call(
        { op: 'getMyDrive', method: 'GET', path: '/me/drive?$select=id', token },
        idempotent,
        log,
      );
      if (response.status !== 200) return undefined;
      const id = (parseJson(response.text) as { id?: unknown } | undefined)?.id;
      return typeof id === 'string' && id !== '' ? id : undefined;
    },

    async closeSession(token, driveId, itemId, graphSessionId, log) {
      // Closing twice is harmless (the second answer is 404 → alreadyGone), so resets are retried.
      const response = await call(
        {
          op: 'closeSession',
          method: 'POST',
          path: workbookPath(driveId, itemId, 'closeSession'),
          token,
          body: {},
          sessionId: graphSessionId,
        },
        idempotent,
        log,
        { driveId, itemId },
      );
      const outcome = closeAnswerOutcome(response.status, parseJson(response.text));
      if (outcome !== undefined) return outcome;
      throw pipeline.failure(response, 'closeSession', log);
    },
  };
}

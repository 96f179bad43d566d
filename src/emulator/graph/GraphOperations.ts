/**
 * The Graph operations the emulator serves, as thin handlers over the stores: resolve the
 * workbook the caller can see, validate the input, call the store once, answer. They know
 * nothing of HTTP or `$batch` (graphRoutes.ts and batch/ do), and nothing of faults
 * (GraphDispatcher.ts).
 */
import { type DriveItem, WORKBOOK_SESSION_HEADER, type WorkbookSessionInfo } from '../../shared/graph';
import { decodeSharingUrl } from '../../shared/sharesEncoding';
import { graphErrors } from './graphErrors';
import { isPlainObject, parseJson } from '../common/requestContext';
import { type WorkbookRecord } from '../directory/seed';
import { type AsyncCreateRecord, type AsyncCreateStore } from './AsyncCreateStore';
import { type DirectoryStore, siteUrlOf } from '../directory/DirectoryStore';
import { type WorkbookSessionStore } from './WorkbookSessionStore';
import { addressPrefix, type WorkbookAddress } from './graphPath';
import { ODATA_JSON, type OperationInput, type OperationResult } from './operationTypes';
import { openableWorkbook, readableWorkbook } from './workbookResolver';

export interface GraphOperationDeps {
  directory: DirectoryStore;
  sessions: WorkbookSessionStore;
  asyncCreates: AsyncCreateStore;
  baseUrl: () => string;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class GraphOperations {
  constructor(private readonly deps: GraphOperationDeps) {}

  async execute(input: OperationInput): Promise<OperationResult> {
    const { target } = input;
    switch (target.resource) {
      case 'sessionAction':
        if (target.action === 'createSession') return this.createSession(target.address, input);
        return this.endOrRefresh(target.address, target.action, input);
      case 'workbookOperation':
        return this.getOperation(target.address, target.operationId, input);
      case 'sessionInfo':
        return this.getSessionInfo(target.address, target.key, input);
      case 'driveItem': {
        const workbook = readableWorkbook(this.deps.directory, target.address, input.caller.oid);
        return json(
          200,
          driveItemOf(workbook, driveItemContext(this.deps.baseUrl(), target.address, input.caller.oid)),
        );
      }
      case 'shares':
        return this.resolveShare(target.shareId, input);
      case 'myDrive':
        return this.myDrive(input);
      case 'batch':
        // A nested $batch is not an operation: the batch layer answers it.
        throw graphErrors.notInBatch(input.method, '/$batch');
    }
  }

  /**
   * The caller's OneDrive: its id, type and owner (https://learn.microsoft.com/en-us/graph/resources/drive).
   * A user whose OneDrive holds no file of the directory has none here: 404, as Graph answers a
   * user whose OneDrive was never provisioned.
   */
  private myDrive(input: OperationInput): OperationResult {
    const own = this.deps.directory.workbooks().find((w) => w.ownerOid === input.caller.oid);
    if (own === undefined) throw graphErrors.itemNotFound();
    const user = this.deps.directory.findUser(input.caller.oid);
    return json(200, {
      '@odata.context': `${this.deps.baseUrl()}/v1.0/$metadata#drives/$entity`,
      id: own.driveId,
      driveType: own.driveType,
      webUrl: `${siteUrlOf(own.webUrl)}/Documents`,
      owner: { user: { id: input.caller.oid, displayName: user?.displayName ?? '' } },
    });
  }

  private visible(address: WorkbookAddress, input: OperationInput): WorkbookRecord {
    return openableWorkbook(this.deps.directory, address, input.caller.oid);
  }

  private createSession(address: WorkbookAddress, input: OperationInput): OperationResult {
    const workbook = this.visible(address, input);
    const persistChanges = readPersistChanges(input.body);
    const { asyncCreates, sessions } = this.deps;
    const workbookRef = { driveId: workbook.driveId, itemId: workbook.itemId, name: workbook.name };
    if (prefersAsync(input.headers.prefer) && asyncCreates.currentSettings().delayMs > 0) {
      const operation = asyncCreates.start({ userOid: input.caller.oid, workbook: workbookRef, persistChanges });
      const location = `${this.deps.baseUrl()}/v1.0${addressPrefix(address)}/workbook/operations/${operation.id}`;
      return { status: 202, headers: { location, 'content-type': 'application/json; charset=utf-8' }, body: {} };
    }
    const session = sessions.create({
      workbook: workbookRef,
      userOid: input.caller.oid,
      persistChanges,
      displayLanguage: this.languageOf(input.caller.oid),
    });
    return json(201, this.sessionInfoBody(session.id, session.persistChanges));
  }

  private endOrRefresh(
    address: WorkbookAddress,
    action: 'refreshSession' | 'closeSession',
    input: OperationInput,
  ): OperationResult {
    const workbook = this.visible(address, input);
    const id = input.headers[WORKBOOK_SESSION_HEADER];
    if (id === undefined || id.trim() === '') throw graphErrors.missingSessionHeader();
    const outcome =
      action === 'refreshSession'
        ? this.deps.sessions.refresh(id, input.caller.oid, workbook)
        : this.deps.sessions.close(id, input.caller.oid, workbook);
    if (outcome === 'notFound') throw graphErrors.sessionNotFound();
    return { status: 204, headers: {} };
  }

  /**
   * "Any sessionful request" is activity (https://learn.microsoft.com/en-us/graph/api/resources/excel): a workbook request other than the three
   * session actions that carries the `workbook-session-id` of a live session of this caller on
   * this workbook keeps that session alive. An unknown id is ignored here: polls may carry none.
   */
  private countActivity(workbook: WorkbookRecord, input: OperationInput): void {
    const id = input.headers[WORKBOOK_SESSION_HEADER];
    if (id !== undefined && id.trim() !== '') this.deps.sessions.refresh(id, input.caller.oid, workbook);
  }

  private getOperation(address: WorkbookAddress, operationId: string, input: OperationInput): OperationResult {
    const workbook = this.visible(address, input);
    this.countActivity(workbook, input);
    const { asyncCreates, sessions } = this.deps;
    const operation = asyncCreates.find(operationId);
    if (operation === undefined || !sameOwner(operation, input.caller.oid, workbook)) throw graphErrors.itemNotFound();
    const status = asyncCreates.statusOf(operation);
    if (status === 'failed') return json(200, { id: operation.id, status, error: FAILED_OPERATION_ERROR });
    if (status !== 'succeeded') return json(200, { id: operation.id, status });
    let key = operation.result?.key;
    if (key === undefined) {
      const session = sessions.create({
        workbook: operation.workbook,
        userOid: operation.userOid,
        persistChanges: operation.persistChanges,
        displayLanguage: this.languageOf(operation.userOid),
      });
      key = asyncCreates.complete(operation, session.id);
    }
    const resourceLocation = `${this.deps.baseUrl()}/v1.0${addressPrefix(address)}/workbook/sessionInfoResource(key='${key}')`;
    return json(200, { id: operation.id, status, resourceLocation });
  }

  private getSessionInfo(address: WorkbookAddress, key: string, input: OperationInput): OperationResult {
    const workbook = this.visible(address, input);
    this.countActivity(workbook, input);
    const info = this.deps.asyncCreates.findSessionInfo(key);
    if (
      info === undefined ||
      info.userOid !== input.caller.oid ||
      info.workbook.driveId !== workbook.driveId ||
      info.workbook.itemId !== workbook.itemId
    ) {
      throw graphErrors.itemNotFound();
    }
    return json(200, this.sessionInfoBody(info.sessionId, info.persistChanges));
  }

  private resolveShare(shareId: string, input: OperationInput): OperationResult {
    // Share ids issued by "Share" links (`s!…`) are real Graph input the emulator does not model.
    if (shareId.startsWith('s!')) throw graphErrors.notImplemented(input.method, '/v1.0/shares/s!…/driveItem');
    const url = decodeSharingUrl(shareId);
    if (url === undefined) throw graphErrors.invalidShareId();
    const { directory } = this.deps;
    const workbook = directory.findWorkbookByUrl(url);
    if (workbook === undefined) throw graphErrors.itemNotFound();
    // The URL names a real file: Graph's answer for one the caller may not open is a 403.
    if (!directory.canAccess(input.caller.oid, workbook)) throw graphErrors.sharingLinkDenied();
    return json(
      200,
      driveItemOf(workbook, `${this.deps.baseUrl()}/v1.0/$metadata#shares('${odataKey(shareId)}')/driveItem/$entity`),
    );
  }

  private sessionInfoBody(id: string, persistChanges: boolean): WorkbookSessionInfo {
    return {
      '@odata.context': `${this.deps.baseUrl()}/v1.0/$metadata#microsoft.graph.workbookSessionInfo`,
      id,
      persistChanges,
    };
  }

  private languageOf(userOid: string): string {
    return this.deps.directory.findUser(userOid)?.preferredLanguage ?? 'en-US';
  }
}

/** The `error` of a failed workbookOperation, as the best-practice page shows it (https://learn.microsoft.com/en-us/graph/workbook-best-practice). */
const FAILED_OPERATION_ERROR = {
  code: 'internalServerError',
  message: 'An internal server error occurred while processing the request.',
  innerError: {
    code: 'internalServerErrorUncategorized',
    message: 'An unspecified error has occurred.',
    innerError: { code: 'GenericFileOpenError', message: 'The workbook cannot be opened.' },
  },
};

function sameOwner(operation: AsyncCreateRecord, userOid: string, workbook: WorkbookRecord): boolean {
  return (
    operation.userOid === userOid &&
    operation.workbook.driveId === workbook.driveId &&
    operation.workbook.itemId === workbook.itemId
  );
}

/** `Prefer` is a comma-separated list of preferences; `respond-async` may sit anywhere in it. */
function prefersAsync(prefer: string | undefined): boolean {
  return prefer !== undefined && prefer.split(',').some((p) => p.trim().toLowerCase() === 'respond-async');
}

function json(status: number, body: unknown): OperationResult {
  return { status, headers: { 'content-type': ODATA_JSON }, body };
}

/** createSession's body: exactly `{"persistChanges": <boolean>}` (CSDL: non-nullable). */
function readPersistChanges(text: string): boolean {
  if (text.trim() === '') throw graphErrors.invalidBody('A JSON body {"persistChanges": true|false} is required.');
  const parsed = parseJson(text);
  if (!parsed.ok || !isPlainObject(parsed.value))
    throw graphErrors.invalidBody('The request body is not a JSON object.');
  const unknown = Object.keys(parsed.value).filter((k) => k !== 'persistChanges');
  if (unknown.length > 0)
    throw graphErrors.invalidBody(
      `The property '${unknown[0] ?? ''}' does not exist on type 'microsoft.graph.workbookSessionInfo'.`,
    );
  const value = parsed.value.persistChanges;
  if (value === undefined) throw graphErrors.invalidBody("The parameter 'persistChanges' is required.");
  if (typeof value !== 'boolean') throw graphErrors.invalidBody("The parameter 'persistChanges' must be a boolean.");
  return value;
}

/**
 * The `@odata.context` Graph gives a driveItem, by how it was addressed:
 * `$metadata#drives('{driveId}')/items/$entity`, `$metadata#users('{oid}')/drive/items/$entity`.
 */
function driveItemContext(baseUrl: string, address: WorkbookAddress, userOid: string): string {
  const set =
    address.kind === 'drive'
      ? `drives('${odataKey(address.driveId)}')/items`
      : `users('${odataKey(userOid)}')/drive/items`;
  return `${baseUrl}/v1.0/$metadata#${set}/$entity`;
}

/** An OData key literal in a context URL: percent-encoded, `!` included (`b!…` → `b%21…`). */
function odataKey(value: string): string {
  return encodeURIComponent(value).replace(/!/g, '%21').replace(/'/g, "''");
}

/**
 * Graph's `webUrl` of an Office file on SharePoint or OneDrive for Business opens it in the
 * browser: `{site}/_layouts/15/Doc.aspx?sourcedoc={GUID}&file={name}&action=default&mobileredirect=true`
 * (https://learn.microsoft.com/en-us/graph/api/resources/driveitem — "URL that displays the resource in the browser"),
 * not the file's path, which is what `Office.context.document.url` reports.
 */
function docAspxUrl(workbook: WorkbookRecord): string {
  return `${siteUrlOf(workbook.webUrl)}/_layouts/15/Doc.aspx?sourcedoc=%7B${workbook.uniqueId}%7D&file=${encodeURIComponent(workbook.name)}&action=default&mobileredirect=true`;
}

function driveItemOf(workbook: WorkbookRecord, odataContext: string): DriveItem & Record<string, unknown> {
  return {
    '@odata.context': odataContext,
    id: workbook.itemId,
    name: workbook.name,
    webUrl: docAspxUrl(workbook),
    size: workbook.size,
    file: { mimeType: XLSX_MIME },
    parentReference: { driveId: workbook.driveId, driveType: workbook.driveType },
  };
}

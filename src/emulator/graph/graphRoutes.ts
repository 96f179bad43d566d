/**
 * Graph v1.0 routes: the three workbook session actions, `/shares/{id}/driveItem`, and the
 * driveItem itself (`/drives/{driveId}/items/{itemId}`, which a client reads to name a workbook
 * it was given by ids).
 * Handlers are thin: authenticate, resolve the workbook the caller can see, validate the
 * input, call the store once, answer. Anything else under /v1.0 is a 501 (errorHandler.ts).
 */
import { type FastifyInstance, type FastifyRequest, type HTTPMethods } from 'fastify';
import { type DriveItem, WORKBOOK_SESSION_HEADER, type WorkbookSessionInfo } from '../../shared/graph';
import { decodeSharingUrl } from '../../shared/sharesEncoding';
import { graphErrors } from '../errors/graphErrors';
import { headerValue, isPlainObject, parseJson, rawBody } from '../http/requestContext';
import { type Issuer } from '../issuer/Issuer';
import { type WorkbookRecord } from '../seed';
import { type DirectoryStore } from '../store/DirectoryStore';
import { type WorkbookSessionStore } from '../store/WorkbookSessionStore';
import { authenticateGraphCaller, SHARES_READ_SCOPES, WORKBOOK_WRITE_SCOPES } from './graphAuth';

export interface GraphRouteDeps {
  issuer: Issuer;
  directory: DirectoryStore;
  sessions: WorkbookSessionStore;
  baseUrl: () => string;
}

interface ItemParams {
  driveId: string;
  itemId: string;
}

const ODATA_JSON = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const OTHER_METHODS: HTTPMethods[] = ['GET', 'PUT', 'PATCH', 'DELETE'];
const WORKBOOK_BASE = '/v1.0/drives/:driveId/items/:itemId/workbook';

export function registerGraphRoutes(app: FastifyInstance, deps: GraphRouteDeps): void {
  const { issuer, directory, sessions } = deps;

  /** The workbook, if it exists and the caller may see it; Graph answers 404 for both cases. */
  function visibleWorkbook(params: ItemParams, userOid: string): WorkbookRecord {
    const workbook = directory.findWorkbook(params.driveId, params.itemId);
    if (workbook === undefined || !directory.canAccess(userOid, workbook)) throw graphErrors.itemNotFound();
    return workbook;
  }

  function sessionHeader(request: FastifyRequest): string {
    const id = headerValue(request, WORKBOOK_SESSION_HEADER);
    if (id === undefined || id.trim() === '') throw graphErrors.missingSessionHeader();
    return id;
  }

  app.post<{ Params: ItemParams }>(`${WORKBOOK_BASE}/createSession`, async (request, reply) => {
    const caller = await authenticateGraphCaller(request, issuer, WORKBOOK_WRITE_SCOPES);
    const workbook = visibleWorkbook(request.params, caller.oid);
    const persistChanges = readPersistChanges(rawBody(request));
    const user = directory.findUser(caller.oid);
    const session = sessions.create({
      workbook: { driveId: workbook.driveId, itemId: workbook.itemId, name: workbook.name },
      userOid: caller.oid,
      persistChanges,
      displayLanguage: user?.preferredLanguage ?? 'en-US',
    });
    const body: WorkbookSessionInfo = {
      '@odata.context': `${deps.baseUrl()}/v1.0/$metadata#microsoft.graph.workbookSessionInfo`,
      id: session.id,
      persistChanges: session.persistChanges,
    };
    return reply.status(201).type(ODATA_JSON).send(body);
  });

  app.post<{ Params: ItemParams }>(`${WORKBOOK_BASE}/refreshSession`, async (request, reply) => {
    const caller = await authenticateGraphCaller(request, issuer, WORKBOOK_WRITE_SCOPES);
    const workbook = visibleWorkbook(request.params, caller.oid);
    if (sessions.refresh(sessionHeader(request), caller.oid, workbook) === 'notFound') throw graphErrors.sessionNotFound();
    return reply.status(204).send();
  });

  app.post<{ Params: ItemParams }>(`${WORKBOOK_BASE}/closeSession`, async (request, reply) => {
    const caller = await authenticateGraphCaller(request, issuer, WORKBOOK_WRITE_SCOPES);
    const workbook = visibleWorkbook(request.params, caller.oid);
    if (sessions.close(sessionHeader(request), caller.oid, workbook) === 'notFound') throw graphErrors.sessionNotFound();
    return reply.status(204).send();
  });

  app.get<{ Params: { shareId: string } }>('/v1.0/shares/:shareId/driveItem', async (request, reply) => {
    const caller = await authenticateGraphCaller(request, issuer, SHARES_READ_SCOPES);
    const { shareId } = request.params;
    // Share ids issued by "Share" links (`s!…`) are real Graph input the emulator does not model.
    if (shareId.startsWith('s!')) throw graphErrors.notImplemented(request.method, '/v1.0/shares/s!…/driveItem');
    const url = decodeSharingUrl(shareId);
    if (url === undefined) throw graphErrors.invalidShareId();
    const workbook = directory.findWorkbookByUrl(url);
    if (workbook === undefined || !directory.canAccess(caller.oid, workbook)) throw graphErrors.itemNotFound();
    return reply.status(200).type(ODATA_JSON).send(driveItemOf(workbook, deps.baseUrl()));
  });

  app.get<{ Params: ItemParams }>('/v1.0/drives/:driveId/items/:itemId', async (request, reply) => {
    const caller = await authenticateGraphCaller(request, issuer, SHARES_READ_SCOPES);
    return reply.status(200).type(ODATA_JSON).send(driveItemOf(visibleWorkbook(request.params, caller.oid), deps.baseUrl()));
  });

  // Known resources with a method they do not take: 405, like Graph, rather than "not implemented".
  for (const path of [`${WORKBOOK_BASE}/createSession`, `${WORKBOOK_BASE}/refreshSession`, `${WORKBOOK_BASE}/closeSession`]) {
    app.route({ method: OTHER_METHODS, url: path, handler: async (request) => Promise.reject(graphErrors.methodNotAllowed(request.method)) });
  }
  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1.0/shares/:shareId/driveItem',
    handler: async (request) => Promise.reject(graphErrors.methodNotAllowed(request.method)),
  });
}

/** createSession's body: exactly `{"persistChanges": <boolean>}` (CSDL: non-nullable). */
export function readPersistChanges(text: string): boolean {
  if (text.trim() === '') throw graphErrors.invalidBody('A JSON body {"persistChanges": true|false} is required.');
  const parsed = parseJson(text);
  if (!parsed.ok || !isPlainObject(parsed.value)) throw graphErrors.invalidBody('The request body is not a JSON object.');
  const unknown = Object.keys(parsed.value).filter((k) => k !== 'persistChanges');
  if (unknown.length > 0) throw graphErrors.invalidBody(`The property '${unknown[0] ?? ''}' does not exist on type 'microsoft.graph.workbookSessionInfo'.`);
  const value = parsed.value.persistChanges;
  if (value === undefined) throw graphErrors.invalidBody("The parameter 'persistChanges' is required.");
  if (typeof value !== 'boolean') throw graphErrors.invalidBody("The parameter 'persistChanges' must be a boolean.");
  return value;
}

function driveItemOf(workbook: WorkbookRecord, baseUrl: string): DriveItem & Record<string, unknown> {
  return {
    '@odata.context': `${baseUrl}/v1.0/$metadata#driveItem`,
    id: workbook.itemId,
    name: workbook.name,
    // Graph's webUrl is percent-encoded even when Office reports the URL with raw spaces.
    webUrl: encodeURI(workbook.webUrl),
    size: workbook.size,
    file: { mimeType: XLSX_MIME },
    parentReference: { driveId: workbook.driveId, driveType: workbook.driveType },
  };
}

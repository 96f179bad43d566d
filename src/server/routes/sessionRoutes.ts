/**
 * The sessions API of src/shared/api.ts. Handlers are thin: schemas validate the input, the
 * authenticate hook supplies the user, the session service does the work, errors go to the
 * one error handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_LIMITS,
  type CloseManyResponse,
  type CloseSessionResponse,
  type ListSessionsResponse,
  type SessionResponse,
} from '../../shared/api';
import { unsupportedDocumentLocation } from '../../shared/documentLocation';
import { requireUser } from '../auth/authenticate';
import { createAppError } from '../errors/AppError';
import type { SessionService, WorkbookTarget } from '../sessions/sessionService';
import { GUID_PATTERN } from '../../shared/guid';

// Graph drive and item ids are opaque printable ASCII, never whitespace, control characters,
// path or URL syntax characters, nor a bare "." / ".." (a path step once placed in a Graph URL).
const GRAPH_ID_PATTERN = '^(?!\\.{1,2}$)(?:(?![/\\\\?#%])[\\x21-\\x7e])+$';

const graphId = {
  type: 'string',
  minLength: 1,
  maxLength: API_LIMITS.maxGraphIdLength,
  pattern: GRAPH_ID_PATTERN,
} as const;

const createSessionBodySchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['documentUrl', 'persistChanges'],
      properties: {
        // Spaces may appear (Office reports some URLs unencoded); control characters never. A
        // path (a file on the computer) passes here so it can be answered unsupportedWorkbook.
        documentUrl: {
          type: 'string',
          minLength: 3,
          maxLength: API_LIMITS.maxDocumentUrlLength,
          pattern: '^(?:https://|[A-Za-z]:[\\\\/]|\\\\\\\\|/)[^\\u0000-\\u001f\\u007f]+$',
        },
        persistChanges: { type: 'boolean' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['driveId', 'itemId', 'persistChanges'],
      properties: { driveId: graphId, itemId: graphId, persistChanges: { type: 'boolean' } },
    },
  ],
} as const;

const idParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: GUID_PATTERN } },
} as const;

const closeManyBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ids'],
  properties: {
    ids: {
      type: 'array',
      minItems: 1,
      maxItems: API_LIMITS.maxCloseManyIds,
      uniqueItems: true,
      items: { type: 'string', pattern: GUID_PATTERN },
    },
  },
} as const;

type CreateBody =
  { documentUrl: string; persistChanges: boolean } | { driveId: string; itemId: string; persistChanges: boolean };
type IdParams = { id: string };

function workbookTarget(body: CreateBody): WorkbookTarget {
  if ('documentUrl' in body) {
    const unsupported = unsupportedDocumentLocation(body.documentUrl);
    if (unsupported !== undefined) {
      throw createAppError('unsupportedWorkbook', {
        message:
          unsupported === 'localFile'
            ? 'The workbook is a file on the computer; the Excel API opens files in OneDrive for work or school or SharePoint only.'
            : 'The workbook is in a personal OneDrive, which the Excel API does not serve.',
        target: '/body/documentUrl',
      });
    }
    let url: URL;
    try {
      url = new URL(body.documentUrl);
    } catch {
      throw createAppError('invalidRequest', { message: 'documentUrl is not a URL.', target: '/body/documentUrl' });
    }
    if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
      throw createAppError('invalidRequest', {
        message: 'documentUrl must be an https URL without credentials.',
        target: '/body/documentUrl',
      });
    }
    return { documentUrl: body.documentUrl };
  }
  return { driveId: body.driveId, itemId: body.itemId };
}

/** Registers the API routes; the caller has installed the authenticate hook on this scope. */
export function registerSessionRoutes(api: FastifyInstance, sessions: SessionService): void {
  api.get('/api/sessions', async (request): Promise<ListSessionsResponse> => ({
    sessions: await sessions.list(requireUser(request)),
  }));

  api.post(
    '/api/sessions',
    { schema: { body: createSessionBodySchema } },
    async (request: FastifyRequest<{ Body: CreateBody }>, reply): Promise<SessionResponse> => {
      const session = await sessions.open(
        requireUser(request),
        workbookTarget(request.body),
        request.body.persistChanges,
        request.log,
      );
      reply.status(201);
      return { session };
    },
  );

  api.post(
    '/api/sessions/:id/refresh',
    { schema: { params: idParamsSchema } },
    async (request: FastifyRequest<{ Params: IdParams }>): Promise<SessionResponse> => ({
      session: await sessions.refresh(requireUser(request), request.params.id.toLowerCase(), request.log),
    }),
  );

  api.post(
    '/api/sessions/close',
    { schema: { body: closeManyBodySchema } },
    async (request: FastifyRequest<{ Body: { ids: string[] } }>): Promise<CloseManyResponse> => {
      // Ids are case-insensitive UUIDs; the same id in two cases is one session asked twice.
      const ids = request.body.ids.map((id) => id.toLowerCase());
      if (new Set(ids).size !== ids.length)
        throw createAppError('invalidRequest', { message: 'ids must be unique.', target: '/body/ids' });
      return sessions.closeMany(requireUser(request), ids, request.log);
    },
  );

  api.delete(
    '/api/sessions/:id',
    { schema: { params: idParamsSchema } },
    async (request: FastifyRequest<{ Params: IdParams }>): Promise<CloseSessionResponse> =>
      sessions.close(requireUser(request), request.params.id.toLowerCase(), request.log),
  );
}

/** Methods each API path accepts, for 405 answers with an `Allow` header. */
export const API_ROUTE_METHODS: Record<string, string[]> = {
  '/api/sessions': ['GET', 'POST'],
  '/api/sessions/:id': ['DELETE'],
  '/api/sessions/:id/refresh': ['POST'],
  '/api/sessions/close': ['POST'],
  '/api/sign-in-config': ['GET'],
};

// OPTIONS included: the API answers no CORS preflight (the pane is same-origin), so it is a wrong method too.
const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** 405 for known paths with other methods, and the envelope 404 for any other /api path. */
export function registerApiFallbacks(app: FastifyInstance): void {
  for (const [url, allowed] of Object.entries(API_ROUTE_METHODS)) {
    const others = ALL_METHODS.filter((m) => !allowed.includes(m));
    const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', ');
    app.route({
      method: others,
      url,
      handler: async () => {
        throw createAppError('methodNotAllowed', { headers: { allow } });
      },
    });
  }
  app.route({
    method: [...ALL_METHODS],
    url: '/api/*',
    handler: async (request) => {
      throw createAppError('routeNotFound', {
        message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`,
      });
    },
  });
}

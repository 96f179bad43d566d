/**
 * The HTTP API of the middle tier, as the task pane sees it.
 *
 *   GET    /api/sessions                 → 200 ListSessionsResponse
 *   POST   /api/sessions                 → 201 SessionResponse        (body: CreateSessionRequest)
 *   POST   /api/sessions/{id}/refresh    → 200 SessionResponse
 *   DELETE /api/sessions/{id}            → 200 CloseSessionResponse
 *   POST   /api/sessions/close           → 200 CloseManyResponse      (body: CloseManyRequest)
 *   GET    /api/sign-in-config           → 200 SignInConfig (no token: the pane needs it to get one)
 *
 * Every other request carries `Authorization: Bearer <Office SSO token>`. Errors: see errors.ts.
 * Session ids here are the middle tier's own registry ids (UUIDs). Graph's workbook session ids
 * never leave the middle tier: they are bearer-like capabilities for the workbook.
 */
import type { ApiErrorCode } from './errors';

export const API_PATHS = {
  sessions: '/api/sessions',
  session: (id: string): string => `/api/sessions/${encodeURIComponent(id)}`,
  refresh: (id: string): string => `/api/sessions/${encodeURIComponent(id)}/refresh`,
  closeMany: '/api/sessions/close',
  signInConfig: '/api/sign-in-config',
} as const;

/**
 * What MSAL.js in the pane and in the sign-in dialog needs when Office SSO cannot give a token
 * (nested app authentication, the Office dialog). None of it is secret.
 */
export interface SignInConfig {
  /** The add-in's app registration (client) id. */
  clientId: string;
  /** The Entra authority MSAL signs in against, e.g. https://login.microsoftonline.com/<tenant>. */
  authority: string;
  /** The one scope of the token the middle tier accepts: `api://<host>/<client id>/access_as_user`. */
  apiScope: string;
  /** The Graph permissions the middle tier exchanges that token for (what consent must cover). */
  graphScopes: string[];
}

/**
 * `opening`: createSession was sent and its answer is not recorded yet.
 * `open`: Graph confirmed the session and it has not been idle past its lifetime.
 * `closing`: closeSession was sent and its answer is not recorded yet.
 * `expired`: idle past its lifetime (see sessionLifetime.ts); Graph has most likely dropped it.
 */
export type SessionStatus = 'opening' | 'open' | 'closing' | 'expired';

export interface WorkbookRef {
  driveId: string;
  itemId: string;
  /** File name, e.g. "Presupuesto 2027.xlsx". */
  name: string;
  /** The document URL the session was opened from; opened by ids, Graph's browser link to the file. */
  webUrl: string | null;
}

export interface SessionView {
  id: string;
  workbook: WorkbookRef;
  /** true: changes are saved to the file; false: a view-only (non-persistent) session. */
  persistChanges: boolean;
  /** ISO 8601 instants. */
  openedAt: string;
  lastActivityAt: string;
  /** When Graph will most likely drop the session if nothing touches it (derived). */
  expiresAt: string;
  status: SessionStatus;
}

export interface ListSessionsResponse {
  sessions: SessionView[];
}

/** Open a session on a workbook given by its document URL (`Office.context.document.url`)... */
export interface CreateSessionByUrl {
  documentUrl: string;
  persistChanges: boolean;
}

/** ...or by its drive and item ids. */
export interface CreateSessionByIds {
  driveId: string;
  itemId: string;
  persistChanges: boolean;
}

export type CreateSessionRequest = CreateSessionByUrl | CreateSessionByIds;

export interface SessionResponse {
  session: SessionView;
}

/** `closed`: Graph confirmed the close. `alreadyGone`: Graph no longer knew the session. */
export type CloseOutcome = 'closed' | 'alreadyGone';

export interface CloseSessionResponse {
  id: string;
  outcome: CloseOutcome;
}

/** Close several sessions at once: 1..API_LIMITS.maxCloseManyIds unique session ids. */
export interface CloseManyRequest {
  ids: string[];
}

/**
 * One id's outcome. `failed` carries the error a single DELETE would have answered, e.g.
 * `sessionNotFound` (unknown or another user's id), `upstreamUnavailable` (Graph kept
 * throttling or failing; the session stays open and listed), `workbookAccessDenied`.
 */
export type CloseManyResult =
  | { id: string; outcome: CloseOutcome }
  | { id: string; outcome: 'failed'; error: { code: ApiErrorCode; message: string; retryAfterSeconds?: number } };

/** One result per id, in the order of the request. */
export interface CloseManyResponse {
  results: CloseManyResult[];
}

/** Limits shared by the validator in the middle tier and the task pane's own checks. */
export const API_LIMITS = {
  /** Largest JSON body accepted by any route. */
  maxBodyBytes: 16 * 1024,
  /** Longest document URL accepted. */
  maxDocumentUrlLength: 2048,
  /** Longest drive or item id accepted. */
  maxGraphIdLength: 256,
  /** Most ids in one CloseManyRequest. */
  maxCloseManyIds: 200,
} as const;

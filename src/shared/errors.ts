/**
 * The error model on the wire between the task pane and the middle tier.
 *
 * Every non-2xx answer of the middle tier's API is one `ApiErrorEnvelope` with a real HTTP
 * status. Clients branch on `code` (never on `message`, which is for people and logs).
 */

/** Every code the middle tier can answer with, and the HTTP status it always comes with. */
export const API_ERROR_STATUS = {
  /** No `Authorization: Bearer` header. The task pane gets a token and retries. */
  missingToken: 401,
  /** The SSO token is malformed, badly signed, for another audience/issuer/tenant, or lacks `access_as_user`. */
  invalidToken: 401,
  /**
   * The token names a tenant this deployment does not serve (TENANT_ID / ALLOWED_TENANTS). No new
   * token helps: the user's organization must be allowed by whoever runs the add-in's service.
   */
  tenantNotAllowed: 403,
  /** A valid token obtained by an application the API does not accept (`azp`/`appid` not on the allow-list). */
  unauthorizedClient: 401,
  /** The SSO token (or the assertion given to Entra) has expired: get a fresh one and retry once. */
  tokenExpired: 401,
  /** Entra asks for more (MFA, conditional access): call getAccessToken({ authChallenge: claims }). */
  claimsChallenge: 401,
  /** The user or admin has not consented to the Graph scopes the add-in needs. */
  consentRequired: 403,
  /*
   * The causes of Graph's workbook failures below are classified by Graph's error codes, the
   * second-level `innerError` code first (https://learn.microsoft.com/en-us/graph/workbook-error-codes,
   * https://learn.microsoft.com/en-us/graph/workbook-error-handling), and by the call that failed.
   */
  /** Graph refused the workbook to a user who is not its owner (no permission on someone else's file): ask the owner. */
  workbookAccessDenied: 403,
  /** Graph refused a workbook in the user's own OneDrive: sharing cannot help (a label or a policy blocks it). */
  ownWorkbookAccessDenied: 403,
  /** Excel on the web could not get its access token for the file (403 `accessDenied` on createSession, no second-level code). */
  wacTokenRefused: 403,
  /** The service's configuration or restrictions forbid sessions on this workbook (`invalidSessionRestricted`). */
  workbookRestricted: 403,
  /** Graph refused to close the session (a 403 on closeSession): it ends by itself once idle. */
  closeRefused: 403,
  /** The request body, path or query is not what the route accepts. */
  invalidRequest: 400,
  /** The session id does not exist, or belongs to somebody else (indistinguishable on purpose). */
  sessionNotFound: 404,
  /** The workbook could not be found from the URL or ids given. */
  workbookNotFound: 404,
  /** The file is not a workbook the Excel REST API can open (e.g. not .xlsx, consumer OneDrive, a file on the computer). */
  unsupportedWorkbook: 422,
  /** The workbook is locked for editing by another client (`accessConflict`); `retryAfterSeconds` says when to try again. */
  workbookBusy: 409,
  /** The session conflicts with other clients' changes (`invalidSessionAccessConflict`): it cannot be used again. */
  sessionConflict: 409,
  /** Graph reports the session as gone (expired or closed): it can be recreated. */
  sessionExpired: 410,
  /** The body is over the size limit. */
  payloadTooLarge: 413,
  /** Too many requests from this user to the middle tier; `retryAfterSeconds` says when to come back. */
  rateLimited: 429,
  /** Microsoft Graph kept throttling the user's requests (429) past the bounded retries; `retryAfterSeconds` is Graph's wait. */
  graphThrottled: 429,
  /** Excel could not open the file (`GenericFileOpenError`): it may be damaged or too large for Excel on the web. */
  workbookCannotOpen: 502,
  /** Graph or Entra did not answer, or answered 5xx, after bounded retries (service down or not responding). */
  upstreamUnavailable: 503,
  /** The middle tier cannot reach its own session registry (database) right now; nothing was changed. */
  serviceUnavailable: 503,
  /** Graph or Entra answered something the middle tier cannot use. */
  upstreamError: 502,
  /**
   * Graph lost the workbook session (a 502 without second-level code, or `invalidSessionUnexpected`,
   * on refresh): the middle tier forgets it. A close that meets the same answer reports `alreadyGone`.
   */
  sessionLost: 502,
  /** The middle tier is misconfigured (wrong scope, wrong secret): details are in the server log only. */
  serverMisconfigured: 500,
  /** Anything unexpected. Logged with the request id; never a stack on the wire. */
  internalError: 500,
  /** A route or option that exists in the contract but is not implemented. */
  notImplemented: 501,
  /** No such route. */
  routeNotFound: 404,
  /** The route exists but not with this method. */
  methodNotAllowed: 405,
  /** The request's content type is not JSON where JSON is required. */
  unsupportedMediaType: 415,
  /** The request (headers or body) did not arrive in time; the connection is closed. Safe to send again. */
  requestTimeout: 408,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorBody {
  code: ApiErrorCode;
  /** For developers and logs; the task pane shows its own localised text chosen by `code`. */
  message: string;
  /** The middle tier's request id, also sent as the `request-id` response header. */
  requestId?: string;
  /** With `claimsChallenge`: the claims string to pass as `authChallenge`. */
  claims?: string;
  /** With `rateLimited` / `graphThrottled` / `upstreamUnavailable` / `workbookBusy`: seconds to wait before retrying. */
  retryAfterSeconds?: number;
  /** With `invalidRequest`: which input was wrong (a JSON pointer-like path). */
  target?: string;
}

export interface ApiErrorEnvelope {
  error: ApiErrorBody;
}

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(API_ERROR_STATUS, value);
}

/** Validates a parsed JSON body as our envelope; anything else is `undefined`. */
export function parseApiErrorEnvelope(body: unknown): ApiErrorEnvelope | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (!isApiErrorCode(e.code) || typeof e.message !== 'string') return undefined;
  const out: ApiErrorBody = { code: e.code, message: e.message };
  if (typeof e.requestId === 'string') out.requestId = e.requestId;
  if (typeof e.claims === 'string') out.claims = e.claims;
  if (typeof e.retryAfterSeconds === 'number' && Number.isFinite(e.retryAfterSeconds) && e.retryAfterSeconds >= 0) {
    out.retryAfterSeconds = e.retryAfterSeconds;
  }
  if (typeof e.target === 'string') out.target = e.target;
  return { error: out };
}

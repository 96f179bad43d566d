/**
 * The middle tier's one error type. Every failure that reaches the wire is an AppError with a
 * code from the shared contract; its HTTP status always comes from API_ERROR_STATUS, so a code
 * and its status can never disagree. The message is for developers; the task pane localises by code.
 */
import { API_ERROR_STATUS, type ApiErrorCode } from '../../shared/errors';

const DEFAULT_MESSAGES: Record<ApiErrorCode, string> = {
  missingToken: 'The request has no Authorization: Bearer token.',
  invalidToken: 'The access token is not valid for this API.',
  tenantNotAllowed: 'The access token is for a tenant this API does not serve (see TENANT_ID and ALLOWED_TENANTS).',
  unauthorizedClient: 'The access token was obtained by an application this API does not accept.',
  tokenExpired: 'The access token has expired; get a new one and retry.',
  claimsChallenge: 'Microsoft Entra ID requires additional claims (for example multi-factor authentication).',
  consentRequired: 'The user or administrator has not consented to the permissions the add-in needs.',
  workbookAccessDenied: 'Microsoft Graph denied access to the workbook.',
  ownWorkbookAccessDenied: "Microsoft Graph denied access to a workbook in the user's own OneDrive.",
  wacTokenRefused: 'Excel on the web could not obtain an access token for the workbook.',
  workbookRestricted: 'The service restricts workbook sessions on this workbook.',
  closeRefused: 'Microsoft Graph refused to close the workbook session.',
  invalidRequest: 'The request is not valid.',
  sessionNotFound: 'No such session.',
  workbookNotFound: 'The workbook could not be found.',
  unsupportedWorkbook: 'This file is not a workbook the Excel REST API can open.',
  workbookBusy: 'The workbook is locked for editing by another client; retry later.',
  sessionConflict: "The workbook session conflicts with other clients' changes and cannot be used again.",
  sessionLost: 'Microsoft Graph lost the workbook session.',
  sessionExpired: 'The workbook session has expired or was closed.',
  payloadTooLarge: 'The request body is too large.',
  rateLimited: 'Too many requests; retry later.',
  graphThrottled: 'Microsoft Graph is throttling requests; retry later.',
  workbookCannotOpen: 'Excel could not open the workbook.',
  upstreamUnavailable: 'Microsoft Graph or Entra ID is unavailable; retry later.',
  upstreamError: 'Microsoft Graph or Entra ID returned an unexpected answer.',
  serviceUnavailable:
    "The add-in's service cannot reach its session registry right now; nothing was changed. Retry later.",
  serverMisconfigured: 'The server is misconfigured; the administrator has been told in the server log.',
  internalError: 'An unexpected error occurred.',
  notImplemented: 'This is not implemented.',
  routeNotFound: 'No such route.',
  methodNotAllowed: 'This route does not accept this method.',
  unsupportedMediaType: 'The request body must be JSON (Content-Type: application/json).',
  requestTimeout: 'The request did not arrive in time.',
};

export interface AppErrorDetails {
  /** Overrides the default message (never put secrets, tokens or session ids here). */
  message?: string;
  claims?: string;
  retryAfterSeconds?: number;
  target?: string;
  /** HTTP headers to add to the error response (e.g. Allow, Retry-After). */
  headers?: Record<string, string>;
  cause?: unknown;
  /** The status Graph or Entra answered, when this error stands for one. Internal: never on the wire. */
  upstreamStatus?: number;
}

export class AppError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly claims?: string;
  readonly retryAfterSeconds?: number;
  readonly target?: string;
  readonly headers: Record<string, string>;
  readonly upstreamStatus?: number;

  constructor(code: ApiErrorCode, details: AppErrorDetails = {}) {
    super(
      details.message ?? DEFAULT_MESSAGES[code],
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'AppError';
    this.code = code;
    this.status = API_ERROR_STATUS[code];
    if (details.claims !== undefined) this.claims = details.claims;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
    if (details.target !== undefined) this.target = details.target;
    this.headers = details.headers ?? {};
    if (details.upstreamStatus !== undefined) this.upstreamStatus = details.upstreamStatus;
  }
}

/** The error factory: `createAppError('sessionNotFound')`. */
export function createAppError(code: ApiErrorCode, details?: AppErrorDetails): AppError {
  return new AppError(code, details);
}

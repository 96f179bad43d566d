/**
 * Graph's error envelope → our typed errors, by the call that failed, the HTTP status and Graph's
 * error codes (compared lower-cased, at every level of `innerError`); message text is never read.
 * The codes and what a client should do about each:
 *  - https://learn.microsoft.com/en-us/graph/workbook-error-codes (top-level codes, second-level codes)
 *  - https://learn.microsoft.com/en-us/graph/workbook-error-handling (sessionful 502/503, conflicts)
 *  - https://learn.microsoft.com/en-us/graph/workbook-manage-session (sessions: create, refresh, close)
 *  - https://learn.microsoft.com/en-us/graph/throttling (429 and Retry-After)
 */
import { graphErrorCodes } from '../../shared/graph';
import type { ApiErrorCode } from '../../shared/errors';
import { type AppError, type AppErrorDetails, createAppError } from '../errors/AppError';
import { insufficientClaimsOf } from './bearerChallenge';

export interface GraphFailure {
  status: number;
  body: unknown;
  retryAfterSeconds?: number;
  /** The Graph call that failed (`createSession`, `refreshSession`, `closeSession`, …). */
  op?: string;
  /** Graph's `WWW-Authenticate` answer header (a 401's challenge). */
  wwwAuthenticate?: string;
}

/** Calls made inside a workbook session (they carry `workbook-session-id`). */
const SESSIONFUL_OPS: ReadonlySet<string> = new Set(['refreshSession', 'closeSession']);

/**
 * How long to suggest waiting on a 409 without Retry-After. Graph only says not to resend "until
 * the conflict is resolved" (https://learn.microsoft.com/en-us/graph/workbook-error-handling);
 * the value is docs/decisions.md's choice.
 */
export const WORKBOOK_BUSY_RETRY_SECONDS = 30;

/** Second-level codes that say the session itself is dead ("invalidSession…") but not why the workbook fails. */
function isSessionGone(codes: string[]): boolean {
  return codes.some((code) => code.startsWith('invalidsession') && code !== 'invalidsessionunsupportedworkbook');
}

/** A sessionful 502 with no second-level code: Microsoft's advice is to recreate the session (it is lost). */
function isLostSessionAnswer(status: number, codes: string[]): boolean {
  return status === 502 && codes.length <= 1;
}

/**
 * What a closeSession answer means: 2xx → closed; 404, an `invalidSession*` code (other than
 * throttling), or a 502 without second-level code (Graph lost the session, so there is nothing
 * left to close) → already gone; anything else (throttled, 5xx, 403…) → undefined: not settled,
 * the caller retries or reports it.
 */
export function closeAnswerOutcome(status: number, body: unknown): 'closed' | 'alreadyGone' | undefined {
  if (status === 200 || status === 204) return 'closed';
  if (status === 404) return 'alreadyGone';
  const codes = graphErrorCodes(body);
  if (status >= 400 && status !== 429 && isSessionGone(codes)) return 'alreadyGone';
  if (isLostSessionAnswer(status, codes)) return 'alreadyGone';
  return undefined;
}

export function graphFailureToAppError(failure: GraphFailure): AppError {
  const error = classifyGraphFailure(failure);
  return createAppError(error.code, { ...error.details, upstreamStatus: failure.status });
}

type Classified = { code: ApiErrorCode; details?: AppErrorDetails };

function classifyGraphFailure(failure: GraphFailure): Classified {
  const codes = graphErrorCodes(failure.body);
  const { status, op } = failure;
  // Continuous access evaluation: the user must get a token with these claims (bearerChallenge.ts).
  const claims = status === 401 ? insufficientClaimsOf(failure.wwwAuthenticate) : undefined;
  if (claims !== undefined)
    return {
      code: 'claimsChallenge',
      details: {
        claims,
        message: 'Microsoft Graph asks for a new sign-in with more claims (continuous access evaluation).',
      },
    };
  if (codes.includes('invalidsessionunsupportedworkbook') || codes.includes('unsupportedworkbook')) {
    return { code: 'unsupportedWorkbook' };
  }
  // The third-level code of a file Excel cannot open, under a 500 (or the top-level code itself).
  if (codes.includes('genericfileopenerror')) return { code: 'workbookCannotOpen' };
  if (status === 404 && isSessionGone(codes)) return { code: 'sessionExpired' };
  if (status === 404) return { code: 'workbookNotFound' };
  if (status === 403) return { code: accessDeniedCause(codes, op) };
  if (status === 409) return conflictCause(codes, failure.retryAfterSeconds);
  const sessionful = op !== undefined && SESSIONFUL_OPS.has(op);
  // A session Graph lost: a bare 502, or the session made invalid by "an unexpected issue".
  if (sessionful && (isLostSessionAnswer(status, codes) || codes.includes('invalidsessionunexpected'))) {
    return { code: 'sessionLost' };
  }
  const wait = failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds };
  // Still throttled once the bounded retries are spent (or asked to wait longer than they allow).
  if (status === 429) return { code: 'graphThrottled', details: wait };
  if (status >= 500) return { code: 'upstreamUnavailable', details: wait };
  // 401 means Graph did not accept a token Entra just gave us: not the user's fault, nor fixable by them.
  return {
    code: 'upstreamError',
    details: { message: `Microsoft Graph answered ${status}${codes[0] === undefined ? '' : ` (${codes[0]})`}.` },
  };
}

/**
 * A 403, by the call and Graph's codes. Whether the file is the user's own is decided later
 * (sessionService.ts): Graph's answer does not say.
 */
function accessDeniedCause(codes: string[], op: string | undefined): ApiErrorCode {
  if (op === 'closeSession') return 'closeRefused';
  if (codes.includes('invalidsessionrestricted')) return 'workbookRestricted';
  // "Could not obtain a WAC access token." comes as a bare top-level accessDenied on a workbook call,
  // while a refused file names FileOpenUserUnauthorized (second level unauthorizedUncategorized).
  const bareAccessDenied = codes.length === 1 && codes[0] === 'accessdenied';
  if (bareAccessDenied && (op === 'createSession' || op === 'refreshSession')) return 'wacTokenRefused';
  return 'workbookAccessDenied';
}

/** A 409: the workbook locked for editing (`accessConflict`) or the session spoilt by other clients. */
function conflictCause(codes: string[], retryAfterSeconds: number | undefined): Classified {
  if (codes.includes('invalidsessionaccessconflict')) return { code: 'sessionConflict' };
  return { code: 'workbookBusy', details: { retryAfterSeconds: retryAfterSeconds ?? WORKBOOK_BUSY_RETRY_SECONDS } };
}

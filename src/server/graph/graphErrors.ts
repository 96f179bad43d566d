/**
 * Graph's error envelope → our typed errors. Codes are compared lower-cased, from the most
 * detailed (innermost) outwards, as Graph's error guidance asks; message text is never read.
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

function isSessionGone(codes: string[]): boolean {
  return codes.some((code) => code.startsWith('invalidsession') && code !== 'invalidsessionunsupportedworkbook');
}

/**
 * What a closeSession answer means: 2xx → closed; 404, or any 4xx naming an `invalidSession*`
 * code → the session is already gone (expired, closed, or its workbook deleted); anything else
 * (throttled, 5xx, 403…) → undefined: not settled, the caller retries or reports it.
 */
export function closeAnswerOutcome(status: number, body: unknown): 'closed' | 'alreadyGone' | undefined {
  if (status === 200 || status === 204) return 'closed';
  if (status === 404) return 'alreadyGone';
  if (status >= 400 && status < 500 && status !== 429 && isSessionGone(graphErrorCodes(body))) return 'alreadyGone';
  return undefined;
}

export function graphFailureToAppError(failure: GraphFailure): AppError {
  const error = classifyGraphFailure(failure);
  return createAppError(error.code, { ...error.details, upstreamStatus: failure.status });
}

function classifyGraphFailure(failure: GraphFailure): { code: ApiErrorCode; details?: AppErrorDetails } {
  const codes = graphErrorCodes(failure.body);
  const { status } = failure;
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
  if (status === 404 && isSessionGone(codes)) return { code: 'sessionExpired' };
  if (status === 404) return { code: 'workbookNotFound' };
  // FileOpenUserUnauthorized, accessDenied on /shares, "Could not obtain a WAC access token", invalidSessionRestricted.
  if (status === 403) return { code: 'workbookAccessDenied' };
  // accessConflict (locked for editing), invalidSessionAccessConflict (co-authoring), conflict.
  if (status === 409)
    return {
      code: 'workbookBusy',
      details: { retryAfterSeconds: failure.retryAfterSeconds ?? WORKBOOK_BUSY_RETRY_SECONDS },
    };
  // A sessionful call's 502 without a code that says otherwise: Microsoft's advice is to recreate the session.
  if (status === 502 && failure.op !== undefined && SESSIONFUL_OPS.has(failure.op)) return { code: 'sessionLost' };
  if (status === 429 || status >= 500) {
    return {
      code: 'upstreamUnavailable',
      details: failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds },
    };
  }
  // 401 means Graph did not accept a token Entra just gave us: not the user's fault, nor fixable by them.
  return {
    code: 'upstreamError',
    details: { message: `Microsoft Graph answered ${status}${codes[0] === undefined ? '' : ` (${codes[0]})`}.` },
  };
}

/**
 * A failure the user should see: which operation failed and why, classified by code only.
 * The error bar turns it into localised text and its next step (problemText.ts, errorCauses.ts).
 */
import { ApiError, type ApiClientErrorCode } from '../../api/ApiError';
import { SignInRequiredError } from '../../auth/signInState';

export type ProblemOperation =
  | { kind: 'load' }
  | { kind: 'open' }
  /** `label` names the row ("Budget.xlsx", or "Budget.xlsx (2 of 3)" when several share it). */
  | { kind: 'close' | 'refresh' | 'keepAlive'; label: string }
  /** "Close all": `failedCount` sessions are still open (failed, or never sent). */
  | { kind: 'closeAll'; failedCount: number };

export type ProblemCause =
  | { kind: 'api'; code: ApiClientErrorCode; requestId?: string; retryAfterSeconds?: number }
  /** The user has to sign in first; the sign-in bar says why and how (this one is not shown). */
  | { kind: 'signIn' }
  /** Not an ApiError nor a sign-in the user must do: a bug in the pane. Shown generically, logged for developers. */
  | { kind: 'unexpected' };

export interface Problem {
  operation: ProblemOperation;
  cause: ProblemCause;
}

export function problemFrom(error: unknown, operation: ProblemOperation): Problem {
  if (error instanceof ApiError) {
    const cause: ProblemCause = { kind: 'api', code: error.code };
    if (error.requestId !== undefined) cause.requestId = error.requestId;
    if (error.retryAfterSeconds !== undefined) cause.retryAfterSeconds = error.retryAfterSeconds;
    return { operation, cause };
  }
  // Office SSO's errors never come here: the sign-in manager turns them into this (or a token).
  if (error instanceof SignInRequiredError) return { operation, cause: { kind: 'signIn' } };
  console.error('Unexpected task pane error', error);
  return { operation, cause: { kind: 'unexpected' } };
}

/**
 * Failures that pass by themselves: throttling, a busy workbook, a service or Microsoft 365
 * briefly unavailable or answering badly, a timeout, the network. Only these are worth trying
 * again as they are; every other code needs the person to do something else, which its message
 * says (ask for access, open a new session, reload the add-in, contact the administrator). Kept
 * here, small, for the background keep-alive; the error bar's next step (errorCauses.ts) agrees,
 * which errorCauses.test.ts checks.
 */
const TRANSIENT_CODES: ReadonlySet<ApiClientErrorCode> = new Set<ApiClientErrorCode>([
  'networkError',
  'requestTimeout',
  'rateLimited',
  'graphThrottled',
  'workbookBusy',
  'serviceUnavailable',
  'upstreamUnavailable',
  'upstreamError',
  'internalError',
  'invalidResponse',
]);

export function isTransientCode(code: ApiClientErrorCode): boolean {
  return TRANSIENT_CODES.has(code);
}

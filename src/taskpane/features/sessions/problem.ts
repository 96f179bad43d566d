/**
 * A failure the user should see: which operation failed and why, classified by code only.
 * The components turn it into localised text (problemText.ts).
 */
import { ApiError, type ApiClientErrorCode } from '../../api/ApiError';
import { SignInRequiredError } from '../../auth/signInState';
import { ssoOutcomeOf, type SsoOutcome } from '../../auth/ssoOutcome';
import { SsoError } from '../../office/OfficeHost';

export type ProblemOperation =
  | { kind: 'load' }
  | { kind: 'open' }
  | { kind: 'close'; workbookName: string }
  /** "Close all": `failedCount` sessions are still open (failed, or never sent). */
  | { kind: 'closeAll'; failedCount: number };

export type ProblemCause =
  | { kind: 'api'; code: ApiClientErrorCode; requestId?: string; retryAfterSeconds?: number }
  | { kind: 'sso'; code: number; outcome: SsoOutcome }
  /** The user has to sign in first; the sign-in bar says why and how. */
  | { kind: 'signIn' }
  /** Not an ApiError or SsoError: a bug in the pane. Shown generically, logged for developers. */
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
  if (error instanceof SignInRequiredError) return { operation, cause: { kind: 'signIn' } };
  if (error instanceof SsoError) {
    return { operation, cause: { kind: 'sso', code: error.code, outcome: ssoOutcomeOf(error.code) } };
  }
  console.error('Unexpected task pane error', error);
  return { operation, cause: { kind: 'unexpected' } };
}

/** Sign-in problems offer "Sign in": reloading calls getAccessToken again with the prompts allowed. */
export function offersSignIn(problem: Problem): boolean {
  const { cause } = problem;
  return cause.kind === 'sso' && (cause.outcome === 'signInRequired' || cause.outcome === 'signInCancelled');
}

/**
 * Problems while loading that another attempt can fix offer "Try again". The token codes are
 * here because the client already retried once with a fresh token; a new attempt starts over
 * (and a claims challenge prompts again).
 */
const RETRYABLE_API_CODES: ReadonlySet<ApiClientErrorCode> = new Set([
  'networkError',
  'rateLimited',
  'upstreamUnavailable',
  'upstreamError',
  'serviceUnavailable',
  'internalError',
  'invalidResponse',
  'missingToken',
  'invalidToken',
  'tokenExpired',
  'claimsChallenge',
]);

export function offersRetry(problem: Problem): boolean {
  const { operation, cause } = problem;
  if (operation.kind !== 'load') return false;
  if (cause.kind === 'sso') return cause.outcome === 'retry' || cause.outcome === 'throttled';
  if (cause.kind === 'signIn') return false;
  return cause.kind === 'unexpected' || RETRYABLE_API_CODES.has(cause.code);
}

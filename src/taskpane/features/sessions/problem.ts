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
  /** `label` names the row ("Budget.xlsx", or "Budget.xlsx (2 of 3)" when several share it). */
  | { kind: 'close' | 'refresh' | 'keepAlive'; label: string }
  /** "Close all": `failedCount` sessions are still open (failed, or never sent). */
  | { kind: 'closeAll'; failedCount: number };

export type ProblemCause =
  | { kind: 'api'; code: ApiClientErrorCode; requestId?: string; retryAfterSeconds?: number }
  | { kind: 'sso'; code: number; outcome: SsoOutcome }
  /** The user has to sign in first; the sign-in bar says why and how (this one is not shown). */
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

/**
 * Sign-in problems offer "Sign in": it redoes the failed action, whose token request now lets
 * Office prompt (SSO_TOKEN_OPTIONS allows the sign-in and consent prompts).
 */
export function offersSignIn(problem: Problem): boolean {
  const { cause } = problem;
  return cause.kind === 'sso' && (cause.outcome === 'signInRequired' || cause.outcome === 'signInCancelled');
}

/**
 * Failures that pass by themselves: throttling, a busy workbook, a service or Microsoft 365
 * briefly unavailable or answering badly, a timeout, the network. Only these are worth trying
 * again as they are; every other code needs the person to do something else, which its message
 * says (ask for access, open a new session, reload the add-in, contact the administrator).
 */
const TRANSIENT_CODES: ReadonlySet<ApiClientErrorCode> = new Set<ApiClientErrorCode>([
  'networkError',
  'requestTimeout',
  'rateLimited',
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

/**
 * "Try again" is offered only where trying again can work by itself: a transient failure, an
 * SSO outcome that passes, or a failure of the pane's own that is not understood. Signing in is
 * offered as "Sign in" (which also redoes the action).
 */
export function offersRetry(problem: Problem): boolean {
  const { cause } = problem;
  if (offersSignIn(problem) || cause.kind === 'signIn') return false;
  if (cause.kind === 'sso')
    return cause.outcome === 'retry' || cause.outcome === 'throttled' || cause.outcome === 'restartBrowser';
  if (cause.kind === 'api') return isTransientCode(cause.code);
  return true;
}

/** Localised title, explanation and support details for a Problem, chosen by code. */
import { ssoUnavailableReasonOf } from '../../auth/ssoOutcome';
import { type ProblemStrings } from '../../i18n/ProblemStrings';
import { type Problem, type ProblemOperation } from './problem';

export interface ProblemText {
  title: string;
  /** One message in plain words; never an internal code. */
  body: string;
  /** Code and request id, for support (shown behind "Details"); empty when there are none. */
  details: string[];
}

export function problemText(strings: ProblemStrings, problem: Problem): ProblemText {
  const { operation, cause } = problem;
  const operationTitle = titleOf(strings, operation);

  // Never shown: the sign-in bar explains it (SessionsPage leaves this problem out).
  if (cause.kind === 'signIn') return { title: operationTitle, body: '', details: [] };
  if (cause.kind === 'unexpected') return { title: operationTitle, body: strings.unexpectedError, details: [] };

  if (cause.kind === 'sso') {
    const details = [strings.details.code(cause.code)];
    if (cause.outcome === 'ssoUnavailable') {
      // No silent failure: say that SSO cannot work here, why, and that there is no other way yet.
      const reason = strings.ssoUnavailableReasons[ssoUnavailableReasonOf(cause.code)];
      return { title: strings.ssoUnavailableTitle, body: `${reason} ${strings.ssoFallbackMissing}`, details };
    }
    return { title: operationTitle, body: strings.sso[cause.outcome], details };
  }

  const details = [strings.details.code(cause.code)];
  if (cause.requestId) details.push(strings.details.requestId(cause.requestId));
  return { title: operationTitle, body: strings.apiErrors[cause.code], details };
}

/** Seconds the service asked to wait before a retry, when it asked. */
export function retryWaitSeconds(problem: Problem): number | undefined {
  const { cause } = problem;
  if (cause.kind !== 'api' || cause.retryAfterSeconds === undefined || cause.retryAfterSeconds <= 0) return undefined;
  return Math.ceil(cause.retryAfterSeconds);
}

function titleOf(strings: ProblemStrings, operation: ProblemOperation): string {
  switch (operation.kind) {
    case 'close':
    case 'refresh':
    case 'keepAlive':
      return strings.problemTitle[operation.kind](operation.label);
    case 'closeAll':
      return strings.problemTitle.closeAll(operation.failedCount);
    default:
      return strings.problemTitle[operation.kind];
  }
}

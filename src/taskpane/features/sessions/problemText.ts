/** Localised title, explanation, next step and support details for a Problem, chosen by code. */
import { type ProblemStrings } from '../../i18n/ProblemStrings';
import { type SupportedLocale } from '../../i18n/Strings';
import { ERROR_CAUSES } from './errorCauses';
import { type Problem, type ProblemOperation } from './problem';

export interface ProblemText {
  title: string;
  /** One message in plain words; never an internal code. */
  body: string;
  /** Code and request id, for support (shown behind "Details"); empty when there are none. */
  details: string[];
}

export function problemText(strings: ProblemStrings, locale: SupportedLocale, problem: Problem): ProblemText {
  const { operation, cause } = problem;
  const title = titleOf(strings, operation);
  // Never shown: the sign-in bar explains it (SessionsPage leaves this problem out).
  if (cause.kind === 'signIn') return { title, body: '', details: [] };
  if (cause.kind === 'unexpected') return { title, body: strings.unexpectedError, details: [] };
  const details = [strings.details.code(cause.code)];
  if (cause.requestId) details.push(strings.details.requestId(cause.requestId));
  return { title, body: ERROR_CAUSES[cause.code][locale], details };
}

/**
 * "Try again" is offered only where trying again can work by itself: a cause whose next step it
 * is, or a failure of the pane's own that is not understood.
 */
export function offersRetry(problem: Problem): boolean {
  const { cause } = problem;
  if (cause.kind === 'signIn') return false;
  if (cause.kind === 'api') return ERROR_CAUSES[cause.code].next === 'tryAgain';
  return true;
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

/** Localised title, explanation and support details for a Problem, chosen by code. */
import { ssoUnavailableReasonOf } from '../../auth/ssoOutcome';
import { type Strings } from '../../i18n/Strings';
import { type Problem, type ProblemOperation } from './problem';

export interface ProblemText {
  title: string;
  body: string;
  /** Error code and request id, for support; empty when there is nothing useful to quote. */
  details: string;
}

export function problemText(strings: Strings, problem: Problem): ProblemText {
  const { operation, cause } = problem;
  const operationTitle = titleOf(strings, operation);

  // Never shown: the sign-in bar explains it (SessionsPage hides this problem).
  if (cause.kind === 'signIn') return { title: operationTitle, body: '', details: '' };
  if (cause.kind === 'unexpected') return { title: operationTitle, body: strings.unexpectedError, details: '' };

  if (cause.kind === 'sso') {
    const details = strings.errorCode(cause.code);
    if (cause.outcome === 'ssoUnavailable') {
      // No silent failure: say that SSO cannot work here, why, and that there is no other way yet.
      const reason = strings.ssoUnavailableReasons[ssoUnavailableReasonOf(cause.code)];
      return { title: strings.ssoUnavailableTitle, body: `${reason} ${strings.ssoFallbackMissing}`, details };
    }
    return { title: operationTitle, body: strings.sso[cause.outcome], details };
  }

  const parts = [strings.apiErrors[cause.code]];
  if (cause.retryAfterSeconds !== undefined && cause.retryAfterSeconds > 0) {
    parts.push(strings.retryAfter(Math.ceil(cause.retryAfterSeconds)));
  }
  const details = [strings.errorCode(cause.code), cause.requestId ? strings.requestId(cause.requestId) : '']
    .filter((part) => part.length > 0)
    .join(' · ');
  return { title: operationTitle, body: parts.join(' '), details };
}

function titleOf(strings: Strings, operation: ProblemOperation): string {
  switch (operation.kind) {
    case 'close':
      return strings.problemTitle.close(operation.workbookName);
    case 'closeAll':
      return strings.problemTitle.closeAll(operation.failedCount);
    default:
      return strings.problemTitle[operation.kind];
  }
}

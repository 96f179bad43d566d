/**
 * The sign-in bar's words for a state: a title that names what is missing (a first sign-in, a
 * new one, consent, a claims check), one line on why, and the button that obtains it. Someone
 * already signed in is never asked to "Sign in" for consent or a claims check.
 */
import { type ProblemStrings } from '../i18n/ProblemStrings';
import { ssoOutcomeOf } from './ssoOutcome';
import { type SignInStrings } from './signInStrings';
import { needOf, type SignInState, type SignInStop } from './signInState';

const GRAPH_PREFIX = 'https://graph.microsoft.com/';

export interface SignInText {
  title: string;
  body: string;
  button: string;
  /** The button while the click's step works. */
  busyButton: string;
}

export function signInText(
  s: SignInStrings,
  problems: ProblemStrings,
  state: SignInState,
  stop: SignInStop,
): SignInText {
  const need = needOf(state);
  const busyButton = s.busy[need];
  if (stop.kind === 'failed')
    return { title: s.failedTitles[need], body: failureBody(s, problems, stop), button: s.tryAgainButton, busyButton };
  const button = s.buttons[need];
  const title = need === 'signIn' && !state.signedInOnce ? s.firstSignInTitle : s.titles[need];
  switch (stop.reason) {
    case 'signInCancelled':
      return { title, body: s.cancelled[need], button, busyButton };
    case 'dialogClosed':
      return { title, body: s.dialogClosed(button), button, busyButton };
    case 'signInExpired':
      return { title, body: need === 'signIn' ? s.explain.expired : s.explain[need], button, busyButton };
    default:
      // Whatever the path said, the explanation is about what the click obtains.
      return { title, body: s.explain[need], button, busyButton };
  }
}

function failureBody(
  s: SignInStrings,
  problems: ProblemStrings,
  stop: Extract<SignInStop, { kind: 'failed' }>,
): string {
  switch (stop.code) {
    case 'adminConsentRequired': {
      const permissions = (stop.adminConsent?.permissions ?? [])
        .map((p) => (p.startsWith(GRAPH_PREFIX) ? p.slice(GRAPH_PREFIX.length) : p))
        .join(', ');
      return s.adminConsent(permissions, stop.adminConsent?.clientId ?? '');
    }
    case 'officeSso': {
      const outcome = ssoOutcomeOf(stop.ssoCode ?? 0);
      const why = outcome === 'ssoUnavailable' ? s.failures.identityProvider : problems.sso[outcome];
      return `${why} ${problems.details.code(stop.ssoCode ?? 0)}`;
    }
    default:
      return s.failures[stop.code] + (stop.detail === undefined ? '' : ` ${problems.details.code(stop.detail)}`);
  }
}

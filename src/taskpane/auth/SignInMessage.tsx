/**
 * The sign-in bar's message while the user must act or signing in failed: why, and the one
 * button that moves on (Sign in / Grant permission / Verify / Try again). Loaded on demand by
 * SignInBar, with its strings.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nContext';
import { problemStringsFor, type ProblemStrings } from '../i18n/ProblemStrings';
import { ssoOutcomeOf } from './ssoOutcome';
import { signInStringsFor, type SignInStrings } from './signInStrings';
import { type SignInState } from './signInState';

const GRAPH_PREFIX = 'https://graph.microsoft.com/';

export interface SignInMessageProps {
  state: Extract<SignInState, { kind: 'needsInteraction' | 'failed' }>;
  id: string;
  onAction: () => void;
}

export default function SignInMessage({ state, id, onAction }: SignInMessageProps): ReactNode {
  const { locale } = useI18n();
  const text = signInText(problemStringsFor(locale), signInStringsFor(locale), state);
  return (
    <MessageBar id={id} intent={state.kind === 'failed' ? 'error' : 'warning'} role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{text.title}</MessageBarTitle>
        {text.body}
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" onClick={onAction}>
          {text.button}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function signInText(
  strings: ProblemStrings,
  s: SignInStrings,
  state: SignInMessageProps['state'],
): { title: string; body: string; button: string } {
  if (state.kind === 'needsInteraction') {
    const button =
      state.reason === 'consentRequired'
        ? s.consentButton
        : state.reason === 'claimsChallenge'
          ? s.verifyButton
          : s.signInButton;
    return { title: s.needsTitle, body: s.reasons[state.reason], button };
  }
  let body: string;
  if (state.code === 'adminConsentRequired') {
    const permissions = (state.adminConsent?.permissions ?? [])
      .map((p) => (p.startsWith(GRAPH_PREFIX) ? p.slice(GRAPH_PREFIX.length) : p))
      .join(', ');
    body = s.adminConsent(permissions, state.adminConsent?.clientId ?? '');
  } else if (state.code === 'officeSso') {
    const outcome = ssoOutcomeOf(state.ssoCode ?? 0);
    body = `${outcome === 'ssoUnavailable' ? s.failures.identityProvider : strings.sso[outcome]} ${strings.details.code(state.ssoCode ?? 0)}`;
  } else {
    body = s.failures[state.code] + (state.detail === undefined ? '' : ` ${strings.details.code(state.detail)}`);
  }
  return { title: s.failedTitle, body, button: s.tryAgainButton };
}

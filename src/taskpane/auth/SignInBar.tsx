/**
 * What the pane says while the user is not signed in: why, and the one button that moves on
 * (Sign in / Grant permission / Verify / Try again). Nothing while signed in.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nContext';
import { type Strings } from '../i18n/Strings';
import { ssoOutcomeOf } from './ssoOutcome';
import { type SignInState } from './signInState';
import { type SignInSource, useSignInState } from './useSignIn';

const GRAPH_PREFIX = 'https://graph.microsoft.com/';

export function SignInBar({ source, id }: { source: SignInSource; id: string }): ReactNode {
  const { strings } = useI18n();
  const state = useSignInState(source);
  if (state.kind === 'signedIn') return null;
  if (state.kind === 'signingIn') return <Spinner id={id} size="tiny" labelPosition="after" label={strings.signIn.signingIn} />;
  const text = signInText(strings, state);
  return (
    <MessageBar id={id} intent={state.kind === 'failed' ? 'error' : 'warning'} role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{text.title}</MessageBarTitle>
        {text.body}
      </MessageBarBody>
      <MessageBarActions>
        <Button appearance="primary" onClick={() => void source.signIn()}>
          {text.button}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function signInText(strings: Strings, state: Extract<SignInState, { kind: 'needsInteraction' | 'failed' }>): { title: string; body: string; button: string } {
  const s = strings.signIn;
  if (state.kind === 'needsInteraction') {
    const button = state.reason === 'consentRequired' ? s.consentButton : state.reason === 'claimsChallenge' ? s.verifyButton : s.signInButton;
    return { title: s.needsTitle, body: s.reasons[state.reason], button };
  }
  let body: string;
  if (state.code === 'adminConsentRequired') {
    const permissions = (state.adminConsent?.permissions ?? []).map((p) => (p.startsWith(GRAPH_PREFIX) ? p.slice(GRAPH_PREFIX.length) : p)).join(', ');
    body = s.adminConsent(permissions, state.adminConsent?.clientId ?? '');
  } else if (state.code === 'officeSso') {
    const outcome = ssoOutcomeOf(state.ssoCode ?? 0);
    body = `${outcome === 'ssoUnavailable' ? s.failures.identityProvider : strings.sso[outcome]} ${strings.errorCode(state.ssoCode ?? 0)}`;
  } else {
    body = s.failures[state.code] + (state.detail === undefined ? '' : ` ${strings.errorCode(state.detail)}`);
  }
  return { title: s.failedTitle, body, button: s.tryAgainButton };
}

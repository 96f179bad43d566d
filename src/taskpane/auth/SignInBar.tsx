/**
 * What the pane says about signing in: nothing while signed in, "Signing in…" while a fallback
 * path works on its own, and otherwise the message with its button (SignInMessage, loaded the
 * first time it is needed so that the start JavaScript does not carry it). Once shown, the
 * message stays mounted, so its polite region is there to announce the click's success.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import { useI18n } from '../i18n/I18nContext';
import { BusyIcon } from '../ui/BusyIcon';
import { shownStop } from './signInState';
import { type SignInSource, useSignInState } from './useSignIn';

const SignInMessage = lazy(() => import(/* webpackChunkName: "sign-in-message" */ './SignInMessage'));

export function SignInBar({ source, id }: { source: SignInSource; id: string }): ReactNode {
  const { strings } = useI18n();
  const state = useSignInState(source);
  const { status } = state;
  if (shownStop(status) === undefined && state.outcome === null) {
    // Office SSO signs in silently (the list says it is loading); the other paths take a moment.
    if (status.kind !== 'working' || state.path === 'officeSso') return null;
    return (
      <p id={id}>
        <BusyIcon /> {strings.signingIn}
      </p>
    );
  }
  // The element keeps its id while the message loads, so aria-describedby never dangles.
  return (
    <Suspense fallback={<span id={id} />}>
      <SignInMessage state={state} id={id} onAction={() => void source.signIn()} />
    </Suspense>
  );
}

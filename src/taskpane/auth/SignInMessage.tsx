/**
 * The sign-in bar's message while the user must act or signing in failed: what is missing, why,
 * and the one button that moves on (Sign in / Grant permission / Verify / Try again). Loaded on
 * demand by SignInBar, with its strings.
 *
 * The button's step shows its progress in place: the same bar, the button busy and disabled
 * but focusable, so focus stays on it. The alert is a new element for each new message (so a
 * failed retry is announced once even when its words repeat), and a polite region announces a
 * success once.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { type ReactNode, useLayoutEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nContext';
import { problemStringsFor } from '../i18n/ProblemStrings';
import { BusyIcon } from '../ui/BusyIcon';
import { LiveRegion } from '../ui/LiveRegion';
import { signInStringsFor } from './signInStrings';
import { shownStop, type SignInState } from './signInState';
import { signInText } from './signInText';

export interface SignInMessageProps {
  state: SignInState;
  id: string;
  onAction: () => void;
}

export default function SignInMessage({ state, id, onAction }: SignInMessageProps): ReactNode {
  const { locale } = useI18n();
  const strings = signInStringsFor(locale);
  const stop = shownStop(state.status);
  const busy = state.status.kind === 'working';
  const bar = useRef<HTMLDivElement>(null);
  const action = useRef<HTMLButtonElement>(null);
  const wasBusy = useRef(busy);
  // When the step ends and the bar stays, focus is back on its button: it may have left for
  // Office's own notice before the dialog, or been on the button all along.
  useLayoutEffect(() => {
    const ended = wasBusy.current && !busy;
    wasBusy.current = busy;
    if (!ended) return;
    const active = document.activeElement;
    const lost = active === null || active === document.body || !active.isConnected;
    if (lost || bar.current?.contains(active)) action.current?.focus();
  }, [busy]);
  const text = stop && signInText(strings, problemStringsFor(locale), state, stop);
  return (
    <>
      {stop && text && (
        <MessageBar ref={bar} intent={stop.kind === 'failed' ? 'error' : 'warning'} layout="multiline">
          <MessageBarBody>
            <div role="alert" id={id} key={stop.seq}>
              <MessageBarTitle>{text.title}</MessageBarTitle> {text.body}
            </div>
          </MessageBarBody>
          <MessageBarActions>
            <Button
              ref={action}
              appearance="primary"
              disabledFocusable={busy}
              icon={busy ? <BusyIcon /> : undefined}
              onClick={onAction}
            >
              {busy ? text.busyButton : text.button}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <LiveRegion
        message={state.outcome === null ? '' : strings.done[state.outcome.need]}
        seq={state.outcome?.seq ?? 0}
      />
    </>
  );
}

import { Body1, Button, Spinner, Title3, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { SignInBar } from '../../auth/SignInBar';
import { type SignInSource, useSignInState } from '../../auth/useSignIn';
import { useI18n } from '../../i18n/I18nContext';
import { type Strings } from '../../i18n/Strings';
import { CloseAllAction } from './CloseAllAction';
import { OpenSessionForm } from './OpenSessionForm';
import { ProblemBar } from './ProblemBar';
import { SessionsTable } from './SessionsTable';
import { type SessionEvent, type SessionsApi, useSessions } from './useSessions';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}` },
  listHeader: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  title: { margin: 0 },
  listHeading: { ...typographyStyles.subtitle2, margin: 0 },
  listFooter: { display: 'flex', justifyContent: 'flex-end', marginTop: tokens.spacingVerticalS, ':empty': { display: 'none' } },
  empty: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, color: tokens.colorNeutralForeground2 },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

export interface SessionsPageProps {
  api: SessionsApi;
  documentUrl: string | null;
  /** The sign-in state and its button (default: always signed in). */
  signIn?: SignInSource;
}

const SIGNED_IN = { kind: 'signedIn', path: 'officeSso' } as const;
const ALWAYS_SIGNED_IN: SignInSource = {
  getState: () => SIGNED_IN,
  subscribe: () => () => undefined,
  signIn: () => Promise.resolve(),
};

export function SessionsPage({ api, documentUrl, signIn = ALWAYS_SIGNED_IN }: SessionsPageProps): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  const state = useSessions(api, documentUrl);
  const listHeadingId = useId();
  const listHeading = useRef<HTMLHeadingElement>(null);
  const { lastEvent } = state;
  const signInState = useSignInState(signIn);
  const signInBarId = useId();
  const signedOut = signInState.kind === 'needsInteraction' || signInState.kind === 'failed';
  // Once signed in again, redo what needed the sign-in: the list.
  const wasSignedOut = useRef(false);
  const { reload } = state;
  useEffect(() => {
    if (signedOut) wasSignedOut.current = true;
    else if (signInState.kind === 'signedIn' && wasSignedOut.current) {
      wasSignedOut.current = false;
      reload();
    }
  }, [signedOut, signInState.kind, reload]);

  // A closed row takes its focused Close button with it (and "Close all" leaves with the last
  // rows but one); put focus somewhere meaningful.
  useEffect(() => {
    if (lastEvent?.kind !== 'closed' && lastEvent?.kind !== 'closedMany') return;
    const active = document.activeElement;
    if (active === null || active === document.body) listHeading.current?.focus();
  }, [lastEvent]);

  const announcement = lastEvent === null ? '' : announcementOf(strings, lastEvent);

  return (
    <main className={styles.root}>
      <Title3 as="h1" className={styles.title}>
        {strings.appTitle}
      </Title3>
      <SignInBar source={signIn} id={signInBarId} />
      <OpenSessionForm documentUrl={documentUrl} opening={state.opening} onOpen={state.openSession} unavailableDescribedBy={signedOut ? signInBarId : undefined} />
      {state.problem && state.problem.cause.kind !== 'signIn' && (
        <ProblemBar problem={state.problem} onSignIn={state.reload} onRetry={state.reload} onDismiss={state.dismissProblem} />
      )}
      <section aria-labelledby={listHeadingId} aria-busy={state.loading}>
        <div className={styles.listHeader}>
          <h2 className={styles.listHeading} id={listHeadingId} ref={listHeading} tabIndex={-1}>
            {strings.sessionsHeading}
          </h2>
          <Button
            appearance="subtle"
            icon={<ArrowClockwiseRegular />}
            disabled={state.loading && !signedOut}
            disabledFocusable={signedOut}
            aria-describedby={signedOut ? signInBarId : undefined}
            onClick={state.reload}
          >
            {strings.refreshButton}
          </Button>
        </div>
        {state.loading && !state.loaded ? (
          <Spinner size="small" label={strings.loading} />
        ) : state.sessions.length > 0 ? (
          <SessionsTable sessions={state.sessions} closingIds={state.closingIds} labelledBy={listHeadingId} onClose={state.closeSession} />
        ) : state.loaded ? (
          <div className={styles.empty}>
            <Body1>
              <strong>{strings.emptyTitle}</strong>
            </Body1>
            <Body1>{strings.emptyBody}</Body1>
          </div>
        ) : null}
        <div className={styles.listFooter}>
          <CloseAllAction
            offered={state.sessions.length >= 2}
            count={state.sessions.length}
            disabled={state.closingIds.size > 0}
            busy={state.closingAll}
            onConfirm={state.closeAllSessions}
          />
        </div>
      </section>
      <div role="status" className={styles.visuallyHidden}>
        {announcement}
      </div>
    </main>
  );
}

function announcementOf(strings: Strings, event: SessionEvent): string {
  switch (event.kind) {
    case 'opened':
      return strings.announceOpened(event.workbookName);
    case 'closed':
      return strings.announceClosed(event.workbookName);
    case 'closedMany':
      return strings.announceClosedMany(event.count);
  }
}

/**
 * The pane's main page: the current workbook and Open session, the list of sessions kept
 * current (reloaded when the pane comes back and every minute while it is on screen) and,
 * if the person wants, kept alive; one error bar, one short notice, one live region.
 */
import { Button, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DismissRegular } from '@fluentui/react-icons';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { BusyIcon } from '../../ui/BusyIcon';
import { LiveRegion } from '../../ui/LiveRegion';
import { preferences } from '../../ui/preferences';
import { usePaneVisibility } from '../../ui/usePaneVisibility';
import { useServerClock } from '../../ui/serverClockContext';
import { announcementOf } from './announcement';
import { CloseAllAction } from './CloseAllAction';
import { OpenSessionForm } from './OpenSessionForm';
import { ProblemSlot } from './ProblemSlot';
import { arrangeRows, sessionsOnDocument } from './rowModel';
import { rowLabel, SessionList } from './SessionList';
import { useExpiryWatch } from './useExpiryWatch';
import { useRowFocus } from './useRowFocus';
import { type SessionsApi, useSessions } from './useSessions';
import { SignInBar } from '../../auth/SignInBar';
import { initialSignInState, type SignInState, waitsForUser } from '../../auth/signInState';
import { type SignInSource, useSignInState } from '../../auth/useSignIn';

// Below the list, so loaded once it has shown: the keep-alive switch and the one-time explanation.
const KeepAliveSwitch = lazy(() =>
  import(/* webpackChunkName: "keep-alive" */ './KeepAliveSwitch').then((m) => ({ default: m.KeepAliveSwitch })),
);
// Keep-alive's scheduler runs only while the switch is on: it loads then, with the switch's chunk.
const KeepAliveRunner = lazy(() =>
  import(/* webpackChunkName: "keep-alive" */ './useKeepAlive').then((m) => ({ default: m.KeepAliveRunner })),
);
// The one-time explanation comes after the list has shown, and only to those who have not read it.
const AboutSessions = lazy(() =>
  import(/* webpackChunkName: "about" */ './AboutSessions').then((m) => ({ default: m.AboutSessions })),
);

/** While the pane is on screen the list is reloaded this often, besides on every return. */
export const AUTO_RELOAD_INTERVAL_MS = 60_000;
const SECONDARY_UI_DELAY_MS = 500;

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    minWidth: 0,
  },
  listHeader: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  listHeading: { ...typographyStyles.subtitle2, margin: 0 },
  listFooter: {
    display: 'flex',
    justifyContent: 'flex-end',
    marginTop: tokens.spacingVerticalS,
    ':empty': { display: 'none' },
  },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    color: tokens.colorNeutralForeground2,
  },
  emptyTitle: { ...typographyStyles.body1Strong, margin: 0 },
  emptyBody: { ...typographyStyles.body1, margin: 0 },
  loading: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    margin: 0,
    ...typographyStyles.body1,
  },
  notice: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalXS,
    ...typographyStyles.body1,
    color: tokens.colorNeutralForeground2,
  },
  noticeText: { flex: 1, margin: 0, overflowWrap: 'anywhere' },
});

export interface SessionsPageProps {
  api: SessionsApi;
  documentUrl: string | null;
  /** Excel has not reported the document URL yet but may still (Excel on the web reports it late). */
  documentPending?: boolean;
  /** A hash of the signed-in user's tenant and object ids, once known (keys the keep-alive choice). */
  userKey: string | null;
  header: ReactNode;
  /** The sign-in state and its button (default: always signed in). */
  signIn?: SignInSource;
}

const SIGNED_IN: SignInState = { ...initialSignInState, status: { kind: 'idle' }, signedInOnce: true };
const ALWAYS_SIGNED_IN: SignInSource = {
  getState: () => SIGNED_IN,
  subscribe: () => () => undefined,
  signIn: () => Promise.resolve(),
};

export function SessionsPage({
  api,
  documentUrl,
  documentPending = false,
  userKey,
  header,
  signIn = ALWAYS_SIGNED_IN,
}: SessionsPageProps): ReactNode {
  const { strings, formatTime } = useI18n();
  const styles = useStyles();
  // Every time shown or acted on follows the middle tier's clock; times of day the person reads
  // ("until 10:42") are shown as their own computer's clock reads that moment.
  const { clock, version: clockVersion } = useServerClock();
  const formatServerTime = useCallback(
    (instant: string) => formatTime(clock.onDeviceClock(Date.parse(instant))),
    [formatTime, clock],
  );
  const state = useSessions(api, formatServerTime, signIn, clock.now);
  const { reload } = state;
  const signInBarId = useId();
  const signedOut = waitsForUser(useSignInState(signIn));
  const listHeadingId = useId();
  const listHeading = useRef<HTMLHeadingElement>(null);
  const refreshButton = useRef<HTMLButtonElement>(null);
  const main = useRef<HTMLElement>(null);

  const visible = usePaneVisibility(() => reload(false));
  useEffect(() => {
    if (!visible) return undefined;
    const timer = setInterval(() => reload(false), AUTO_RELOAD_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [visible, reload]);

  const rows = useMemo(() => arrangeRows(state.sessions, documentUrl), [state.sessions, documentUrl]);
  const rowRefs = useMemo(
    () => rows.map((row) => ({ session: row.session, label: rowLabel(strings.row.duplicateLabel, row) })),
    [rows, strings],
  );
  const order = useMemo(() => rows.map((row) => row.session.id), [rows]);
  const focus = useRowFocus(order, state.lastEvent, listHeading, main);

  // Secondary UI below the list arrives a moment after the list has shown, never before it.
  const [secondary, setSecondary] = useState(false);
  useEffect(() => {
    if (!state.loaded) return undefined;
    const timer = setTimeout(() => setSecondary(true), SECONDARY_UI_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state.loaded]);
  const [keepAlive, setKeepAlive] = useState(false);
  useEffect(() => {
    if (userKey !== null) setKeepAlive(preferences.keepAlive(userKey));
  }, [userKey]);
  const changeKeepAlive = useCallback(
    (on: boolean) => {
      setKeepAlive(on);
      if (userKey !== null) preferences.setKeepAlive(userKey, on);
    },
    [userKey],
  );
  const keepAlivePaused = state.problem?.operation.kind === 'keepAlive';
  useExpiryWatch({
    sessions: state.sessions,
    soonAnnounced: state.soonAnnounced,
    // Keep-alive refreshes a session as its last minute begins: announcing it would be noise.
    announceSoon: !keepAlive || keepAlivePaused,
    now: clock.now,
    clockVersion,
    onMoment: state.expiryMoment,
  });

  const { problem, dismissProblem } = state;
  const onDismissProblem = useCallback(() => {
    const origin = problem?.sessionId;
    const kind = problem?.operation.kind;
    dismissProblem();
    // Back to where the failed action was started, when it is still there.
    if (
      origin !== undefined &&
      focus.focusRowButton(origin, kind === 'refresh' || kind === 'keepAlive' ? 'refresh' : 'close')
    )
      return;
    (kind === 'load' ? refreshButton.current : listHeading.current)?.focus();
  }, [problem, dismissProblem, focus]);

  const existing = sessionsOnDocument(state.sessions, documentUrl).length;
  const announcement = state.lastEvent === null ? '' : announcementOf(strings, state.lastEvent);

  return (
    <main className={styles.root} ref={main}>
      {header}
      <SignInBar source={signIn} id={signInBarId} />
      <OpenSessionForm
        documentUrl={documentUrl}
        documentPending={documentPending}
        existingCount={existing}
        opening={state.opening}
        onOpen={state.openSession}
        unavailableDescribedBy={signedOut ? signInBarId : undefined}
      />
      {state.problem && state.problem.cause.kind !== 'signIn' && (
        <ProblemSlot problem={state.problem} onDismiss={onDismissProblem} />
      )}
      <section aria-labelledby={listHeadingId}>
        <div className={styles.listHeader}>
          <h2 className={styles.listHeading} id={listHeadingId} ref={listHeading} tabIndex={-1}>
            {strings.sessionsHeading}
          </h2>
          <Button
            ref={refreshButton}
            appearance="subtle"
            icon={state.loading ? <BusyIcon /> : <ArrowClockwiseRegular />}
            disabledFocusable={state.loading || signedOut}
            aria-busy={state.loading}
            aria-describedby={signedOut ? signInBarId : undefined}
            onClick={() => reload(true)}
          >
            {strings.refreshButton}
          </Button>
        </div>
        {state.notice && (
          <div className={styles.notice}>
            <p className={styles.noticeText}>{strings.alreadyGoneNotice(state.notice.label)}</p>
            <Button
              appearance="transparent"
              aria-label={strings.actions.dismiss}
              icon={<DismissRegular />}
              onClick={state.dismissNotice}
            />
          </div>
        )}
        {signedOut && !state.loaded ? (
          // Not "Loading…": nothing loads until the person signs in (the sign-in bar says how).
          <p className={styles.emptyBody}>{strings.signedOutList}</p>
        ) : state.loading && !state.loaded ? (
          <p className={styles.loading}>
            <BusyIcon />
            {strings.loading}
          </p>
        ) : rows.length > 0 ? (
          <SessionList
            rows={rows}
            busy={state.busy}
            labelledBy={listHeadingId}
            onClose={state.closeSession}
            onRefresh={state.refreshSession}
            buttonRef={focus.buttonRef}
          />
        ) : state.loaded ? (
          <div className={styles.empty}>
            <p className={styles.emptyTitle}>{strings.emptyTitle}</p>
            <p className={styles.emptyBody}>{strings.emptyBody}</p>
          </div>
        ) : null}
        <div className={styles.listFooter}>
          <CloseAllAction
            offered={rows.length >= 2}
            count={rows.length}
            disabled={state.busy.size > 0}
            busy={state.closingAll}
            onConfirm={state.closeAllSessions}
          />
        </div>
      </section>
      {keepAlive && (
        <Suspense fallback={null}>
          <KeepAliveRunner
            visible={visible}
            paused={keepAlivePaused}
            rows={rowRefs}
            refresh={state.refreshInBackground}
            now={clock.now}
            clockVersion={clockVersion}
          />
        </Suspense>
      )}
      {userKey !== null && secondary && (
        <Suspense fallback={null}>
          <KeepAliveSwitch checked={keepAlive} onChange={changeKeepAlive} />
        </Suspense>
      )}
      {/* Last, so the explanation never pushes the list out of sight. */}
      {secondary && !preferences.aboutDismissed() && (
        <Suspense fallback={null}>
          <AboutSessions onDismissed={() => listHeading.current?.focus()} />
        </Suspense>
      )}
      <LiveRegion message={announcement} seq={state.lastEvent?.seq ?? 0} />
    </main>
  );
}

/**
 * The pane's composition root: from the host adapter and a fetch function it builds the sign-in
 * manager (the token source) and API client, follows Office's theme, and shows the sessions page (or the "not in
 * Office" message).
 */
import { FluentProvider, makeStyles } from '@fluentui/react-components';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { ServerClock } from '../api/ServerClock';
import { SessionsApiClient, type FetchFn } from '../api/SessionsApiClient';
import { SignInManager } from '../auth/SignInManager';
import { type SignInConfig } from '../../shared/api';
import { SessionsPage } from '../features/sessions/SessionsPage';
import { I18nProvider, useI18n } from '../i18n/I18nContext';
import { type HostReadyResult, type OfficeHost } from '../office/OfficeHost';
import { preferenceKey } from '../ui/preferences';
import { ServerClockProvider } from '../ui/serverClockContext';
import { usePaneVisibility } from '../ui/usePaneVisibility';
import { type Account, accountFromToken, observedTokens } from './account';
import { PaneHeader } from './PaneHeader';
import { useOfficeTheme } from './useOfficeTheme';

// Only shown outside Office: its message bar stays out of the start JavaScript.
const NotInOffice = lazy(() =>
  import(/* webpackChunkName: "not-in-office" */ './NotInOffice').then((m) => ({ default: m.NotInOffice })),
);

const useStyles = makeStyles({
  // The provider paints the theme's background; it fills the pane so no white edge shows.
  provider: { minHeight: '100vh' },
});

export interface AppRootProps {
  host: OfficeHost;
  /** What host.ready() answered. */
  ready: HostReadyResult;
  fetchFn: FetchFn;
  /** Language to use when not inside Office (no Office display language to read). */
  fallbackLanguage?: string;
}

export function AppRoot({ host, ready, fetchFn, fallbackLanguage }: AppRootProps): ReactNode {
  const styles = useStyles();
  const inOffice = ready.kind === 'ready';
  const displayLanguage = inOffice ? host.displayLanguage() : (fallbackLanguage ?? 'en-US');
  const shown = useOfficeTheme(host, inOffice);
  // Nothing renders before a theme has arrived (the entry point loads it before rendering, so
  // only tests meet this): Fluent's portals take the theme they were created under.
  if (shown.theme === undefined) return null;
  return (
    <FluentProvider theme={shown.theme} className={styles.provider} data-theme={shown.name}>
      <I18nProvider displayLanguage={displayLanguage}>
        <PageTitle />
        {inOffice ? (
          <ConnectedSessionsPage host={host} fetchFn={fetchFn} />
        ) : (
          <Suspense fallback={null}>
            <NotInOffice reason={ready.reason} />
          </Suspense>
        )}
      </I18nProvider>
    </FluentProvider>
  );
}

function PageTitle(): null {
  const { strings } = useI18n();
  useEffect(() => {
    document.title = strings.pageTitle;
  }, [strings]);
  return null;
}

function ConnectedSessionsPage({ host, fetchFn }: { host: OfficeHost; fetchFn: FetchFn }): ReactNode {
  const [account, setAccount] = useState<Account | null>(null);
  // Built once per mount: the token cache, single flight and sign-in state must outlive re-renders.
  const [{ api, signIn, clock }] = useState(() => {
    // The configuration is only needed on the sign-in fallbacks: its code loads with them.
    const loadConfig = (): Promise<SignInConfig> =>
      import('../auth/signInConfig').then((m) => m.loadSignInConfig(fetchFn));
    const manager = new SignInManager({ host, origin: window.location.origin, loadConfig });
    // Times follow the middle tier's clock, learnt from its answers: computers drift by minutes.
    const serverClock = new ServerClock();
    const client = new SessionsApiClient(
      observedTokens(manager, (token) => {
        const seen = accountFromToken(token);
        setAccount((current) =>
          seen && (current?.objectId !== seen.objectId || current.name !== seen.name) ? seen : current,
        );
      }),
      fetchFn,
      serverClock,
    );
    return { api: client, signIn: manager, clock: serverClock };
  });
  // Excel on the web may report the URL only after onReady (https://github.com/OfficeDev/office-js/issues/2476,
  // https://github.com/OfficeDev/office-js/issues/5587): read it
  // again whenever the pane comes back; Office does not signal the change.
  const [documentUrl, setDocumentUrl] = useState(() => host.documentUrl());
  // Until those looks are over, an empty URL may still be a late one: the pane says it waits for
  // Excel rather than asking to save a workbook that may well be saved.
  const [documentPending, setDocumentPending] = useState(documentUrl === null);
  usePaneVisibility(() => setDocumentUrl(host.documentUrl()));
  useEffect(() => {
    if (documentUrl !== null) return undefined;
    // Empty at start: look again shortly (a few times), without waiting for a focus change.
    let attempts = 0;
    const timer = setInterval(() => {
      const url = host.documentUrl();
      if (url !== null || ++attempts >= DOCUMENT_URL_RETRIES) {
        clearInterval(timer);
        if (url !== null) setDocumentUrl(url);
        setDocumentPending(false);
      }
    }, DOCUMENT_URL_RETRY_MS);
    return () => clearInterval(timer);
  }, [host, documentUrl]);
  const userKey = account ? preferenceKey(account.tenantId, account.objectId) : null;
  return (
    <ServerClockProvider clock={clock}>
      <SessionsPage
        api={api}
        documentUrl={documentUrl}
        documentPending={documentPending && documentUrl === null}
        userKey={userKey}
        header={<PaneHeader accountName={account?.name ?? null} />}
        signIn={signIn}
      />
    </ServerClockProvider>
  );
}

/** An empty document URL at start is looked at again every second for ten seconds. */
const DOCUMENT_URL_RETRY_MS = 1000;
const DOCUMENT_URL_RETRIES = 10;

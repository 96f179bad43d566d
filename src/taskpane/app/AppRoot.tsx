/**
 * The pane's composition root: from the host adapter and a fetch function it builds the sign-in
 * manager (the token source) and API client, then shows the sessions page (or the "not in Office" message).
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { type ReactNode, useState } from 'react';
import { type SignInConfig } from '../../shared/api';
import { SessionsApiClient, type FetchFn } from '../api/SessionsApiClient';
import { SignInManager } from '../auth/SignInManager';
import { SessionsPage } from '../features/sessions/SessionsPage';
import { I18nProvider } from '../i18n/I18nContext';
import { type HostReadyResult, type OfficeHost } from '../office/OfficeHost';
import { NotInOffice } from './NotInOffice';

export interface AppRootProps {
  host: OfficeHost;
  /** What host.ready() answered. */
  ready: HostReadyResult;
  fetchFn: FetchFn;
  /** Language to use when not inside Office (no Office display language to read). */
  fallbackLanguage?: string;
}

export function AppRoot({ host, ready, fetchFn, fallbackLanguage }: AppRootProps): ReactNode {
  const inOffice = ready.kind === 'ready';
  const displayLanguage = inOffice ? host.displayLanguage() : (fallbackLanguage ?? 'en-US');
  return (
    <FluentProvider theme={webLightTheme}>
      <I18nProvider displayLanguage={displayLanguage}>
        {inOffice ? <ConnectedSessionsPage host={host} fetchFn={fetchFn} /> : <NotInOffice reason={ready.reason} />}
      </I18nProvider>
    </FluentProvider>
  );
}

function ConnectedSessionsPage({ host, fetchFn }: { host: OfficeHost; fetchFn: FetchFn }): ReactNode {
  // Built once per mount: the token cache, single flight and sign-in state must outlive re-renders.
  const [{ signIn, api }] = useState(() => {
    // The configuration is only needed on the fallback paths: its code loads with them.
    const loadConfig = (): Promise<SignInConfig> => import('../auth/signInConfig').then((m) => m.loadSignInConfig(fetchFn));
    const manager = new SignInManager({ host, origin: window.location.origin, loadConfig });
    return { signIn: manager, api: new SessionsApiClient(manager, fetchFn) };
  });
  // The document URL is read once: Office does not update it after a rename until reopen anyway.
  const [documentUrl] = useState(() => host.documentUrl());
  return <SessionsPage api={api} documentUrl={documentUrl} signIn={signIn} />;
}

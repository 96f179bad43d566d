/**
 * The MSAL chunk: MSAL.js's clients for sign-in paths 2 and 3 (docs/sign-in.md), loaded only
 * through msalLoader.ts. Every failure leaves this module classified (msalErrors.ts), as an
 * MsalFailureError, so nothing outside it needs MSAL's classes.
 */
import {
  type Configuration,
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
  type IPublicClientApplication,
  PublicClientApplication,
} from '@azure/msal-browser';
import { type SignInConfig } from '../../shared/api';
import { type DialogRedirectClient, type NestedAppAuthClient, NestedAppAuthUnavailableError } from './msalLoader';
import { classifiedMsalCall } from './msalErrors';

function msalConfiguration(
  config: SignInConfig,
  redirectUri: string,
  cacheLocation: 'memoryStorage' | 'sessionStorage',
): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      // Trusting the configured authority's host skips MSAL's cloud discovery call; it is also
      // what lets the local emulator play Entra ID.
      knownAuthorities: [new URL(config.authority).host],
      redirectUri,
    },
    cache: { cacheLocation },
  };
}

/** In the pane, tokens are kept in memory only (`memoryStorage`). */
export async function createNestedAppAuthClient(config: SignInConfig, origin: string): Promise<NestedAppAuthClient> {
  let nested = false;
  // The factory runs only when MSAL found Office's bridge; otherwise MSAL would quietly build a
  // browser-popup client, which is not nested app authentication.
  const pca: IPublicClientApplication = await createNestablePublicClientApplication(
    msalConfiguration(config, `brk-multihub://${new URL(origin).host}`, 'memoryStorage'),
    undefined,
    (configuration, controller) => {
      nested = true;
      return new PublicClientApplication(configuration, controller);
    },
  );
  if (!nested) throw new NestedAppAuthUnavailableError('Office did not provide the nested app authentication bridge.');
  return {
    async acquireSilent(request) {
      const result = await classifiedMsalCall(() =>
        pca.acquireTokenSilent({
          scopes: request.scopes,
          ...(request.claims === undefined ? {} : { claims: request.claims }),
          ...(request.forceRefresh ? { forceRefresh: true } : {}),
        }),
      );
      return result.accessToken;
    },
    async acquireInteractive(request) {
      const result = await classifiedMsalCall(() =>
        pca.acquireTokenPopup({
          scopes: request.scopes,
          ...(request.claims === undefined ? {} : { claims: request.claims }),
        }),
      );
      return result.accessToken;
    },
  };
}

/**
 * The dialog page's client. A redirect flow must keep its state (PKCE verifier, state) across
 * the navigation to Entra and back, which MSAL.js does only in sessionStorage: the dialog
 * window's own, cleared as soon as the answer is sent (and gone with the window anyway).
 */
export async function createDialogRedirectClient(
  config: SignInConfig,
  redirectUri: string,
): Promise<DialogRedirectClient> {
  const pca = await classifiedMsalCall(() =>
    createStandardPublicClientApplication(msalConfiguration(config, redirectUri, 'sessionStorage')),
  );
  return {
    async handleRedirect() {
      // Stay on the redirect page: the request's query is not needed once Entra has answered.
      const result = await classifiedMsalCall(() => pca.handleRedirectPromise({ navigateToLoginRequestUrl: false }));
      return result === null ? null : result.accessToken;
    },
    redirect: (request) => classifiedMsalCall(() => pca.acquireTokenRedirect(request)),
  };
}

/**
 * MSAL.js, loaded only when a fallback path needs it: the dynamic import puts it in its own
 * chunk, so the task pane's start JavaScript does not grow (paths 2 and 3 of docs/sign-in.md).
 * In the pane, tokens are kept in memory only (`memoryStorage`); see dialogEntry.ts for the dialog.
 */
import type { Configuration, IPublicClientApplication } from '@azure/msal-browser';
import { type SignInConfig } from '../../shared/api';

export interface NestedAppAuthClient {
  /** MSAL's cache, else Office's bridge without UI. */
  acquireSilent(request: { scopes: string[]; claims?: string; forceRefresh?: boolean }): Promise<string>;
  /** Office's bridge with UI (sign-in, consent, MFA): Office shows it, no browser popup. */
  acquireInteractive(request: { scopes: string[]; claims?: string }): Promise<string>;
}

/** Thrown when Office offers no nested app authentication bridge after all. */
export class NestedAppAuthUnavailableError extends Error {
  override readonly name = 'NestedAppAuthUnavailableError';
}

export function msalConfiguration(config: SignInConfig, redirectUri: string, cacheLocation: 'memoryStorage' | 'sessionStorage' = 'memoryStorage'): Configuration {
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

export async function loadNestedAppAuth(config: SignInConfig, origin: string): Promise<NestedAppAuthClient> {
  const msal = await import(/* webpackChunkName: "msal" */ '@azure/msal-browser');
  let nested = false;
  // The factory runs only when MSAL found Office's bridge; otherwise MSAL would quietly build a
  // browser-popup client, which is not nested app authentication.
  const pca: IPublicClientApplication = await msal.createNestablePublicClientApplication(msalConfiguration(config, `brk-multihub://${new URL(origin).host}`), undefined, (configuration, controller) => {
    nested = true;
    return new msal.PublicClientApplication(configuration, controller);
  });
  if (!nested) throw new NestedAppAuthUnavailableError('Office did not provide the nested app authentication bridge.');
  return {
    async acquireSilent(request) {
      const result = await pca.acquireTokenSilent({ scopes: request.scopes, ...(request.claims === undefined ? {} : { claims: request.claims }), ...(request.forceRefresh ? { forceRefresh: true } : {}) });
      return result.accessToken;
    },
    async acquireInteractive(request) {
      const result = await pca.acquireTokenPopup({ scopes: request.scopes, ...(request.claims === undefined ? {} : { claims: request.claims }) });
      return result.accessToken;
    },
  };
}

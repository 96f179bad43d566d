/**
 * MSAL.js, loaded only when a fallback path needs it: the dynamic import puts it (msalClients.ts
 * and MSAL's error classification, msalErrors.ts) in its own chunk, so the task pane's start
 * JavaScript does not grow (paths 2 and 3 of docs/sign-in.md). The clients reject with
 * MsalFailureError (msalFailure.ts).
 */
import { type SignInConfig } from '../../shared/api';

export interface NestedAppAuthClient {
  /** MSAL's cache, else Office's bridge without UI. */
  acquireSilent(request: { scopes: string[]; claims?: string; forceRefresh?: boolean }): Promise<string>;
  /** Office's bridge with UI (sign-in, consent, MFA): Office shows it, no browser popup. */
  acquireInteractive(request: { scopes: string[]; claims?: string }): Promise<string>;
}

export interface DialogRedirectRequest {
  scopes: string[];
  extraScopesToConsent?: string[];
  prompt?: string;
  claims?: string;
  loginHint?: string;
}

/** MSAL.js's authorization code flow by redirect, as the sign-in dialog page uses it. */
export interface DialogRedirectClient {
  /** The token when this load is Entra's answer, null when it is the first load. */
  handleRedirect(): Promise<string | null>;
  redirect(request: DialogRedirectRequest): Promise<void>;
}

/** Thrown when Office offers no nested app authentication bridge after all. */
export class NestedAppAuthUnavailableError extends Error {
  override readonly name = 'NestedAppAuthUnavailableError';
}

export async function loadNestedAppAuth(config: SignInConfig, origin: string): Promise<NestedAppAuthClient> {
  const clients = await import(/* webpackChunkName: "msal" */ './msalClients');
  return clients.createNestedAppAuthClient(config, origin);
}

export async function loadDialogRedirectClient(
  config: SignInConfig,
  redirectUri: string,
): Promise<DialogRedirectClient> {
  const clients = await import(/* webpackChunkName: "msal" */ './msalClients');
  return clients.createDialogRedirectClient(config, redirectUri);
}

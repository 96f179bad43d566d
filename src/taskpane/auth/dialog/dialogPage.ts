/**
 * The sign-in dialog page (dialog.html, opened by the pane with displayDialogAsync): MSAL.js's
 * authorization code flow with PKCE by redirect inside the dialog window, then the token goes
 * back to the pane with `messageParent` and the pane closes the dialog.
 *
 *   first load      → acquireTokenRedirect (Entra's sign-in page; `prompt=consent` also asks
 *                     for the Graph permissions the middle tier needs; `claims` for MFA)
 *   back from Entra → handleRedirectPromise → { token } or { error } to the pane
 *
 * Only the pure flow is here; dialogEntry.ts wires the browser and MSAL.js.
 */
import { type SignInConfig } from '../../../shared/api';
import { MsalFailureError, msalFailureOf } from '../msalFailure';
import { type DialogRedirectClient, type DialogRedirectRequest } from '../msalLoader';
import { encodeDialogAnswer, readDialogRequest, type DialogAnswer } from './dialogProtocol';

export type RedirectRequest = DialogRedirectRequest;
/** The part of MSAL.js's PublicClientApplication the page uses; it rejects with MsalFailureError. */
export type RedirectClient = DialogRedirectClient;

export interface DialogPageDeps {
  /** `location.search` of the first load. */
  search: string;
  loadConfig(): Promise<SignInConfig>;
  createClient(config: SignInConfig): Promise<RedirectClient>;
  messageParent(message: string): void;
  /** Shown in the page while it works or when it cannot reach the pane. */
  showStatus(text: string): void;
}

export async function runDialogPage(deps: DialogPageDeps): Promise<void> {
  const answer = (value: DialogAnswer): void => {
    deps.messageParent(encodeDialogAnswer(value));
    deps.showStatus(
      value.kind === 'token'
        ? 'Signed in. You can close this window.'
        : 'Sign-in did not complete. You can close this window.',
    );
  };
  let config: SignInConfig;
  let client: RedirectClient;
  try {
    config = await deps.loadConfig();
    client = await deps.createClient(config);
  } catch (error: unknown) {
    // MSAL.js refusing its configuration is MSAL's failure; anything else (the configuration or
    // the MSAL chunk not arriving) is the network.
    answer(
      error instanceof MsalFailureError
        ? { kind: 'error', failure: error.failure.kind, code: error.failure.code }
        : { kind: 'error', failure: 'network', code: error instanceof Error ? error.name : 'unknown_error' },
    );
    return;
  }
  try {
    const token = await client.handleRedirect();
    if (token !== null) {
      answer({ kind: 'token', accessToken: token });
      return;
    }
    const request = readDialogRequest(deps.search);
    const redirect: RedirectRequest = { scopes: [config.apiScope] };
    if (request.prompt !== undefined) redirect.prompt = request.prompt;
    // One consent screen for the add-in's API and the Graph permissions it uses on your behalf.
    if (request.prompt === 'consent') redirect.extraScopesToConsent = [...config.graphScopes];
    if (request.claims !== undefined) redirect.claims = request.claims;
    if (request.loginHint !== undefined) redirect.loginHint = request.loginHint;
    await client.redirect(redirect);
  } catch (error: unknown) {
    const failure = msalFailureOf(error);
    answer({ kind: 'error', failure: failure.kind, code: failure.code });
  }
}

/**
 * MSAL.js's errors reduced to the pane's decisions (MsalFailureKind), by MSAL's own classes and
 * code constants. Imported only by the MSAL chunk (msalClients.ts), so these classes never reach
 * the start bundle. Where an error comes from:
 *
 *  - Entra's answers (the redirect back to the dialog, the token endpoint) become
 *    `InteractionRequiredAuthError` when MSAL reads `error`, `error_description` or `suberror` as
 *    needing the user, else `ServerError`; both carry the AADSTS number from `error_uri` as
 *    `errorNo`.
 *  - Office's nested app authentication bridge: USER_INTERACTION_REQUIRED becomes
 *    `InteractionRequiredAuthError` with the broker's code, which may be empty; TRANSIENT_ERROR and
 *    PERSISTENT_ERROR `ServerError`; USER_CANCEL, NO_NETWORK, ACCOUNT_UNAVAILABLE, DISABLED and
 *    NESTED_APP_AUTH_UNAVAILABLE a `ClientAuthError` (`user_canceled`, `no_network_connectivity`,
 *    `no_account_found`, `nested_app_auth_bridge_disabled`); anything else a plain `AuthError`.
 *  - The browser side of MSAL (windows, storage, fetch): `BrowserAuthError`.
 *
 * https://learn.microsoft.com/en-us/entra/identity-platform/msal-error-handling-js
 */
import {
  AuthError,
  BrowserAuthError,
  BrowserAuthErrorCodes,
  ClientAuthError,
  ClientAuthErrorCodes,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-browser';
import { type MsalFailure, MsalFailureError } from './msalFailure';

/**
 * AADSTS90094 / 90095: the tenant lets only an administrator consent
 * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
 */
const ADMIN_CONSENT_ERROR_NUMBERS: ReadonlySet<string> = new Set(['90094', '90095']);

/** Entra's OAuth error for a request the user (or a policy) refused (RFC 6749 §4.1.2.1). */
const ACCESS_DENIED = 'access_denied';

const BROWSER_CANCELLED: ReadonlySet<string> = new Set([BrowserAuthErrorCodes.userCancelled]);
const BROWSER_NETWORK: ReadonlySet<string> = new Set([
  BrowserAuthErrorCodes.noNetworkConnectivity,
  BrowserAuthErrorCodes.postRequestFailed,
  BrowserAuthErrorCodes.getRequestFailed,
]);
const CLIENT_CANCELLED: ReadonlySet<string> = new Set([ClientAuthErrorCodes.userCanceled]);
const CLIENT_NETWORK: ReadonlySet<string> = new Set([
  ClientAuthErrorCodes.noNetworkConnectivity,
  ClientAuthErrorCodes.networkError,
]);
/** No account to act silently for: signing in interactively gives one. */
const CLIENT_NEEDS_ACCOUNT: ReadonlySet<string> = new Set([
  ClientAuthErrorCodes.noAccountFound,
  ClientAuthErrorCodes.noAccountInSilentRequest,
]);
const CLIENT_UNAVAILABLE: ReadonlySet<string> = new Set([ClientAuthErrorCodes.nestedAppAuthBridgeDisabled]);

export function classifyMsalError(error: unknown): MsalFailure {
  if (!(error instanceof AuthError))
    return { kind: 'other', code: error instanceof Error ? error.name : 'unknown_error' };
  const code = error.errorCode === '' ? error.name : error.errorCode;
  if (error instanceof InteractionRequiredAuthError) {
    // Every code of this class needs the user, known to this MSAL version or not, empty included.
    return {
      kind: needsAdminConsent(error.errorCode, error.errorNo) ? 'adminConsentRequired' : 'interactionRequired',
      code,
    };
  }
  if (error instanceof ServerError) {
    if (needsAdminConsent(error.errorCode, error.errorNo)) return { kind: 'adminConsentRequired', code };
    return { kind: error.errorCode === ACCESS_DENIED ? 'cancelled' : 'other', code };
  }
  if (error instanceof BrowserAuthError) {
    if (BROWSER_CANCELLED.has(error.errorCode)) return { kind: 'cancelled', code };
    if (BROWSER_NETWORK.has(error.errorCode)) return { kind: 'network', code };
    return { kind: 'other', code };
  }
  if (error instanceof ClientAuthError) {
    if (CLIENT_CANCELLED.has(error.errorCode)) return { kind: 'cancelled', code };
    if (CLIENT_NETWORK.has(error.errorCode)) return { kind: 'network', code };
    if (CLIENT_NEEDS_ACCOUNT.has(error.errorCode)) return { kind: 'interactionRequired', code };
    if (CLIENT_UNAVAILABLE.has(error.errorCode)) return { kind: 'unavailable', code };
    return { kind: 'other', code };
  }
  return { kind: 'other', code };
}

/**
 * Through a redirect the AADSTS number arrives as `errorNo` (MSAL reads it from `error_uri`);
 * through Office's bridge only the broker's code survives, which is then "AADSTS90094".
 */
function needsAdminConsent(errorCode: string, errorNo: string | undefined): boolean {
  if (errorNo !== undefined && ADMIN_CONSENT_ERROR_NUMBERS.has(errorNo)) return true;
  return errorCode.startsWith('AADSTS') && ADMIN_CONSENT_ERROR_NUMBERS.has(errorCode.slice('AADSTS'.length));
}

/** Runs an MSAL call; its failure leaves the MSAL chunk as plain data. */
export async function classifiedMsalCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error: unknown) {
    throw new MsalFailureError(classifyMsalError(error));
  }
}

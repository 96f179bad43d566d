/**
 * MSAL.js errors reduced to what the pane decides on, by their codes only: MSAL's `errorCode`
 * and `subError`, and Entra's AADSTS number (`errorNo`, which MSAL reads from `error_uri`).
 * Read by shape, so the main bundle needs no MSAL class.
 */
export type MsalFailureKind =
  /** Silent failed; an interactive request can succeed (consent, MFA, sign-in). */
  | 'interactionRequired'
  /** The user closed or cancelled the sign-in or consent window. */
  | 'cancelled'
  /** AADSTS90094 / 90095: the tenant does not let users consent to these permissions. */
  | 'adminConsentRequired'
  /** No network to Entra. */
  | 'network'
  /** Nested app authentication is not available here after all. */
  | 'unavailable'
  | 'other';

export interface MsalFailure {
  kind: MsalFailureKind;
  /** MSAL's error code, for support. */
  code: string;
}

const INTERACTION_CODES = new Set(['interaction_required', 'consent_required', 'login_required', 'no_account_error', 'user_interaction_required']);
const CANCEL_CODES = new Set(['user_cancelled', 'user_canceled', 'access_denied']);
const ADMIN_CONSENT_ERROR_NUMBERS = new Set(['90094', '90095']);
const UNAVAILABLE_CODES = new Set(['nested_app_auth_bridge_disabled', 'bridge_unavailable']);

export function msalFailureOf(error: unknown): MsalFailure {
  const e = typeof error === 'object' && error !== null ? (error as { errorCode?: unknown; errorNo?: unknown; subError?: unknown }) : {};
  const code = typeof e.errorCode === 'string' && e.errorCode !== '' ? e.errorCode : 'unknown_error';
  const errorNo = typeof e.errorNo === 'string' ? e.errorNo : typeof e.errorNo === 'number' ? String(e.errorNo) : '';
  // Redirects carry the AADSTS number in `error_uri` (MSAL's errorNo); through Office's bridge
  // only the error code survives, which then is the number itself ("AADSTS90094").
  if (ADMIN_CONSENT_ERROR_NUMBERS.has(errorNo) || ADMIN_CONSENT_ERROR_NUMBERS.has(code.replace(/^AADSTS/, ''))) return { kind: 'adminConsentRequired', code };
  if (INTERACTION_CODES.has(code)) return { kind: 'interactionRequired', code };
  if (CANCEL_CODES.has(code) || e.subError === 'cancel') return { kind: 'cancelled', code };
  if (code === 'no_network_connectivity') return { kind: 'network', code };
  if (UNAVAILABLE_CODES.has(code)) return { kind: 'unavailable', code };
  return { kind: 'other', code };
}

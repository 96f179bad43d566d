/**
 * What the pane decides on when MSAL.js fails, as plain data. MSAL's errors are classified by
 * their classes and codes inside the lazily loaded MSAL chunk (msalErrors.ts); what leaves the
 * chunk is an MsalFailureError, so the start bundle and the dialog protocol need no MSAL class.
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
  /** MSAL's error code (its class name when the code is empty), for support. */
  code: string;
}

/** An MSAL.js failure, already classified by msalErrors.ts. */
export class MsalFailureError extends Error {
  override readonly name = 'MsalFailureError';

  constructor(readonly failure: MsalFailure) {
    super(`MSAL.js failed (${failure.kind}: ${failure.code}).`);
  }
}

/** The failure an MSAL client call rejected with; anything else is not MSAL's and is `other`. */
export function msalFailureOf(error: unknown): MsalFailure {
  if (error instanceof MsalFailureError) return error.failure;
  return { kind: 'other', code: error instanceof Error ? error.name : 'unknown_error' };
}

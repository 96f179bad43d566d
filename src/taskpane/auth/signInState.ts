/**
 * The sign-in state the UI shows, and the error every token request fails with while the user
 * has to act (or cannot be signed in). The state names the path that gives (or last tried to
 * give) the token: Office SSO, nested app authentication (MSAL.js through Office's bridge), or
 * MSAL.js in an Office dialog. See docs/sign-in.md.
 */
export type SignInPath = 'officeSso' | 'nestedAppAuth' | 'officeDialog';

/** Why the user has to click before the pane can get a token. */
export type InteractionReason =
  /** Office SSO is not available here and no silent path is: sign in through the Office dialog. */
  | 'signIn'
  /** The user cancelled Office's sign-in or the sign-in window. */
  | 'signInCancelled'
  /** The user closed the sign-in dialog (12006). */
  | 'dialogClosed'
  /** The middle tier reported that nobody consented to the Graph permissions (AADSTS65001). */
  | 'consentRequired'
  /** Entra asks for more (MFA, conditional access) and the path cannot prompt by itself. */
  | 'claimsChallenge'
  /** The token from the dialog expired; only a new sign-in gives another. */
  | 'signInExpired';

/** Why signing in failed; each has its own message, and "Try again" is always offered. */
export type SignInFailureCode =
  /** The tenant does not let users consent; an administrator must grant the Graph permissions. */
  | 'adminConsentRequired'
  /** 12009: the user or the browser blocked the dialog. */
  | 'dialogBlocked'
  /** 12007: another dialog of the add-in is already open. */
  | 'dialogAlreadyOpen'
  /** 12002: the sign-in page could not be loaded. */
  | 'dialogPageFailed'
  /** 12004, 12005 or no dialog API: the add-in is deployed wrongly or the host is too old. */
  | 'dialogUnavailable'
  /** An Office SSO code that no fallback follows (13006, 13008, 13010, 13013); see `ssoCode`. */
  | 'officeSso'
  /** No network to Microsoft Entra ID. */
  | 'network'
  /** Entra ID or MSAL.js refused; `detail` has MSAL's error code. */
  | 'identityProvider';

export type SignInState =
  | { kind: 'signingIn'; path: SignInPath }
  | { kind: 'signedIn'; path: SignInPath }
  | { kind: 'needsInteraction'; path: SignInPath; reason: InteractionReason }
  | {
      kind: 'failed';
      path: SignInPath;
      code: SignInFailureCode;
      ssoCode?: number;
      detail?: string;
      /** With adminConsentRequired: what the administrator must grant, and to which app. */
      adminConsent?: { clientId: string; permissions: string[] };
    };

/** Thrown by getToken while the state is `needsInteraction` or `failed`. */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';
  constructor(readonly state: Extract<SignInState, { kind: 'needsInteraction' | 'failed' }>) {
    super(state.kind === 'failed' ? `Sign-in failed (${state.code})` : `Sign-in needs the user (${state.reason})`);
  }
}

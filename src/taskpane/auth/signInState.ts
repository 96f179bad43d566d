/**
 * Sign-in as a reducer: which path gives tokens (Office SSO, nested app authentication, or
 * MSAL.js in an Office dialog), what the next click must obtain (a claims challenge waiting,
 * consent missing), what the bar shows, and when the action that waited for a token may run
 * again. Pure, so every transition is tested without Office (signInState.test.ts); the paths in
 * SignInManager.ts and signInFallbacks.ts get tokens and report here. See docs/sign-in.md.
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

export interface SignInFailure {
  code: SignInFailureCode;
  ssoCode?: number;
  detail?: string;
  /** With adminConsentRequired: what the administrator must grant, and to which app. */
  adminConsent?: { clientId: string; permissions: string[] };
}

/** What the bar's button obtains: a first (or new) sign-in, consent, or a claims check (MFA). */
export type SignInNeed = 'signIn' | 'consent' | 'verify';

/** Why the person has to act: a click moves on, or a failure to try again. */
export type SignInStopReason = { kind: 'needsUser'; reason: InteractionReason } | ({ kind: 'failed' } & SignInFailure);

/** What the bar says while the person has to act; `seq` makes a repeat of the same words a new message. */
export type SignInStop = SignInStopReason & { seq: number };

/** What the sign-in bar shows. */
export type SignInStatus =
  /** Nothing to say: signed in, or nothing asked yet. */
  | { kind: 'idle' }
  /** A path is getting a token; after a click, `over` is the message the button belongs to. */
  | { kind: 'working'; interactive: false }
  | { kind: 'working'; interactive: true; over: SignInStop | undefined }
  | SignInStop;

export interface SignInState {
  /** The path that gives tokens from now on (Office SSO until it says it cannot). */
  path: SignInPath;
  /** A path has given a token: the pane shows who is signed in. */
  signedInOnce: boolean;
  /** A claims challenge the path could not answer by itself: the next click carries it. */
  pendingClaims: string | undefined;
  /** The middle tier said nobody consented to the Graph permissions: the next click asks. */
  consentNeeded: boolean;
  status: SignInStatus;
  /** Counts the clicks that ended with a token: the action waiting for one runs again. */
  resumed: number;
  /** What the last such click obtained, for one polite announcement. */
  outcome: { seq: number; need: SignInNeed } | null;
}

export const initialSignInState: SignInState = {
  path: 'officeSso',
  signedInOnce: false,
  pendingClaims: undefined,
  consentNeeded: false,
  status: { kind: 'working', interactive: false },
  resumed: 0,
  outcome: null,
};

export type SignInEvent =
  /** Office SSO cannot give tokens here: this path does from now on. */
  | { type: 'pathChosen'; path: SignInPath }
  /** A path gave a token (silently, or as part of the person's click). */
  | { type: 'tokenGiven'; path: SignInPath }
  /** The person clicked the bar's button: its path works. */
  | { type: 'clicked' }
  /** The click's step ended with a token (and consent or the claims, if they were missing). */
  | { type: 'clickSucceeded' }
  /** The person has to act; `claims`: a challenge the next click must carry. */
  | { type: 'needsUser'; reason: InteractionReason; claims?: string }
  /** The middle tier says nobody consented to the Graph permissions. */
  | { type: 'consentRequired' }
  | { type: 'failed'; failure: SignInFailure };

/** What the next click obtains, from what is missing. */
export function needOf(state: SignInState): SignInNeed {
  if (state.consentNeeded) return 'consent';
  return state.pendingClaims === undefined ? 'signIn' : 'verify';
}

/** The person has to act, or is acting: the pane's actions wait (getToken only refuses the former). */
export function waitsForUser(state: SignInState): boolean {
  const { status } = state;
  return status.kind === 'needsUser' || status.kind === 'failed' || (status.kind === 'working' && status.interactive);
}

/** The message the bar shows (kept while the click's step works), if any. */
export function shownStop(status: SignInStatus): SignInStop | undefined {
  if (status.kind === 'needsUser' || status.kind === 'failed') return status;
  return status.kind === 'working' && status.interactive ? status.over : undefined;
}

function stopped(state: SignInState, stop: SignInStopReason): SignInState {
  return { ...state, status: { ...stop, seq: (shownStop(state.status)?.seq ?? 0) + 1 }, outcome: null };
}

export function signInReducer(state: SignInState, event: SignInEvent): SignInState {
  switch (event.type) {
    case 'pathChosen':
      return state.path === event.path ? state : { ...state, path: event.path };
    case 'tokenGiven': {
      // A token got silently ends the start's quiet wait, never a click's step (which ends by itself).
      const status =
        state.status.kind === 'working' && !state.status.interactive ? { kind: 'idle' as const } : state.status;
      if (state.path === event.path && state.signedInOnce && status === state.status) return state;
      return { ...state, path: event.path, signedInOnce: true, status };
    }
    case 'clicked':
      return { ...state, status: { kind: 'working', interactive: true, over: shownStop(state.status) } };
    case 'clickSucceeded':
      return {
        ...state,
        consentNeeded: false,
        pendingClaims: undefined,
        status: { kind: 'idle' },
        resumed: state.resumed + 1,
        outcome: { seq: state.resumed + 1, need: needOf(state) },
      };
    case 'needsUser':
      return stopped(event.claims === undefined ? state : { ...state, pendingClaims: event.claims }, {
        kind: 'needsUser',
        reason: event.reason,
      });
    case 'consentRequired':
      return stopped({ ...state, consentNeeded: true }, { kind: 'needsUser', reason: 'consentRequired' });
    case 'failed':
      return stopped(state, { kind: 'failed', ...event.failure });
  }
}

/** Thrown by getToken while the person has to act (or cannot be signed in). */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';
  constructor(readonly stop: SignInStop) {
    super(`Sign-in: ${stop.kind}`);
  }
}

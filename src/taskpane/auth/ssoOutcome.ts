/**
 * What an Office SSO error code means for the user (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/troubleshoot-sso-in-office-add-ins).
 * The UI picks its localised text and actions from the outcome; the code is shown for support.
 */
export type SsoOutcome =
  /** 13001: not signed in to Office. Offer "Sign in" (calls again with the sign-in prompt). */
  | 'signInRequired'
  /** 13002: the user cancelled sign-in or consent. Keep running; offer a "Sign in" button. */
  | 'signInCancelled'
  /** 13006: client error in Office on the web; sign out and restart the browser. */
  | 'restartBrowser'
  /** 13008: a previous request was still running; retry. */
  | 'retry'
  /** 13010: Edge security zones (the user has already seen Office's own error). */
  | 'browserSecurityZones'
  /** 13013: Office throttled the calls; wait and retry. */
  | 'throttled'
  /** 13004: the add-in's manifest is misconfigured (a developer problem). */
  | 'addInMisconfigured'
  /** 13000, 13003, 13005, 13007, 13012, 50001 and anything unknown: SSO cannot be used here. */
  | 'ssoUnavailable';

export function ssoOutcomeOf(code: number): SsoOutcome {
  switch (code) {
    case 13001:
      return 'signInRequired';
    case 13002:
      return 'signInCancelled';
    case 13004:
      return 'addInMisconfigured';
    case 13006:
      return 'restartBrowser';
    case 13008:
      return 'retry';
    case 13010:
      return 'browserSecurityZones';
    case 13013:
      return 'throttled';
    default:
      return 'ssoUnavailable';
  }
}

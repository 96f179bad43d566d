/**
 * What the emulated Office does when the add-in calls getAccessToken, given the dev host's
 * `ssoBehaviour` and the call's options (https://learn.microsoft.com/en-us/javascript/api/office/office.authoptions, https://learn.microsoft.com/en-us/office/dev/add-ins/develop/troubleshoot-sso-in-office-add-ins). Choices (DEVIATIONS.md):
 * - 13001 (not signed in) is cured by `allowSignInPrompt` (Office shows sign-in, the user signs in);
 * - 13005 (invalid grant / no consent to `profile`) is cured by `allowConsentPrompt`
 *   (the prompt can grant exactly that consent);
 * - every other code fails whatever the options: those are states a prompt cannot fix
 *   (13002 models a user who cancels the prompt);
 * - with `ssoBehaviour: 'ok'`, a call with `forMSGraphAccess: true` fails with 13012 when the
 *   dev host says no admin consented to the Graph scopes (https://learn.microsoft.com/en-us/javascript/api/office/office.authoptions); a prompt cannot fix it.
 */
import { type SsoBehaviour, type SsoFailureCode } from './HostContextStore';
import { type TokenRequestOptions } from './hostContextInput';

export type SsoOutcome = { kind: 'token' } | { kind: 'officeError'; code: SsoFailureCode };

export function ssoOutcome(
  behaviour: SsoBehaviour,
  options: TokenRequestOptions,
  graphScopesConsented = true,
): SsoOutcome {
  if (behaviour === 'ok')
    return options.forMSGraphAccess && !graphScopesConsented ? { kind: 'officeError', code: 13012 } : { kind: 'token' };
  if (behaviour === 13001 && options.allowSignInPrompt) return { kind: 'token' };
  if (behaviour === 13005 && options.allowConsentPrompt) return { kind: 'token' };
  return { kind: 'officeError', code: behaviour };
}

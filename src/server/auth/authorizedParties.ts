/**
 * Which applications may obtain the tokens this API accepts: the `azp` claim of a v2 access
 * token (`appid` in v1), "the application ID of the client using the token"
 * (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference).
 *
 * - Office single sign-on: Office itself asks Entra for the token, so `azp` is one of Office's
 *   client ids, the ones an add-in registration pre-authorises for `access_as_user`
 *   (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/register-sso-add-in-aad-v2).
 * - Nested app authentication and the Office dialog: MSAL.js in the add-in asks with the
 *   add-in's own client id
 *   (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/enable-nested-app-authentication-in-your-add-in).
 *
 * Anything else (another app of the tenant that was granted `access_as_user`) is refused.
 */

/**
 * Office client ids listed for pre-authorisation on Microsoft's registration page
 * (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/register-sso-add-in-aad-v2),
 * including the two of Microsoft Teams, through which Office in Teams asks for the token.
 */
export const OFFICE_CLIENT_IDS = {
  /** "All Microsoft Office application endpoints". */
  allOfficeEndpoints: 'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e',
  /** Microsoft Office (desktop and mobile). */
  microsoftOffice: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  /** Office on the web. */
  officeOnTheWeb: '93d53678-613d-4013-afc1-62e9e444a0a5',
  /** Outlook on the web. */
  outlookOnTheWeb: 'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
  /** Office running inside Microsoft Teams: the Teams desktop and mobile apps. */
  teamsDesktopAndMobile: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  /** Office running inside Microsoft Teams: Teams on the web. */
  teamsOnTheWeb: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
} as const;

/** The lower-case client ids whose tokens the API accepts, given the add-in's own. */
export function authorizedParties(addinClientId: string): ReadonlySet<string> {
  return new Set([...Object.values(OFFICE_CLIENT_IDS), addinClientId].map((id) => id.toLowerCase()));
}

/**
 * `azp` (v2) or, only when a token has no `azp` at all, `appid` (v1); lower case. Undefined when
 * the token names no client or names it in a claim that is not a non-empty string.
 */
export function authorizedPartyOf(payload: { azp?: unknown; appid?: unknown }): string | undefined {
  const value = payload.azp === undefined ? payload.appid : payload.azp;
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

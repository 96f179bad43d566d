/**
 * Path selection: what follows a failed Office SSO call, by its code
 * (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/troubleshoot-sso-in-office-add-ins).
 *
 * - Codes a prompt cannot cure (13000, 13001, 13003, 13004, 13005, 13007, 13012, 50001 and the
 *   undocumented ones) go to nested app authentication when the host supports NestedAppAuth 1.1
 *   (https://learn.microsoft.com/en-us/javascript/api/requirement-sets/common/nested-app-auth-requirement-sets),
 *   else to sign-in in an Office dialog. 13001 is here because the call already allowed Office's
 *   sign-in prompt; 13004 because the fallbacks do not depend on the manifest's SSO section.
 * - 13002: the user cancelled Office's prompt; they decide when to try again.
 * - 13006, 13008, 13010, 13013: states of Office itself that another path would not fix;
 *   the user sees what to do and can try again.
 */
export const NESTED_APP_AUTH_SET = { name: 'NestedAppAuth', version: '1.1' } as const;

export type SsoNextStep = { kind: 'nestedAppAuth' } | { kind: 'officeDialog' } | { kind: 'askUser' } | { kind: 'stop' };

const STOP_CODES: ReadonlySet<number> = new Set([13006, 13008, 13010, 13013]);

export function nextStepAfterSso(code: number, nestedAppAuthSupported: boolean): SsoNextStep {
  if (code === 13002) return { kind: 'askUser' };
  if (STOP_CODES.has(code)) return { kind: 'stop' };
  return nestedAppAuthSupported ? { kind: 'nestedAppAuth' } : { kind: 'officeDialog' };
}

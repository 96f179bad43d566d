/**
 * office.js's error object for getAccessToken failures: `{ code, name, message }` (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/troubleshoot-sso-in-office-add-ins).
 * Callers branch on `code`; the texts are this emulator's own wording (DEVIATIONS.md).
 */

export interface OfficeError {
  code: number;
  name: string;
  message: string;
}

const OFFICE_ERRORS: Readonly<Record<number, { name: string; message: string }>> = {
  13000: { name: 'API not supported', message: 'This add-in cannot use the identity API (single sign-on is not available).' },
  13001: { name: 'User not signed in', message: 'Nobody is signed into Office.' },
  13002: { name: 'User aborted', message: 'The user cancelled the sign-in or consent prompt.' },
  13003: { name: 'Unsupported user identity', message: "The signed-in user's account type is not supported." },
  13004: { name: 'Invalid resource', message: "The add-in's manifest names an invalid application resource." },
  13005: { name: 'Invalid grant', message: 'Office is not pre-authorised for the add-in, or consent is missing.' },
  13006: { name: 'Client error', message: 'An unexpected error occurred in Office on the web.' },
  13007: { name: 'Server error', message: "Office could not get a token for the add-in's web service." },
  13008: { name: 'Token request in progress', message: 'getAccessToken was called before the previous call completed.' },
  13010: { name: 'Security zones', message: 'Office and the sign-in page are in different browser security zones (Microsoft Edge).' },
  13012: { name: 'Unsupported platform', message: 'Single sign-on is not supported on this platform or for this request.' },
  13013: { name: 'Throttled', message: 'getAccessToken was called too often in a short time.' },
  50001: { name: 'Internal error', message: 'Office is too old or a stale copy of office.js is cached.' },
};

export function isKnownOfficeErrorCode(code: unknown): code is number {
  return typeof code === 'number' && Object.prototype.hasOwnProperty.call(OFFICE_ERRORS, code);
}

export function officeError(code: number): OfficeError {
  const known = OFFICE_ERRORS[code] ?? OFFICE_ERRORS[13007] ?? { name: 'Error', message: 'Unknown error.' };
  return { code: OFFICE_ERRORS[code] === undefined ? 13007 : code, name: known.name, message: known.message };
}

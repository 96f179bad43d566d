/**
 * `getAccessToken` (dispatch id 98) on the host side: the options office.js passes
 * (https://learn.microsoft.com/en-us/javascript/api/office/office.authoptions), read and checked,
 * and the error code Excel on the web answers when no token comes back
 * (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/troubleshoot-sso-in-office-add-ins).
 * office.js turns the code into the error object the add-in sees (its own name and message).
 */

export const SSO_ERROR = { serverError: 13007, requestInProgress: 13008 } as const;

/** Every code Office documents for getAccessToken; the emulator may ask for any of them. */
export const SSO_ERROR_CODES: readonly number[] = [
  13000, 13001, 13002, 13003, 13004, 13005, 13006, 13007, 13008, 13010, 13012, 13013, 50001,
];

export interface TokenOptions {
  allowSignInPrompt?: boolean;
  allowConsentPrompt?: boolean;
  forMSGraphAccess?: boolean;
  authChallenge?: string;
}

const MAX_AUTH_CHALLENGE = 4096;

/**
 * The options office.js marshalled (`allowSignInPrompt`, `allowConsentPrompt`,
 * `forMSGraphAccess`, `authChallenge`; or all of them as the `JsonPayload` string), as the
 * emulator's token endpoint takes them. Booleans that are not booleans and an empty or
 * oversized challenge are left out.
 */
export function readTokenOptions(args: Readonly<Record<string, unknown>>): TokenOptions {
  let source: Readonly<Record<string, unknown>> = args;
  if (typeof args.JsonPayload === 'string') {
    try {
      const parsed: unknown = JSON.parse(args.JsonPayload);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        source = parsed as Record<string, unknown>;
    } catch {
      source = {};
    }
  }
  const options: TokenOptions = {};
  for (const flag of ['allowSignInPrompt', 'allowConsentPrompt', 'forMSGraphAccess'] as const) {
    const value = source[flag];
    if (typeof value === 'boolean') options[flag] = value;
  }
  const challenge = source.authChallenge;
  if (typeof challenge === 'string' && challenge.length > 0 && challenge.length <= MAX_AUTH_CHALLENGE)
    options.authChallenge = challenge;
  return options;
}

/** The code for an emulator answer without a token: its `officeError.code` when documented, else 13007. */
export function tokenAnswerError(body: unknown): number {
  const code =
    typeof body === 'object' && body !== null
      ? (body as { officeError?: { code?: unknown } }).officeError?.code
      : undefined;
  return typeof code === 'number' && SSO_ERROR_CODES.includes(code) ? code : SSO_ERROR.serverError;
}

/**
 * Entra errors of the interactive sign-in: those /authorize answers itself (before it may trust
 * the redirect URI), those it sends back to the redirect URI, and those the token endpoint
 * answers for the authorization_code grant.
 * Codes follow Entra's error reference; descriptions are the emulator's own words.
 * (Kept beside the authorize flow; they could join errors/entraErrors.ts.)
 */
import { EntraError, ENTRA_ERROR_URI, traceLines } from './EntraError';

export const authorizeErrors = {
  redirectUriMismatch(redirectUri: string, clientId: string): EntraError {
    return new EntraError(
      400,
      'invalid_request',
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
    );
  },
  responseModeNotImplemented(mode: string): EntraError {
    return new EntraError(
      501,
      'not_implemented',
      0,
      `The local emulator does not implement response_mode '${mode}'; use 'query' or 'fragment'.`,
    );
  },
  codeUnknown(): EntraError {
    return new EntraError(400, 'invalid_grant', 70000, 'The provided authorization code is invalid or malformed.');
  },
  codeExpired(): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      70008,
      'The provided authorization code has expired. Send a new interactive authorization request.',
    );
  },
  codeAlreadyRedeemed(): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      54005,
      'OAuth2 authorization code was already redeemed; send a new interactive authorization request.',
    );
  },
  codeForAnotherClient(): EntraError {
    return new EntraError(400, 'invalid_grant', 70000, 'The authorization code was issued to another client.');
  },
  redirectUriNotTheSame(): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      500112,
      'The reply address does not match the reply address given when the authorization code was requested.',
    );
  },
  codeVerifierMismatch(): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      50148,
      'The code_verifier does not match the code_challenge supplied in the authorization request (PKCE).',
    );
  },
} as const;

/** An error /authorize sends back to the app's redirect URI. */
export interface AuthorizeProblem {
  error: string;
  /** The AADSTS number; it also names the help page in `error_uri`. */
  aadsts: number;
  /** Entra's text after `AADSTS<n>: `. */
  text: string;
  suberror?: string;
}

export interface AuthorizeTrace {
  /** Entra's request id for this answer. */
  traceId: string;
  /** The client's `client-request-id` when it is a GUID (MSAL.js sends one), else a new one. */
  correlationId: string;
  nowMs: number;
}

/**
 * The parameters Entra redirects with on an error, as in the authorization code flow's error
 * response (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#error-response):
 * `error`, `error_description` ("AADSTS<n>: <text>" then the trace id, correlation id and
 * timestamp on lines of their own), `error_uri` (MSAL.js reads the AADSTS number from its
 * `code=` as `errorNo`) and, where Entra has one, `suberror`.
 */
export function authorizeErrorAnswer(problem: AuthorizeProblem, trace: AuthorizeTrace): Record<string, string> {
  const answer: Record<string, string> = {
    error: problem.error,
    error_description: `AADSTS${problem.aadsts}: ${problem.text}${traceLines(trace.traceId, trace.correlationId, trace.nowMs)}`,
    error_uri: `${ENTRA_ERROR_URI}${problem.aadsts}`,
  };
  if (problem.suberror !== undefined) answer.suberror = problem.suberror;
  return answer;
}

/** The redirected errors of the sign-in itself (Entra's reference: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes). */
export const authorizeProblems = {
  /** `prompt=none` without a sign-in session. */
  loginRequired: {
    error: 'login_required',
    aadsts: 50058,
    text: 'A silent sign-in request was sent but no user is signed in.',
  },
  /** The user chose Cancel on the sign-in or consent page. */
  userDeclined: { error: 'access_denied', aadsts: 65004, text: 'The user declined to consent to access the app.' },
  /**
   * A tenant whose users may not consent. Entra names the policy with AADSTS90094; the emulator
   * sends it back to the app instead of stopping on its own page (DEVIATIONS.md).
   */
  adminConsentRequired: {
    error: 'access_denied',
    aadsts: 90094,
    text: 'An administrator of the tenant has set a policy that prevents users from granting this app the permissions it requests. An administrator must grant admin consent.',
  },
} as const satisfies Record<string, AuthorizeProblem>;

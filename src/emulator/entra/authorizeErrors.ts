/**
 * Entra errors of the interactive sign-in: those /authorize answers itself (before it may trust
 * the redirect URI) and those the token endpoint answers for the authorization_code grant.
 * Codes follow Entra's error reference; descriptions are the emulator's own words.
 * (Kept beside the authorize flow; they could join errors/entraErrors.ts.)
 */
import { EntraError } from './EntraError';

export const authorizeErrors = {
  redirectUriMismatch(redirectUri: string, clientId: string): EntraError {
    return new EntraError(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
  },
  responseModeNotImplemented(mode: string): EntraError {
    return new EntraError(501, 'not_implemented', 0, `The local emulator does not implement response_mode '${mode}'; use 'query' or 'fragment'.`);
  },
  codeUnknown(): EntraError {
    return new EntraError(400, 'invalid_grant', 70000, 'The provided authorization code is invalid or malformed.');
  },
  codeExpired(): EntraError {
    return new EntraError(400, 'invalid_grant', 70008, 'The provided authorization code has expired. Send a new interactive authorization request.');
  },
  codeAlreadyRedeemed(): EntraError {
    return new EntraError(400, 'invalid_grant', 54005, 'OAuth2 authorization code was already redeemed; send a new interactive authorization request.');
  },
  codeForAnotherClient(): EntraError {
    return new EntraError(400, 'invalid_grant', 70000, 'The authorization code was issued to another client.');
  },
  redirectUriNotTheSame(): EntraError {
    return new EntraError(400, 'invalid_grant', 500112, 'The reply address does not match the reply address given when the authorization code was requested.');
  },
  codeVerifierMismatch(): EntraError {
    return new EntraError(400, 'invalid_grant', 50148, 'The code_verifier does not match the code_challenge supplied in the authorization request (PKCE).');
  },
} as const;

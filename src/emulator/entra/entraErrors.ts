/**
 * One function per Entra ID token-endpoint error the emulator can answer with. Codes and
 * statuses follow https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow; descriptions are the emulator's own words.
 */
import { EntraError } from './EntraError';

export const entraErrors = {
  tenantNotFound(tenant: string): EntraError {
    return new EntraError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check that the tenant id is right.`,
    );
  },
  missingParameter(name: string): EntraError {
    return new EntraError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    );
  },
  invalidParameter(name: string, detail: string): EntraError {
    return new EntraError(400, 'invalid_request', 90014, `The parameter '${name}' is not valid: ${detail}`);
  },
  unsupportedGrantType(grantType: string): EntraError {
    return new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  },
  /** A real grant type the emulator does not implement yet: 501, never a silent success. */
  grantNotImplemented(grantType: string): EntraError {
    return new EntraError(501, 'not_implemented', 0, `The local emulator does not implement the '${grantType}' grant.`);
  },
  /** Entra's v1 endpoints (`/oauth2/token`, `/oauth2/authorize`), which the v1 metadata names. */
  v1EndpointNotImplemented(endpoint: string): EntraError {
    return new EntraError(
      501,
      'not_implemented',
      0,
      `The local emulator does not implement the v1 endpoint '${endpoint}'; use the v2.0 one.`,
    );
  },
  clientAssertionNotImplemented(): EntraError {
    return new EntraError(
      501,
      'not_implemented',
      0,
      'The local emulator does not implement certificate credentials (client_assertion); use client_secret.',
    );
  },
  unknownClient(clientId: string): EntraError {
    return new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory.`,
    );
  },
  missingClientSecret(): EntraError {
    return new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  },
  /** The secret matches, but it has passed its end date in the app registration. */
  clientSecretExpired(clientId: string): EntraError {
    return new EntraError(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app, or consider using certificate credentials for added security.`,
    );
  },
  invalidClientSecret(clientId: string): EntraError {
    return new EntraError(401, 'invalid_client', 7000215, `Invalid client secret provided for app '${clientId}'.`);
  },
  assertionExpired(): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      500133,
      'Assertion is not within its valid time range. Get a new access token before using it as a user assertion.',
    );
  },
  invalidAssertion(detail: string): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      50013,
      `Assertion failed signature validation or is not valid: ${detail}`,
    );
  },
  invalidScope(scope: string): EntraError {
    return new EntraError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid: '${scope}'.`,
    );
  },
  consentRequired(clientId: string, scopes: string): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' for ${scopes}. Send an interactive authorization request for this user and resource.`,
      { suberror: 'consent_required' },
    );
  },
  /** AADSTS50076: MFA required; `claims` is the challenge the client hands to getAccessToken({authChallenge}). */
  mfaRequired(claims: string): EntraError {
    return new EntraError(
      400,
      'invalid_grant',
      50076,
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
      { suberror: 'basic_action', claims },
    );
  },
  /**
   * AADSTS50079 in the `interaction_required` form of the on-behalf-of documentation
   * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow#error-response-example):
   * the user must register for or complete MFA; `claims` is the challenge to pass back.
   */
  interactionRequired(claims: string): EntraError {
    return new EntraError(
      400,
      'interaction_required',
      50079,
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access the resource.',
      { claims },
    );
  },
  /** A fault rule on the token endpoint: 429/503/504 in Entra's shape (no AADSTS number: DEVIATIONS.md). */
  temporarilyUnavailable(status: 429 | 503 | 504, retryAfterSeconds?: number): EntraError {
    const headers: Record<string, string> =
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
    return new EntraError(
      status,
      'temporarily_unavailable',
      0,
      'The server is temporarily too busy to handle the request. Try again later.',
      { headers },
    );
  },
} as const;

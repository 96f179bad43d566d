/**
 * The parameters of an /authorize request (from the query string, or from the sign-in form
 * that repeats them), checked in Entra's order: first what decides whether the emulator may
 * redirect at all (client_id, redirect_uri: errors are answered in place), then the rest
 * (errors go back to the redirect URI with `error`, `error_description` and `state`).
 * Also the scope rule shared with the authorization_code grant.
 */
import { applicationIdUri } from '../../shared/localMode';
import { entraErrors } from './entraErrors';
import { authorizeErrors } from './authorizeErrors';

export interface AuthorizeClient {
  clientId: string;
  addinOrigin: string;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  state?: string;
  nonce?: string;
  responseMode: 'query' | 'fragment';
  prompt?: string;
  loginHint?: string;
  /** A claims challenge (MFA, conditional access) the sign-in must satisfy. */
  claims?: string;
}

/** A problem the client must hear about at its redirect URI (OAuth 2.0 §4.1.2.1). */
export class RedirectableError extends Error {
  constructor(
    readonly error: string,
    /** The AADSTS number. */
    readonly aadsts: number,
    /** Entra's text after `AADSTS<n>: `. */
    readonly text: string,
    /** Where to send it; absent when the rule is used outside /authorize (the token endpoint). */
    readonly target?: Pick<AuthorizeRequest, 'redirectUri' | 'responseMode' | 'state'>,
  ) {
    super(`AADSTS${aadsts}: ${text}`);
  }

  get description(): string {
    return this.message;
  }
}

/**
 * `consentTo`: Graph permissions asked for alongside the add-in's API scope (MSAL's
 * `extraScopesToConsent`): the user consents to them on the same page, the token is for the API.
 */
export type ResolvedScopes =
  { resource: 'addin'; granted: string[]; consentTo: string[] } | { resource: 'graph'; granted: string[] };

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
/** Delegated Graph permissions the emulated tenant knows; the sign-in page is the user's consent. */
const KNOWN_GRAPH_SCOPES = [
  'Files.Read',
  'Files.ReadWrite',
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'User.Read',
];
const PKCE_S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The redirect URIs of the local app registration (DEVIATIONS.md). */
export function registeredRedirectUris(client: AuthorizeClient): string[] {
  const host = new URL(client.addinOrigin).host;
  return [`${client.addinOrigin}/dialog.html`, `${client.addinOrigin}/taskpane.html`, `brk-multihub://${host}`];
}

/** client_id and redirect_uri: until both are right, nothing may be sent to the redirect URI. */
function readRedirectTarget(
  params: URLSearchParams,
  client: AuthorizeClient,
): { clientId: string; redirectUri: string } {
  const clientId = params.get('client_id');
  if (clientId === null || clientId === '') throw entraErrors.missingParameter('client_id');
  if (clientId !== client.clientId) throw entraErrors.unknownClient(clientId);
  const redirectUri = params.get('redirect_uri');
  if (redirectUri === null || redirectUri === '') throw entraErrors.missingParameter('redirect_uri');
  if (!registeredRedirectUris(client).includes(redirectUri))
    throw authorizeErrors.redirectUriMismatch(redirectUri, clientId);
  return { clientId, redirectUri };
}

/** The rest of the request; a problem here throws RedirectableError (or EntraError for form_post). */
export function readAuthorizeRequest(params: URLSearchParams, client: AuthorizeClient): AuthorizeRequest {
  const target = readRedirectTarget(params, client);
  const responseMode = params.get('response_mode') ?? 'query';
  if (responseMode === 'form_post') throw authorizeErrors.responseModeNotImplemented(responseMode);
  const optional = (name: string): string | undefined => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  if (responseMode !== 'query' && responseMode !== 'fragment') {
    throw new RedirectableError('invalid_request', 90014, `response_mode '${responseMode}' is not valid.`, {
      ...target,
      responseMode: 'query',
      state: optional('state'),
    });
  }
  const request: AuthorizeRequest = {
    ...target,
    scope: '',
    codeChallenge: '',
    responseMode,
    state: optional('state'),
    nonce: optional('nonce'),
    prompt: optional('prompt'),
    loginHint: optional('login_hint'),
    claims: optional('claims'),
  };

  const fail = (error: string, aadsts: number, text: string): RedirectableError =>
    new RedirectableError(error, aadsts, text, request);
  const responseType = params.get('response_type');
  if (responseType !== 'code')
    throw fail(
      'unsupported_response_type',
      700054,
      `response_type '${responseType ?? ''}' is not enabled for the application; use 'code'.`,
    );
  const scope = params.get('scope');
  if (scope === null || scope.trim() === '')
    throw fail('invalid_request', 900144, "The request must contain the parameter 'scope'.");
  const method = params.get('code_challenge_method');
  const challenge = params.get('code_challenge');
  if (challenge === null || challenge === '')
    throw fail(
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required: send code_challenge and code_challenge_method=S256.',
    );
  if (method !== 'S256')
    throw fail(
      'invalid_request',
      501481,
      `code_challenge_method '${method ?? ''}' is not accepted by this emulator; use S256.`,
    );
  if (!PKCE_S256_CHALLENGE.test(challenge))
    throw fail(
      'invalid_request',
      501481,
      'code_challenge must be the 43-character base64url SHA-256 of the code_verifier.',
    );
  try {
    resolveScopes(scope, client);
  } catch (error: unknown) {
    if (error instanceof RedirectableError) throw fail(error.error, error.aadsts, error.text);
    throw error;
  }
  return { ...request, scope, codeChallenge: challenge };
}

/**
 * OpenID scopes are allowed and dropped. The rest must name one resource: the add-in's own API
 * (`api://<add-in host>/<client id>/access_as_user` or `/.default`) or Graph (full URIs, or bare
 * permission names, which Entra reads as Graph's). Only OpenID scopes → Graph `User.Read`.
 */
export function resolveScopes(scope: string, client: AuthorizeClient): ResolvedScopes {
  const apiBase = applicationIdUri(new URL(client.addinOrigin).host, client.clientId);
  const requested = scope.split(/\s+/).filter((s) => s.length > 0 && !OIDC_SCOPES.has(s.toLowerCase()));
  if (requested.length === 0) return { resource: 'graph', granted: ['User.Read'] };
  const invalid = (): RedirectableError =>
    new RedirectableError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid: '${scope}'.`,
    );
  const api = requested.filter((s) => s.toLowerCase().startsWith(`${apiBase.toLowerCase()}/`));
  if (api.length > 0) {
    if (!api.every((s) => ['access_as_user', '.default'].includes(s.slice(apiBase.length + 1)))) throw invalid();
    const others = requested.filter((s) => !api.includes(s));
    const consentTo = others.length === 0 ? [] : graphPermissions(others, invalid);
    return { resource: 'addin', granted: [`${apiBase}/access_as_user`], consentTo };
  }
  return { resource: 'graph', granted: graphPermissions(requested, invalid) };
}

/** Graph permission names (full URIs or bare names, which Entra reads as Graph's), canonical. */
function graphPermissions(requested: string[], invalid: () => RedirectableError): string[] {
  const names = requested.map((s) => (s.toLowerCase().startsWith(GRAPH_RESOURCE) ? s.slice(GRAPH_RESOURCE.length) : s));
  if (names.includes('.default')) {
    if (names.length > 1) throw invalid();
    return ['Files.ReadWrite', 'User.Read'];
  }
  const canonical = names.map((n) => KNOWN_GRAPH_SCOPES.find((k) => k.toLowerCase() === n.toLowerCase()));
  if (canonical.some((c) => c === undefined)) throw invalid();
  return [...new Set(canonical.filter((c): c is string => c !== undefined))];
}

/** Where the browser goes next: the redirect URI with the answer in the query or the fragment. */
export function redirectWith(
  request: Pick<AuthorizeRequest, 'redirectUri' | 'responseMode' | 'state'>,
  answer: Record<string, string>,
): string {
  const url = new URL(request.redirectUri);
  const params = new URLSearchParams(answer);
  if (request.state !== undefined) params.set('state', request.state);
  if (request.responseMode === 'fragment') url.hash = params.toString();
  else for (const [name, value] of params) url.searchParams.set(name, value);
  return url.toString();
}

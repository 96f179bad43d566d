/**
 * The v2 token endpoint's logic, separate from HTTP: given the form fields and the
 * Authorization header, either the OBO success body or a thrown EntraError. Unknown form fields
 * (msal-node adds `client_info`, `x-client-*`, …) are ignored, as Entra does.
 *
 * Checks run in the order a client can fix them: grant type, client credentials, the
 * parameters of the grant, the scopes, then the assertion itself.
 */
import { type Authority } from './authority';
import { entraErrors } from './entraErrors';
import { type EntraBehaviour } from './EntraSwitchStore';
import { type Issuer } from './Issuer';
import { GRAPH_TOKEN_LIFETIME_S } from './tokenClaims';
import { parseBasicAuth, sameSecret } from './basicAuth';
import { readClaimsRequest } from './claimsRequest';

export const OBO_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/**
 * Real grants this endpoint does not serve: 501, not "unsupported". `authorization_code` is
 * answered before it by the interactive sign-in (authorizeCodeGrant.ts) when that is wired in.
 */
const KNOWN_UNIMPLEMENTED_GRANTS = new Set([
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'password',
  'urn:ietf:params:oauth:grant-type:device_code',
]);

const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
/** OpenID scopes Entra accepts alongside resource scopes; they are not part of the Graph token. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** Delegated Graph permissions that exist (a scope outside this list is invalid_scope). */
const KNOWN_GRAPH_SCOPES = [
  'Files.Read',
  'Files.ReadWrite',
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'User.Read',
];
/** What the demo tenant consented to for the add-in (others answer consent_required). */
const CONSENTED_GRAPH_SCOPES = new Set(['files.read', 'files.readwrite', 'user.read']);

export interface OboSuccess {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
}

/** What the control API set (EntraSwitchStore); by default every user is `ok` and the secret valid. */
export interface EntraState {
  behaviourOf(userOid: string): EntraBehaviour;
  hasPassedMfa(userOid: string): boolean;
  app(): { clientSecretExpired: boolean };
}

const DEFAULT_STATE: EntraState = {
  behaviourOf: () => 'ok',
  hasPassedMfa: () => false,
  app: () => ({ clientSecretExpired: false }),
};

export async function handleTokenRequest(
  form: URLSearchParams,
  authorizationHeader: string | undefined,
  issuer: Issuer,
  client: ClientRegistration,
  state: EntraState = DEFAULT_STATE,
  /** The tenant segment the request was sent to (default: the home tenant). */
  authority: Authority = { kind: 'tenant', tenantId: issuer.tenantId },
): Promise<OboSuccess> {
  const grantType = form.get('grant_type');
  if (grantType === null || grantType === '') throw entraErrors.missingParameter('grant_type');
  if (KNOWN_UNIMPLEMENTED_GRANTS.has(grantType)) throw entraErrors.grantNotImplemented(grantType);
  if (grantType !== OBO_GRANT_TYPE) throw entraErrors.unsupportedGrantType(grantType);

  authenticateClient(form, authorizationHeader, client);
  if (state.app().clientSecretExpired) throw entraErrors.clientSecretExpired(client.clientId);

  const requestedTokenUse = form.get('requested_token_use');
  if (requestedTokenUse === null) throw entraErrors.missingParameter('requested_token_use');
  if (requestedTokenUse !== 'on_behalf_of')
    throw entraErrors.invalidParameter('requested_token_use', "it must be 'on_behalf_of'.");
  const assertion = form.get('assertion');
  if (assertion === null || assertion === '') throw entraErrors.missingParameter('assertion');
  const scope = form.get('scope');
  if (scope === null || scope.trim() === '') throw entraErrors.missingParameter('scope');
  const graphScopes = grantableGraphScopes(scope, client.clientId);
  const claims = readClaimsRequest(form.get('claims'));

  const user = await issuer.verifyAssertion(assertion, authority);
  const mfa = state.hasPassedMfa(user.oid);
  applyUserSwitch(state.behaviourOf(user.oid), mfa, { clientId: client.clientId, scope, graphScopes });
  return {
    token_type: 'Bearer',
    scope: graphScopes.map((s) => GRAPH_RESOURCE + s).join(' '),
    expires_in: GRAPH_TOKEN_LIFETIME_S,
    ext_expires_in: GRAPH_TOKEN_LIFETIME_S,
    access_token: await issuer.mintGraphToken(user, graphScopes, {
      mfa,
      capabilities: claims.capabilities,
      ...(claims.notBeforeSeconds === undefined ? {} : { notBeforeSeconds: claims.notBeforeSeconds }),
    }),
  };
}

function authenticateClient(
  form: URLSearchParams,
  authorizationHeader: string | undefined,
  client: ClientRegistration,
): void {
  const basic = parseBasicAuth(authorizationHeader);
  const clientId = form.get('client_id') ?? basic?.clientId ?? null;
  if (clientId === null || clientId === '') throw entraErrors.missingParameter('client_id');
  if (clientId !== client.clientId) throw entraErrors.unknownClient(clientId);
  if (form.has('client_assertion')) throw entraErrors.clientAssertionNotImplemented();
  const secret =
    form.get('client_secret') ?? (basic !== undefined && basic.clientId === clientId ? basic.secret : null);
  if (secret === null || secret === '') throw entraErrors.missingClientSecret();
  if (!sameSecret(secret, client.clientSecret)) throw entraErrors.invalidClientSecret(clientId);
}

/**
 * Splits the `scope` parameter: OpenID scopes are allowed and dropped; everything else must be
 * a Graph delegated permission, with the resource (`https://graph.microsoft.com/Files.ReadWrite`)
 * or bare (`Files.ReadWrite`: Entra reads a scope without a resource as a Graph scope,
 * https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc#scopes-and-permissions),
 * or Graph's `.default` alone. Returns the Graph permission names to put in the token.
 */
function grantableGraphScopes(scope: string, clientId: string): string[] {
  const requested = scope.split(/\s+/).filter((s) => s.length > 0 && !OIDC_SCOPES.has(s.toLowerCase()));
  if (requested.length === 0) throw entraErrors.invalidScope(scope);
  const names: string[] = [];
  for (const item of requested) {
    if (item.toLowerCase().startsWith(GRAPH_RESOURCE)) names.push(item.slice(GRAPH_RESOURCE.length));
    // A bare permission name; anything with a scheme or a path names another resource.
    else if (/^[A-Za-z][A-Za-z0-9.]*$/.test(item)) names.push(item);
    else throw entraErrors.invalidScope(scope);
  }
  if (names.some((n) => n === '.default')) {
    // Combining .default with other scopes is AADSTS70011 (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow).
    if (names.length > 1) throw entraErrors.invalidScope(scope);
    return KNOWN_GRAPH_SCOPES.filter((s) => CONSENTED_GRAPH_SCOPES.has(s.toLowerCase()));
  }
  const canonical = names.map((n) => KNOWN_GRAPH_SCOPES.find((k) => k.toLowerCase() === n.toLowerCase()));
  if (canonical.some((c) => c === undefined)) throw entraErrors.invalidScope(scope);
  const granted = canonical.filter((c): c is string => c !== undefined);
  const missing = granted.filter((s) => !CONSENTED_GRAPH_SCOPES.has(s.toLowerCase()));
  if (missing.length > 0) throw entraErrors.consentRequired(clientId, missing.join(' '));
  return [...new Set(granted)];
}

/**
 * MFA challenge the emulator sends with AADSTS50076: a conditional-access claims request in
 * the shape https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow shows (`access_token.polids`); the client hands it back through
 * getAccessToken({ authChallenge }), and the SSO token that comes back carries `amr: mfa`.
 */
export const MFA_CLAIMS_CHALLENGE = JSON.stringify({
  access_token: { polids: { essential: true, values: ['e3b0c442-98fc-4c14-9afb-f4c8996fb924'] } },
});

/** A user switched to misbehave gets Entra's answer for that case instead of a token. */
function applyUserSwitch(
  behaviour: EntraBehaviour,
  passedMfa: boolean,
  request: { clientId: string; scope: string; graphScopes: string[] },
): void {
  switch (behaviour) {
    case 'ok':
      return;
    case 'consentRequired':
    case 'adminConsentRequired':
      throw entraErrors.consentRequired(request.clientId, request.graphScopes.join(' '));
    case 'mfaRequired':
      // A user who answered the challenge (getAccessToken with authChallenge) goes through.
      if (passedMfa) return;
      throw entraErrors.mfaRequired(MFA_CLAIMS_CHALLENGE);
    case 'interactionRequired':
      if (passedMfa) return;
      throw entraErrors.interactionRequired(MFA_CLAIMS_CHALLENGE);
    case 'assertionExpired':
      throw entraErrors.assertionExpired();
    case 'invalidScope':
      throw entraErrors.invalidScope(request.scope);
  }
}

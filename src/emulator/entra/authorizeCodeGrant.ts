/**
 * The token endpoint's `authorization_code` grant (RFC 6749 §4.1.3 with PKCE, RFC 7636): what
 * MSAL sends after the sign-in page redirected back with a code. The token endpoint
 * (tokenEndpoint.ts) calls `redeemAuthorizationCode` for that grant type; this module checks the
 * code, its binding (client, redirect URI, PKCE verifier) and mints the tokens.
 *
 * A public client (the task pane's MSAL) sends no secret; a confidential client that does send
 * one must send the right one. The scopes are those the user accepted at /authorize (the
 * `scope` field of the token request is not used to widen or narrow them).
 */
import { createHash } from 'node:crypto';
import { entraErrors } from './entraErrors';
import { type UserRecord } from '../directory/seed';
import { authorizeErrors } from './authorizeErrors';
import { parseBasicAuth, sameSecret } from './basicAuth';
import { type AuthorizationCodeStore } from './authorizeCodes';
import { type AuthorizeClient, resolveScopes } from './authorizeRequest';
import { type Issuer } from './Issuer';
import { GRAPH_TOKEN_LIFETIME_S } from './tokenClaims';

export interface CodeGrantDeps {
  issuer: Issuer;
  codes: AuthorizationCodeStore;
  findUser(oid: string): UserRecord | undefined;
  client: AuthorizeClient & { clientSecret: string };
}

export interface CodeGrantSuccess {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  id_token?: string;
  client_info: string;
}

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';

export async function redeemAuthorizationCode(
  form: URLSearchParams,
  authorizationHeader: string | undefined,
  deps: CodeGrantDeps,
): Promise<CodeGrantSuccess> {
  const { client } = deps;
  const clientId = form.get('client_id') ?? basicClientId(authorizationHeader);
  if (clientId === null || clientId === '') throw entraErrors.missingParameter('client_id');
  if (clientId !== client.clientId) throw entraErrors.unknownClient(clientId);
  if (form.has('client_assertion')) throw entraErrors.clientAssertionNotImplemented();
  const secret = form.get('client_secret') ?? basicSecret(authorizationHeader);
  if (secret !== null && !sameSecret(secret, client.clientSecret)) throw entraErrors.invalidClientSecret(clientId);

  const code = form.get('code');
  if (code === null || code === '') throw entraErrors.missingParameter('code');
  const redirectUri = form.get('redirect_uri');
  if (redirectUri === null || redirectUri === '') throw entraErrors.missingParameter('redirect_uri');
  const verifier = form.get('code_verifier');
  if (verifier === null || verifier === '') throw entraErrors.missingParameter('code_verifier');

  const lookup = deps.codes.redeem(code);
  if (lookup.kind === 'unknown') throw authorizeErrors.codeUnknown();
  if (lookup.kind === 'expired') throw authorizeErrors.codeExpired();
  if (lookup.kind === 'alreadyRedeemed') throw authorizeErrors.codeAlreadyRedeemed();
  const grant = lookup.grant;
  if (grant.clientId !== clientId) throw authorizeErrors.codeForAnotherClient();
  if (grant.redirectUri !== redirectUri) throw authorizeErrors.redirectUriNotTheSame();
  if (
    !CODE_VERIFIER.test(verifier) ||
    !sameSecret(createHash('sha256').update(verifier, 'ascii').digest('base64url'), grant.codeChallenge)
  ) {
    throw authorizeErrors.codeVerifierMismatch();
  }
  const user = deps.findUser(grant.userOid);
  if (user === undefined) throw authorizeErrors.codeUnknown();

  let resolved: ReturnType<typeof resolveScopes>;
  try {
    resolved = resolveScopes(grant.scope, client);
  } catch {
    throw entraErrors.invalidScope(grant.scope);
  }
  const tid = user.tenantId;
  const success: CodeGrantSuccess =
    resolved.resource === 'addin'
      ? {
          token_type: 'Bearer',
          scope: resolved.granted.join(' '),
          expires_in: GRAPH_TOKEN_LIFETIME_S,
          ext_expires_in: GRAPH_TOKEN_LIFETIME_S,
          access_token: await deps.issuer.mintSsoToken(user, { authorizedParty: clientId }),
          client_info: clientInfo(user.oid, tid),
        }
      : {
          token_type: 'Bearer',
          scope: resolved.granted.map((s) => GRAPH_RESOURCE + s).join(' '),
          expires_in: GRAPH_TOKEN_LIFETIME_S,
          ext_expires_in: GRAPH_TOKEN_LIFETIME_S,
          access_token: await deps.issuer.mintGraphToken(
            { oid: user.oid, tid, name: user.displayName, preferredUsername: user.upn },
            resolved.granted,
          ),
          client_info: clientInfo(user.oid, tid),
        };
  if (grant.scope.split(/\s+/).some((s) => s.toLowerCase() === 'openid')) {
    success.id_token = await deps.issuer.mintIdToken(user, grant.nonce === undefined ? {} : { nonce: grant.nonce });
  }
  return success;
}

/** MSAL builds its account id from `client_info`: base64url JSON `{uid, utid}`. */
function clientInfo(oid: string, tid: string): string {
  return Buffer.from(JSON.stringify({ uid: oid, utid: tid }), 'utf8').toString('base64url');
}

function basicClientId(header: string | undefined): string | null {
  return parseBasicAuth(header)?.clientId ?? null;
}

function basicSecret(header: string | undefined): string | null {
  return parseBasicAuth(header)?.secret ?? null;
}

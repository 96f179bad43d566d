/**
 * The claims of the tokens the emulated Entra issues: SSO tokens (v2, aud = the add-in),
 * Graph tokens from the on-behalf-of grant (v1, aud = Graph) and id_tokens of an interactive
 * sign-in. Claims follow
 * https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference and
 * https://learn.microsoft.com/en-us/office/dev/add-ins/develop/sso-in-office-add-ins#validate-the-access-token:
 * v2 tokens carry no `amr`; v1 Graph tokens do (`pwd`, plus `mfa` once the user passed MFA).
 */
import { createHash, randomBytes } from 'node:crypto';
import { type JWTPayload } from 'jose';
import { type UserRecord } from '../directory/seed';

/**
 * The `azp` of SSO tokens: the client that asked Entra, here Office on the web's client id
 * (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/register-sso-add-in-aad-v2).
 */
const OFFICE_CLIENT_ID = '93d53678-613d-4013-afc1-62e9e444a0a5';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const SSO_TOKEN_LIFETIME_S = 3600;
export const GRAPH_TOKEN_LIFETIME_S = 3599;

/** What `POST /_emulator/tokens` asks for (validated in control/controlInput.ts). */
export interface TestTokenSpec {
  user: { oid: string; name: string; upn: string; tenantId?: string };
  audience: 'addin' | 'graph';
  scopes?: string[];
  /** Negative: already expired. */
  lifetimeSeconds?: number;
  /** Positive: not valid yet. */
  notBeforeSeconds?: number;
  tenantId?: string;
  signing?: 'issuer' | 'unknownKey' | 'none';
  issuer?: string;
  audienceValue?: string;
  /** Graph tokens: `amr` includes `mfa` (v2 SSO tokens carry no `amr` at all). */
  mfa?: boolean;
  /** Graph tokens: the client capabilities the on-behalf-of request declared (`xms_cc`). */
  capabilities?: string[];
  /** SSO tokens: the `azp` (default Office). */
  authorizedParty?: string;
  /** `iat`/`nbf` (seconds) when not "now" on the emulator clock (see IssuerConfig.hostNow). */
  issuedAtSeconds?: number;
}

/** `iat`, `nbf` and `exp` of a token asked for at `nowS` (emulator clock, seconds). */
export function tokenTimes(spec: TestTokenSpec, nowS: number): { iat: number; nbf: number; exp: number } {
  const lifetime = spec.lifetimeSeconds ?? (spec.audience === 'graph' ? GRAPH_TOKEN_LIFETIME_S : SSO_TOKEN_LIFETIME_S);
  const exp = (spec.issuedAtSeconds ?? nowS) + lifetime;
  // An already-expired token was issued an hour before it expired, not in the future.
  const iat = lifetime < 0 ? exp - SSO_TOKEN_LIFETIME_S : (spec.issuedAtSeconds ?? nowS);
  return { iat, nbf: iat + Math.max(0, spec.notBeforeSeconds ?? 0), exp };
}

export function ssoClaims(spec: TestTokenSpec, tid: string, clientId: string): JWTPayload {
  return {
    tid,
    oid: spec.user.oid,
    sub: pairwiseSubject(spec.user.oid, clientId),
    name: spec.user.name,
    preferred_username: spec.user.upn,
    azp: spec.authorizedParty ?? OFFICE_CLIENT_ID,
    azpacr: '0',
    ver: '2.0',
    uti: randomBytes(16).toString('base64url'),
  };
}

/**
 * `xms_cc` carries the client capabilities the request declared (`cp1`: the client handles
 * claims challenges), https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge.
 */
export function graphClaims(
  user: TestTokenSpec['user'],
  tid: string,
  mfa: boolean,
  clientId: string,
  capabilities?: readonly string[],
): JWTPayload {
  return {
    ...(capabilities === undefined || capabilities.length === 0 ? {} : { xms_cc: [...capabilities] }),
    amr: mfa ? ['pwd', 'mfa'] : ['pwd'],
    tid,
    oid: user.oid,
    sub: pairwiseSubject(user.oid, GRAPH_APP_ID),
    name: user.name,
    upn: user.upn,
    unique_name: user.upn,
    appid: clientId,
    appidacr: '1',
    idtyp: 'user',
    ver: '1.0',
    uti: randomBytes(16).toString('base64url'),
  };
}

/** The OpenID Connect id_token's identity claims (issuer, audience and times are set by the signer). */
export function idTokenClaims(user: UserRecord, clientId: string, nonce: string | undefined): JWTPayload {
  const claims: JWTPayload = {
    tid: user.tenantId,
    oid: user.oid,
    sub: pairwiseSubject(user.oid, clientId),
    name: user.displayName,
    preferred_username: user.upn,
    ver: '2.0',
  };
  if (nonce !== undefined) claims.nonce = nonce;
  return claims;
}

/** A stable, per-application subject like Entra's pairwise `sub`. */
function pairwiseSubject(oid: string, appId: string): string {
  return createHash('sha256').update(`${oid}|${appId}`).digest('base64url').slice(0, 43);
}

/**
 * The Entra-like issuer of one tenant: its metadata, its SSO tokens (what Office hands the
 * add-in), and the Graph tokens it issues through the on-behalf-of grant. Token claims follow
 * facts §7.5 and the contract in the common brief. Verification failures are classified by
 * jose's error `code`, never by message text.
 */
import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { applicationIdUri } from '../../shared/localMode';
import { type EmulatorError } from '../errors/EmulatorError';
import { entraErrors } from '../errors/entraErrors';
import { graphErrors } from '../errors/graphErrors';
import { type UserRecord } from '../seed';
import { type KeyRing } from './KeyRing';

/** Office's pre-authorised client id ("all Office endpoints"), the `azp` of SSO tokens. */
export const OFFICE_CLIENT_ID = 'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const SSO_TOKEN_LIFETIME_S = 3600;
export const GRAPH_TOKEN_LIFETIME_S = 3599;

export interface IssuerConfig {
  /** The emulator's public origin, known only after it listens (port 0). */
  baseUrl: () => string;
  tenantId: string;
  clientId: string;
  addinOrigin: string;
  now: () => number;
}

/** The caller of a Graph request, from a verified Graph token. */
export interface GraphPrincipal {
  oid: string;
  tid: string;
  scopes: string[];
}

/** The user an SSO assertion speaks for. */
export interface VerifiedAssertion {
  oid: string;
  tid: string;
  name: string;
  preferredUsername: string;
}

export class Issuer {
  constructor(
    private readonly config: IssuerConfig,
    private readonly keys: KeyRing,
  ) {}

  get tenantId(): string {
    return this.config.tenantId;
  }

  get clientId(): string {
    return this.config.clientId;
  }

  issuerUrl(): string {
    return `${this.config.baseUrl()}/${this.config.tenantId}/v2.0`;
  }

  /** v1-format Graph tokens carry the STS issuer (facts §7.6: "Graph tokens are v1.0-format"). */
  graphTokenIssuer(): string {
    return `https://sts.windows.net/${this.config.tenantId}/`;
  }

  endpoints(): { authorization: string; token: string; jwks: string; metadata: string } {
    const tenantBase = `${this.config.baseUrl()}/${this.config.tenantId}`;
    return {
      authorization: `${tenantBase}/oauth2/v2.0/authorize`,
      token: `${tenantBase}/oauth2/v2.0/token`,
      jwks: `${tenantBase}/discovery/v2.0/keys`,
      metadata: `${tenantBase}/v2.0/.well-known/openid-configuration`,
    };
  }

  /** OpenID Connect discovery document, with the fields msal-node and JWT validators read. */
  metadata(): Record<string, unknown> {
    const e = this.endpoints();
    return {
      issuer: this.issuerUrl(),
      authorization_endpoint: e.authorization,
      token_endpoint: e.token,
      jwks_uri: e.jwks,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'tid', 'preferred_username', 'ver'],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(this.config.baseUrl()).host,
      request_uri_parameter_supported: false,
    };
  }

  jwks(): ReturnType<KeyRing['jwks']> {
    return this.keys.jwks(this.issuerUrl());
  }

  /** The token Office would return from getAccessToken for this add-in (aud = client id). */
  async mintSsoToken(user: UserRecord, options: { mfa?: boolean } = {}): Promise<string> {
    const nowS = Math.floor(this.config.now() / 1000);
    const key = this.keys.current();
    return new SignJWT({
      scp: 'access_as_user',
      tid: this.config.tenantId,
      oid: user.oid,
      sub: pairwiseSubject(user.oid, this.config.clientId),
      name: user.displayName,
      preferred_username: user.upn,
      azp: OFFICE_CLIENT_ID,
      azpacr: '0',
      ver: '2.0',
      uti: randomBytes(16).toString('base64url'),
      amr: options.mfa === true ? ['pwd', 'mfa'] : ['pwd'],
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setIssuer(this.issuerUrl())
      .setAudience(this.config.clientId)
      .setIssuedAt(nowS)
      .setNotBefore(nowS)
      .setExpirationTime(nowS + SSO_TOKEN_LIFETIME_S)
      .sign(key.privateKey);
  }

  /** Checks an OBO assertion; throws the Entra error a real tenant would answer with. */
  async verifyAssertion(assertion: string): Promise<VerifiedAssertion> {
    const audiences = [this.config.clientId, applicationIdUri(new URL(this.config.addinOrigin).host, this.config.clientId)];
    const payload = await this.verify(assertion, { issuer: this.issuerUrl(), audience: audiences }, {
      expired: () => entraErrors.assertionExpired(),
      invalid: (detail) => entraErrors.invalidAssertion(detail),
    });
    const { oid, tid, name, preferred_username: preferredUsername } = payload;
    if (typeof oid !== 'string' || typeof tid !== 'string' || typeof name !== 'string' || typeof preferredUsername !== 'string') {
      throw entraErrors.invalidAssertion('the assertion lacks oid, tid, name or preferred_username.');
    }
    if (tid !== this.config.tenantId) throw entraErrors.invalidAssertion('the assertion was issued for another tenant.');
    return { oid, tid, name, preferredUsername };
  }

  /** The Graph access token the OBO grant returns (v1 format, aud = Graph). */
  async mintGraphToken(user: VerifiedAssertion, scopes: string[]): Promise<string> {
    const nowS = Math.floor(this.config.now() / 1000);
    const key = this.keys.current();
    return new SignJWT({
      scp: scopes.join(' '),
      tid: user.tid,
      oid: user.oid,
      sub: pairwiseSubject(user.oid, GRAPH_APP_ID),
      name: user.name,
      upn: user.preferredUsername,
      unique_name: user.preferredUsername,
      appid: this.config.clientId,
      appidacr: '1',
      idtyp: 'user',
      ver: '1.0',
      uti: randomBytes(16).toString('base64url'),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setIssuer(this.graphTokenIssuer())
      .setAudience(GRAPH_AUDIENCE)
      .setIssuedAt(nowS)
      .setNotBefore(nowS)
      .setExpirationTime(nowS + GRAPH_TOKEN_LIFETIME_S)
      .sign(key.privateKey);
  }

  /** Checks a Graph bearer token; throws the Graph 401 a real Graph would answer with. */
  async verifyGraphToken(token: string): Promise<GraphPrincipal> {
    const authorizationUri = this.endpoints().authorization;
    const payload = await this.verify(token, { issuer: this.graphTokenIssuer(), audience: [GRAPH_AUDIENCE, GRAPH_APP_ID] }, {
      expired: () => graphErrors.expiredToken(authorizationUri),
      invalid: () => graphErrors.invalidToken(authorizationUri),
    });
    const { oid, tid, scp } = payload;
    if (typeof oid !== 'string' || typeof tid !== 'string' || tid !== this.config.tenantId || typeof scp !== 'string') {
      throw graphErrors.invalidToken(authorizationUri);
    }
    return { oid, tid, scopes: scp.split(' ').filter((s) => s.length > 0) };
  }

  private async verify(
    token: string,
    expected: { issuer: string; audience: string[] },
    failures: { expired: () => EmulatorError; invalid: (detail: string) => EmulatorError },
  ): Promise<JWTPayload> {
    const getKey: JWTVerifyGetKey = (header) => this.keys.verificationKey(header.kid);
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: expected.issuer,
        audience: expected.audience,
        algorithms: ['RS256'],
        currentDate: new Date(this.config.now()),
      });
      return payload;
    } catch (error: unknown) {
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown; claim?: unknown }) : {};
      if (code.code === 'ERR_JWT_EXPIRED' || (code.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && code.claim === 'nbf')) throw failures.expired();
      if (typeof code.code === 'string' && code.code.startsWith('ERR_J')) throw failures.invalid(describeJoseFailure(code.code, code.claim));
      throw error;
    }
  }
}

function describeJoseFailure(code: string, claim: unknown): string {
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && typeof claim === 'string') return `the '${claim}' claim is not what this tenant expects.`;
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY') return 'the signature is not from this tenant\'s keys.';
  return 'the assertion is not a well-formed signed JWT.';
}

/** A stable, per-application subject like Entra's pairwise `sub`. */
function pairwiseSubject(oid: string, appId: string): string {
  return createHash('sha256').update(`${oid}|${appId}`).digest('base64url').slice(0, 43);
}

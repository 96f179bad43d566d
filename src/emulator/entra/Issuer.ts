/**
 * The Entra-like issuer of every tenant the emulator plays (one multi-tenant app registration):
 * per-tenant and multi-tenant metadata, the SSO tokens Office hands the add-in (v2), and the
 * Graph tokens issued through the on-behalf-of grant (v1), signed with the key ring's current
 * key (claims: tokenClaims.ts; checks: verifyJwt.ts).
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { applicationIdUri } from '../../shared/localMode';
import { entraErrors } from './entraErrors';
import { type UserRecord } from '../directory/seed';
import { type Authority, TENANT_ID_TEMPLATE, authoritySegment } from './authority';
import { type KeyIds, type KeyRing } from './KeyRing';
import {
  GRAPH_APP_ID,
  GRAPH_AUDIENCE,
  SSO_TOKEN_LIFETIME_S,
  graphClaims,
  idTokenClaims,
  ssoClaims,
  tokenTimes,
  type TestTokenSpec,
} from './tokenClaims';
import { v1MetadataDocument } from './v1Metadata';
import { verifyJwt } from './verifyJwt';

export interface IssuerConfig {
  /** The emulator's public origin, known only after it listens (port 0). */
  baseUrl: () => string;
  /** The configured (home) tenant. */
  tenantId: string;
  /** Every tenant the emulator plays (the directory's). */
  isKnownTenant: (tenantId: string) => boolean;
  clientId: string;
  addinOrigin: string;
  /** The emulator clock (real time plus `POST /_emulator/clock/advance`). */
  now: () => number;
  /**
   * The time of the machine the add-in's middle tier and browser run on: the emulator clock
   * without its advances (default: `now`). Tokens those parties validate start on it, so that
   * advancing the emulator clock does not make them "not yet valid" there.
   */
  hostNow?: () => number;
}

/** The caller of a Graph request, from a verified Graph token. */
export interface GraphPrincipal {
  oid: string;
  tid: string;
  scopes: string[];
  /** The token's `iat` (epoch seconds): continuous access evaluation compares it with revocations. */
  issuedAtSeconds: number;
  /** The client capabilities the token carries (`xms_cc`), e.g. `cp1`. */
  capabilities: string[];
}

/** How a Graph token check reports an expired or otherwise invalid token. */
export interface GraphTokenFailures {
  expired: () => Error;
  invalid: () => Error;
}

/** What an on-behalf-of request's claims and the user's state add to a Graph token. */
export interface GraphTokenOptions {
  mfa?: boolean;
  /** `xms_cc`: the client capabilities the request declared. */
  capabilities?: readonly string[];
  /** An essential `nbf` claim request (epoch seconds): the token is issued no earlier. */
  notBeforeSeconds?: number;
}

const MAX_CLAIMS_WAIT_MS = 2000;

/** The user an SSO assertion speaks for. */
export interface VerifiedAssertion {
  oid: string;
  tid: string;
  name: string;
  preferredUsername: string;
}

export class Issuer {
  /** Signs "unknown key" test tokens; created on first use, never published. */
  private strangerKey: { kid: string; privateKey: KeyObject } | undefined;

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

  isKnownTenant(tenantId: string): boolean {
    return this.config.isKnownTenant(tenantId);
  }

  /** A tenant's v2 issuer; `{tenantid}` gives the multi-tenant template. */
  issuerUrl(tenantId: string = this.config.tenantId): string {
    return `${this.config.baseUrl()}/${tenantId}/v2.0`;
  }

  /** v1-format Graph tokens carry the STS issuer (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow: "Graph tokens are v1.0-format"). */
  graphTokenIssuer(tenantId: string = this.config.tenantId): string {
    return `https://sts.windows.net/${tenantId}/`;
  }

  endpoints(authority: Authority = { kind: 'tenant', tenantId: this.config.tenantId }): {
    authorization: string;
    token: string;
    jwks: string;
    metadata: string;
  } {
    const tenantBase = `${this.config.baseUrl()}/${authoritySegment(authority)}`;
    return {
      authorization: `${tenantBase}/oauth2/v2.0/authorize`,
      token: `${tenantBase}/oauth2/v2.0/token`,
      jwks: `${tenantBase}/discovery/v2.0/keys`,
      metadata: `${tenantBase}/v2.0/.well-known/openid-configuration`,
    };
  }

  /** OpenID Connect discovery document, with the fields msal-node and JWT validators read. */
  metadata(authority: Authority): Record<string, unknown> {
    const e = this.endpoints(authority);
    return {
      issuer: this.issuerFor(authority),
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

  /** The v1 discovery document (`/{tenant}/.well-known/openid-configuration`; v1Metadata.ts). */
  v1Metadata(authority: Authority): Record<string, unknown> {
    const issuer = this.graphTokenIssuer(authority.kind === 'tenant' ? authority.tenantId : TENANT_ID_TEMPLATE);
    return v1MetadataDocument(
      `${this.config.baseUrl()}/${authoritySegment(authority)}`,
      issuer,
      new URL(this.config.baseUrl()).host,
    );
  }

  /** The v1 keys: the same keys, without `alg` and `issuer`. */
  jwksV1(): ReturnType<KeyRing['jwksV1']> {
    return this.keys.jwksV1();
  }

  /** The same keys for every tenant; each key's `issuer` names the authority asked for (or the template). */
  jwks(authority: Authority): ReturnType<KeyRing['jwks']> {
    return this.keys.jwks(this.issuerFor(authority));
  }

  private issuerFor(authority: Authority): string {
    return this.issuerUrl(authority.kind === 'tenant' ? authority.tenantId : TENANT_ID_TEMPLATE);
  }

  /**
   * The token Office would return from getAccessToken for this add-in (aud = client id).
   * `authorizedParty`: the app that asked (default Office; the add-in itself after /authorize).
   */
  async mintSsoToken(user: UserRecord, options: { authorizedParty?: string } = {}): Promise<string> {
    // Valid on both clocks: issued at the earlier (host) time, expiring an hour after the emulator's.
    const issuedAt = this.hostIssuedAtSeconds();
    const spec: TestTokenSpec = {
      user: { oid: user.oid, name: user.displayName, upn: user.upn, tenantId: user.tenantId },
      audience: 'addin',
      issuedAtSeconds: issuedAt,
      lifetimeSeconds: Math.floor(this.config.now() / 1000) - issuedAt + SSO_TOKEN_LIFETIME_S,
    };
    if (options.authorizedParty !== undefined) spec.authorizedParty = options.authorizedParty;
    return this.mintTestToken(spec);
  }

  /**
   * Any SSO or Graph token, valid or deliberately broken (expired, not yet valid, other
   * tenant/issuer/audience, other scopes, unknown key, `alg: none`): the one place access
   * tokens are built, also behind the control API's `POST /_emulator/tokens`.
   */
  async mintTestToken(spec: TestTokenSpec): Promise<string> {
    const graph = spec.audience === 'graph';
    const tid = spec.tenantId ?? spec.user.tenantId ?? this.config.tenantId;
    const scopes = spec.scopes ?? [graph ? 'Files.ReadWrite' : 'access_as_user'];
    const claims: JWTPayload = {
      iss: spec.issuer ?? (graph ? this.graphTokenIssuer(tid) : this.issuerUrl(tid)),
      aud: spec.audienceValue ?? (graph ? GRAPH_AUDIENCE : this.config.clientId),
      ...tokenTimes(spec, Math.floor(this.config.now() / 1000)),
      ...(graph
        ? graphClaims(spec.user, tid, spec.mfa === true, this.config.clientId, spec.capabilities)
        : ssoClaims(spec, tid, this.config.clientId)),
    };
    if (scopes.length > 0) claims.scp = scopes.join(' ');
    const signing = spec.signing ?? 'issuer';
    if (signing === 'none') return new UnsecuredJWT(claims).encode();
    const key = signing === 'unknownKey' ? this.stranger() : this.keys.current();
    // v1 tokens also name the key by `x5t`, "a legacy claim emitted only in v1.0 access tokens"
    // (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference#header-claims).
    return new SignJWT(claims)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', ...(graph ? { x5t: key.kid } : {}), kid: key.kid })
      .sign(key.privateKey);
  }

  /** `iat`/`nbf` of tokens the add-in's own parties validate: the earlier of host time and emulator time. */
  private hostIssuedAtSeconds(): number {
    const host = this.config.hostNow?.() ?? this.config.now();
    return Math.floor(Math.min(host, this.config.now()) / 1000);
  }

  rotateKeys(options: { emergency?: boolean } = {}): KeyIds {
    return this.keys.rotate(options);
  }

  keyIds(): KeyIds {
    return this.keys.kids();
  }

  private stranger(): { kid: string; privateKey: KeyObject } {
    if (this.strangerKey === undefined) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.strangerKey = { kid: randomBytes(20).toString('base64url'), privateKey };
    }
    return this.strangerKey;
  }

  /** The OpenID Connect id_token of an interactive sign-in (authorization code grant, issuer/authorize*.ts). */
  async mintIdToken(user: UserRecord, options: { nonce?: string } = {}): Promise<string> {
    const nowS = Math.floor(this.config.now() / 1000);
    const issuedAt = this.hostIssuedAtSeconds();
    const key = this.keys.current();
    const claims = idTokenClaims(user, this.config.clientId, options.nonce);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setIssuer(this.issuerUrl(user.tenantId))
      .setAudience(this.config.clientId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(nowS + SSO_TOKEN_LIFETIME_S)
      .sign(key.privateKey);
  }

  /**
   * Checks an OBO assertion sent to `authority`; throws the Entra error a real tenant would
   * answer with. The issuer must be the one of the token's own tenant, a tenant the emulator
   * plays; a tenant authority takes only its own users, `organizations`/`common` take any.
   */
  async verifyAssertion(
    assertion: string,
    authority: Authority = { kind: 'tenant', tenantId: this.config.tenantId },
  ): Promise<VerifiedAssertion> {
    const audiences = [
      this.config.clientId,
      applicationIdUri(new URL(this.config.addinOrigin).host, this.config.clientId),
    ];
    const payload = await verifyJwt(assertion, this.keys, audiences, this.config.now(), {
      expired: () => entraErrors.assertionExpired(),
      invalid: (detail) => entraErrors.invalidAssertion(detail),
    });
    const { oid, tid, name, preferred_username: preferredUsername, iss } = payload;
    if (
      typeof oid !== 'string' ||
      typeof tid !== 'string' ||
      typeof name !== 'string' ||
      typeof preferredUsername !== 'string'
    ) {
      throw entraErrors.invalidAssertion('the assertion lacks oid, tid, name or preferred_username.');
    }
    if (!this.config.isKnownTenant(tid) || iss !== this.issuerUrl(tid))
      throw entraErrors.invalidAssertion("the 'iss' claim is not the issuer of the token's tenant.");
    if (authority.kind === 'tenant' && tid.toLowerCase() !== authority.tenantId)
      throw entraErrors.invalidAssertion('the assertion was issued for another tenant.');
    return { oid, tid, name, preferredUsername };
  }

  /** The Graph access token the OBO grant returns (v1 format, aud = Graph, in the user's tenant). */
  async mintGraphToken(user: VerifiedAssertion, scopes: string[], options: GraphTokenOptions = {}): Promise<string> {
    if (options.notBeforeSeconds !== undefined) await this.reach(options.notBeforeSeconds);
    const spec: TestTokenSpec = {
      user: { oid: user.oid, name: user.name, upn: user.preferredUsername },
      audience: 'graph',
      scopes,
      tenantId: user.tid,
      mfa: options.mfa === true,
    };
    if (options.capabilities !== undefined && options.capabilities.length > 0)
      spec.capabilities = [...options.capabilities];
    return this.mintTestToken(spec);
  }

  /**
   * Waits, at most MAX_CLAIMS_WAIT_MS, until the emulator clock is at `seconds`: a claims request
   * answering a revocation asks for a token issued after it, and the emulator's revocations fall
   * in the second after a fault rule is installed (faultRules.ts). Further ahead: no wait (a
   * token Graph will challenge again).
   */
  private async reach(seconds: number): Promise<void> {
    const wait = seconds * 1000 - this.config.now();
    if (wait > 0 && wait <= MAX_CLAIMS_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * Checks a Graph bearer token. The failures are Graph's to shape (a Graph 401 with its
   * challenge), so the caller hands them in.
   */
  async verifyGraphToken(token: string, failures: GraphTokenFailures): Promise<GraphPrincipal> {
    const payload = await verifyJwt(token, this.keys, [GRAPH_AUDIENCE, GRAPH_APP_ID], this.config.now(), {
      expired: () => failures.expired(),
      invalid: () => failures.invalid(),
    });
    const { oid, tid, scp, iss, iat, xms_cc: capabilities } = payload;
    if (
      typeof oid !== 'string' ||
      typeof tid !== 'string' ||
      !this.config.isKnownTenant(tid) ||
      iss !== this.graphTokenIssuer(tid) ||
      (scp !== undefined && typeof scp !== 'string')
    ) {
      throw failures.invalid();
    }
    if (
      typeof iat !== 'number' ||
      (capabilities !== undefined && !(Array.isArray(capabilities) && capabilities.every((c) => typeof c === 'string')))
    )
      throw failures.invalid();
    // No `scp` at all: a valid token that grants nothing, so the scope check answers 403.
    return {
      oid,
      tid,
      scopes: (scp ?? '').split(' ').filter((s) => s.length > 0),
      issuedAtSeconds: iat,
      capabilities: (capabilities as string[] | undefined) ?? [],
    };
  }
}

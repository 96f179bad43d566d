/**
 * Validates the Office SSO token (Entra v2 access token for the add-in's own API) and returns
 * the user it names. The user key is `tid` + `oid` (Entra's claims-validation guidance; never
 * `preferred_username`, which users can change).
 *
 * Order matters: everything that can be checked without a key (shape, `alg`, `kid`, `tid` in
 * the accepted tenants, `iss` = that tenant's issuer) is checked on the unverified token first,
 * so a forged token naming some other tenant or an odd algorithm never makes us fetch keys.
 * Then jose verifies the RS256 signature with the tenant's key and `iss`, `aud` (client id, or
 * the Application ID URI `api://<public host>/<client id>`), `exp`/`nbf` with 60 s skew; last,
 * `scp` must contain `access_as_user`, `oid` must be a GUID, and the app that asked for the token
 * (`azp` in v2 tokens, `appid` in v1) must be on the allow-list (authorizedParties.ts): a token
 * some other app obtained for this API is refused with `unauthorizedClient`.
 *
 * Every failure is `invalidToken` (get a new token; if that fails too, sign in again), except
 * an expired token: `tokenExpired` (get a fresh token and retry once), and a token Entra issued
 * in a tenant the deployment does not serve: `tenantNotAllowed` (a new token cannot help). A verified token refused
 * because of a setup mistake (a v1.0 token; an audience that is not this API) is also named in
 * plain words in the log, for the administrator (tokenMisconfiguration.ts).
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTHeaderParameters,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import { applicationIdUri, LOCAL_MODE } from '../../shared/localMode';
import { type AppError, createAppError } from '../errors/AppError';
import type { SigningKeySource } from './jwksKeySource';
import { authorizedParties, authorizedPartyOf } from './authorizedParties';
import { issuerFor } from './tenancy';
import { diagnose, isV1Token, throttledMisconfigurationLog, type MisconfigurationLog } from './tokenMisconfiguration';
import { isGuid } from '../../shared/guid';

export const CLOCK_SKEW_SECONDS = 60;
export const REQUIRED_SCOPE = LOCAL_MODE.addinScope;
/** Entra access tokens are a few KB even with many claims; anything far larger is not one. */
export const MAX_TOKEN_LENGTH = 12 * 1024;
const MAX_KID_LENGTH = 128;

export interface AuthenticatedUser {
  tenantId: string;
  userOid: string;
  /** The raw SSO token, kept only to be the OBO assertion. Never logged. */
  assertion: string;
  /** Seconds since epoch. */
  expiresAt: number;
}

export interface TokenValidatorOptions {
  authorityHost: string;
  /** Tenants (lower-case GUIDs) whose users are accepted; see tenancy.ts. */
  tenants: readonly string[];
  clientId: string;
  publicUrl: string;
  /** The signing keys of one accepted tenant. */
  keysFor(tenantId: string): SigningKeySource;
  now?: () => number;
  /** Where setup mistakes seen in verified tokens are reported (default: nowhere). */
  log?: MisconfigurationLog;
}

export interface TokenValidator {
  validate(token: string): Promise<AuthenticatedUser>;
}

const invalid = (message: string, cause?: unknown): AppError => createAppError('invalidToken', { message, cause });

interface Unverified {
  header: JWTHeaderParameters & { kid: string };
  tenantId: string;
}

/** Checks what can be checked before any key is fetched. */
function inspect(token: string, tenants: ReadonlySet<string>, authorityHost: string): Unverified {
  if (token.length > MAX_TOKEN_LENGTH) throw invalid('The token is too long to be an Entra access token.');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch (error) {
    throw invalid('The token is not a well-formed JWT.', error);
  }
  if (header.alg !== 'RS256') throw invalid('The token must be signed with RS256.');
  if (typeof header.kid !== 'string' || header.kid === '' || header.kid.length > MAX_KID_LENGTH)
    throw invalid('The token header has no usable key id.');
  const tid = typeof payload.tid === 'string' ? payload.tid.toLowerCase() : undefined;
  if (tid === undefined) throw invalid('The token names no tenant.');
  if (!tenants.has(tid)) {
    // Checked without a key on purpose (see above). A token in the shape Entra issues for the
    // tenant it names is answered with what its user can act on (their organization is not
    // served); anything else stays invalidToken.
    const fromItsTenant =
      isGuid(tid) &&
      typeof payload.iss === 'string' &&
      payload.iss.toLowerCase() === issuerFor(authorityHost, tid).toLowerCase();
    if (fromItsTenant) throw createAppError('tenantNotAllowed');
    throw invalid('The token is for a tenant this API does not serve.');
  }
  // Exact issuer of the token's own tenant (the multi-tenant template with {tenantid} = tid). A
  // v1.0 token goes on to signature verification, which refuses it too, so that a genuine one
  // can be reported as the setup mistake it is.
  if (
    !isV1Token(payload) &&
    (typeof payload.iss !== 'string' || payload.iss.toLowerCase() !== issuerFor(authorityHost, tid).toLowerCase())
  ) {
    throw invalid('The token was not issued by the tenant it names.');
  }
  return { header: { ...(header as JWTHeaderParameters), kid: header.kid }, tenantId: tid };
}

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const tenants = new Set(options.tenants.map((t) => t.toLowerCase()));
  const publicHost = new URL(options.publicUrl).host;
  const audiences = [options.clientId, applicationIdUri(publicHost, options.clientId)];
  const parties = authorizedParties(options.clientId);
  const now = options.now ?? Date.now;
  const report = throttledMisconfigurationLog(options.log ?? { warn: () => undefined }, now);

  return {
    async validate(token: string): Promise<AuthenticatedUser> {
      const { header, tenantId } = inspect(token, tenants, options.authorityHost);
      const key: KeyLike | undefined = await options.keysFor(tenantId).keyFor(header.kid);
      if (key === undefined) throw invalid('The token is signed with an unknown key.');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['RS256'],
          issuer: issuerFor(options.authorityHost, tenantId),
          audience: audiences,
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: new Date(now()),
          requiredClaims: ['exp', 'nbf', 'iss', 'aud'],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTClaimValidationFailed) {
          const mistake = diagnose(error.claim, error.payload, { clientId: options.clientId, publicHost });
          if (mistake !== undefined) {
            report(mistake.kind, mistake.message);
            if (mistake.kind === 'v1Token')
              throw invalid('The token is a v1.0 access token; this API accepts v2.0 tokens.', error);
          }
        }
        throw classifyJoseError(error);
      }
      const user = checkClaims(payload, tenantId, token);
      const party = authorizedPartyOf(payload as { azp?: unknown; appid?: unknown });
      if (party === undefined || !parties.has(party)) {
        throw createAppError('unauthorizedClient', {
          message: 'The token was obtained by an application this API does not accept (azp/appid).',
        });
      }
      return user;
    },
  };
}

/** jose failures by their stable `code` (and `claim`), never by message. */
function classifyJoseError(error: unknown): AppError {
  if (error instanceof joseErrors.JWTExpired) return createAppError('tokenExpired', { cause: error });
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return invalid(`The token lacks the ${error.claim} claim.`, error);
    if (error.claim === 'nbf') return invalid('The token is not valid yet (check the device clock).', error);
    if (error.claim === 'aud') return invalid('The token is for another application.', error);
    if (error.claim === 'iss') return invalid('The token was issued by another authority.', error);
    return invalid(`The token's ${error.claim} claim is not acceptable.`, error);
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return invalid('The token signature is not valid.', error);
  return invalid('The token is not valid for this API.', error);
}

function checkClaims(payload: JWTPayload, tenantId: string, token: string): AuthenticatedUser {
  const scp = payload.scp;
  if (typeof scp !== 'string' || !scp.split(' ').includes(REQUIRED_SCOPE)) {
    throw invalid(`The token lacks the ${REQUIRED_SCOPE} scope.`);
  }
  const oid = payload.oid;
  if (!isGuid(oid)) throw invalid('The token has no valid user object id.');
  if (typeof payload.exp !== 'number') throw invalid('The token has no expiry.');
  return { tenantId, userOid: oid.toLowerCase(), assertion: token, expiresAt: payload.exp };
}

/**
 * Parses `Authorization: Bearer <token>`; missing → `missingToken`, anything else that is not
 * one bearer token (another scheme, two tokens, odd characters) → `invalidToken`.
 */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw createAppError('missingToken');
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header.trim());
  if (match === null || match[1] === undefined) throw invalid('The Authorization header is not "Bearer <token>".');
  return match[1];
}

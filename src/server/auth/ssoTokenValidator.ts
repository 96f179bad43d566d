/**
 * Validates the Office SSO token (Entra v2 access token for the add-in's own API) and returns
 * the user it names. The user key is `tid` + `oid` (Entra's claims-validation guidance; never
 * `preferred_username`, which users can change).
 *
 * Checks: RS256 only, signature by a tenant key, `iss` exact, `aud` = client id (v2) or the
 * Application ID URI `api://<public host>/<client id>`, `scp` contains `access_as_user`,
 * `exp`/`nbf` with 60 s skew, `tid` = our tenant, `oid` a GUID.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTHeaderParameters, type KeyLike } from 'jose';
import { applicationIdUri, LOCAL_MODE } from '../../shared/localMode';
import { AppError, createAppError } from '../errors/AppError';
import { isGuid } from '../config';
import type { SigningKeySource } from './jwksKeySource';

export const CLOCK_SKEW_SECONDS = 60;
export const REQUIRED_SCOPE = LOCAL_MODE.addinScope;

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
  tenantId: string;
  clientId: string;
  publicUrl: string;
  keys: SigningKeySource;
  now?: () => number;
}

export interface TokenValidator {
  validate(token: string): Promise<AuthenticatedUser>;
}

// jose error codes (stable API) that mean "expired", as opposed to every other failure.
const EXPIRED_CODES = new Set([joseErrors.JWTExpired.code]);

export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const issuer = `${options.authorityHost}/${options.tenantId}/v2.0`;
  const audiences = [options.clientId, applicationIdUri(new URL(options.publicUrl).host, options.clientId)];
  const now = options.now ?? Date.now;

  const getKey = async (header: JWTHeaderParameters): Promise<KeyLike> => {
    if (typeof header.kid !== 'string' || header.kid === '') throw createAppError('invalidToken', { message: 'The token header has no key id.' });
    const key = await options.keys.keyFor(header.kid);
    if (key === undefined) throw createAppError('invalidToken', { message: 'The token is signed with an unknown key.' });
    return key;
  };

  return {
    async validate(token: string): Promise<AuthenticatedUser> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          issuer,
          audience: audiences,
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: new Date(now()),
          requiredClaims: ['exp', 'iss', 'aud'],
        }));
      } catch (error) {
        if (error instanceof AppError) throw error;
        const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
        if (typeof code === 'string' && EXPIRED_CODES.has(code)) throw createAppError('tokenExpired', { cause: error });
        throw createAppError('invalidToken', { cause: error });
      }
      return checkClaims(payload, options.tenantId, token);
    },
  };
}

function checkClaims(payload: JWTPayload, tenantId: string, token: string): AuthenticatedUser {
  const scp = payload.scp;
  if (typeof scp !== 'string' || !scp.split(' ').includes(REQUIRED_SCOPE)) {
    throw createAppError('invalidToken', { message: `The token lacks the ${REQUIRED_SCOPE} scope.` });
  }
  const tid = payload.tid;
  if (typeof tid !== 'string' || tid.toLowerCase() !== tenantId.toLowerCase()) {
    throw createAppError('invalidToken', { message: 'The token is for another tenant.' });
  }
  const oid = payload.oid;
  if (typeof oid !== 'string' || !isGuid(oid)) throw createAppError('invalidToken', { message: 'The token has no valid user object id.' });
  if (typeof payload.exp !== 'number') throw createAppError('invalidToken');
  return { tenantId: tid.toLowerCase(), userOid: oid.toLowerCase(), assertion: token, expiresAt: payload.exp };
}

/** Parses `Authorization: Bearer <token>`; missing → `missingToken`, malformed → `invalidToken`. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw createAppError('missingToken');
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header.trim());
  if (match === null || match[1] === undefined) throw createAppError('invalidToken', { message: 'The Authorization header is not "Bearer <token>".' });
  return match[1];
}

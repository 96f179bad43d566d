/**
 * Signature, audience and lifetime checks of a token the emulated Entra issued, against its
 * key ring and on the emulator clock. Failures are classified by jose's error `code`, never by
 * message text; the issuer depends on the token's own tenant, so callers check it after the signature.
 */
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { type KeyRing } from './KeyRing';

export interface JwtFailures {
  expired: () => Error;
  invalid: (detail: string) => Error;
}

export async function verifyJwt(
  token: string,
  keys: KeyRing,
  audience: string[],
  now: number,
  failures: JwtFailures,
): Promise<JWTPayload> {
  const getKey: JWTVerifyGetKey = (header) => keys.verificationKey(header.kid);
  try {
    const { payload } = await jwtVerify(token, getKey, { audience, algorithms: ['RS256'], currentDate: new Date(now) });
    return payload;
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown; claim?: unknown }) : {};
    if (code.code === 'ERR_JWT_EXPIRED' || (code.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && code.claim === 'nbf'))
      throw failures.expired();
    if (typeof code.code === 'string' && code.code.startsWith('ERR_J'))
      throw failures.invalid(describeJoseFailure(code.code, code.claim));
    throw error;
  }
}

function describeJoseFailure(code: string, claim: unknown): string {
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && typeof claim === 'string')
    return `the '${claim}' claim is not what this tenant expects.`;
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY')
    return "the signature is not from this tenant's keys.";
  return 'the assertion is not a well-formed signed JWT.';
}

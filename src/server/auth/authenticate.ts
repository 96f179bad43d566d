/**
 * The authentication hook for /api routes: reads the bearer token, validates it, charges the
 * rate limits, and attaches the user to the request. It runs in `onRequest`, before the body is
 * read, so anonymous callers cannot make the server parse anything.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, createAppError } from '../errors/AppError';
import type { RequestRateLimiter } from '../http/rateLimit';
import { clientAddress } from '../http/transport';
import { bearerToken, type AuthenticatedUser, type TokenValidator } from './ssoTokenValidator';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
}

export function createAuthenticateHook(
  validator: TokenValidator,
  limiter: RequestRateLimiter,
): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    let user: AuthenticatedUser;
    try {
      user = await validator.validate(bearerToken(request.headers.authorization));
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 401 && error.code !== 'tenantNotAllowed')) throw error;
      // An expired token has passed every other check first (signature, issuer, audience: see
      // ssoTokenValidator.ts): Entra issued it to a user of this add-in, whose pane renews its
      // token only when told 401 tokenExpired. It is not charged to the address's failed sign-ins,
      // so users behind a busy shared address are not locked out of renewing.
      // Still metered on their own, generously: a flood of one expired token is refused.
      if (error.code === 'tokenExpired') throw limiter.chargeExpired(clientAddress(request)) ?? error;
      // Other authentication failures count against the address; past its budget the caller
      // learns only that it must slow down.
      throw limiter.chargeUnauthenticated(clientAddress(request)) ?? error;
    }
    limiter.chargeUser(user.tenantId, user.userOid);
    request.user = user;
  };
}

/** The user of an authenticated request (the hook guarantees it; this guards against wiring mistakes). */
export function requireUser(request: FastifyRequest): AuthenticatedUser {
  if (request.user === null)
    throw createAppError('internalError', { message: 'Authentication did not run for this route.' });
  return request.user;
}

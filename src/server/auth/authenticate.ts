/**
 * The authentication hook for /api routes: reads the bearer token, validates it, and attaches
 * the user to the request. It runs in `onRequest`, before the body is read, so anonymous callers
 * cannot make the server parse anything.
 */
import type { FastifyRequest } from 'fastify';
import { createAppError } from '../errors/AppError';
import { bearerToken, type AuthenticatedUser, type TokenValidator } from './ssoTokenValidator';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
}

export function createAuthenticateHook(validator: TokenValidator): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    request.user = await validator.validate(bearerToken(request.headers.authorization));
  };
}

/** The user of an authenticated request (the hook guarantees it; this guards against wiring mistakes). */
export function requireUser(request: FastifyRequest): AuthenticatedUser {
  if (request.user === null) throw createAppError('internalError', { message: 'Authentication did not run for this route.' });
  return request.user;
}

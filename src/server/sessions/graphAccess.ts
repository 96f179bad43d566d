/**
 * The only way the session use cases get a Graph token: `withToken` runs a piece of work with the
 * user's token and owns the rule for Graph answering 401.
 *
 * A 401 from Graph to a token that came from the cache means the token is no good any more
 * (revoked, the user's sessions were reset, a policy changed): it is dropped, a new one is
 * exchanged, and the work runs once more before the user sees anything. A 401 to a token that
 * was just exchanged cannot be fixed by exchanging again: it is dropped, logged for the
 * administrator (the app registration or GRAPH_SCOPES), and reported.
 *
 * A 401 with a claims challenge (continuous access evaluation: Graph wants a token issued after a
 * revocation) cannot be fixed here either: only the user's client can get a token with those
 * claims. The token is dropped, the claims are kept for the user's next exchange, and the
 * challenge goes to the pane as `401 claimsChallenge`.
 */
import type { GraphTokenProvider } from '../auth/oboClient';
import type { AuthenticatedUser } from '../auth/ssoTokenValidator';
import { AppError } from '../errors/AppError';
import type { Log } from '../log';

export interface GraphAccess {
  withToken<T>(user: AuthenticatedUser, log: Log, work: (token: string) => Promise<T>): Promise<T>;
}

/** Graph asked for a token with more claims (a continuous access evaluation challenge). */
export function isClaimsChallenge(error: unknown): error is AppError & { claims: string } {
  return error instanceof AppError && error.code === 'claimsChallenge' && error.claims !== undefined;
}

/** Graph refused the token itself (as opposed to the request). */
export function isTokenRejected(error: unknown): error is AppError {
  return error instanceof AppError && error.upstreamStatus === 401;
}

export function createGraphAccess(tokens: GraphTokenProvider): GraphAccess {
  return {
    async withToken(user, log, work) {
      const challenged = async (error: AppError & { claims: string }, token: string): Promise<never> => {
        await tokens.requireClaims(user, token, error.claims);
        log.info({ component: 'obo' }, 'Graph answered with a claims challenge; the client is asked for a new token');
        throw error;
      };
      const first = await tokens.graphTokenFor(user, log);
      try {
        return await work(first.token);
      } catch (error) {
        if (isClaimsChallenge(error)) return challenged(error, first.token);
        if (!isTokenRejected(error)) throw error;
        await tokens.forget(user, first.token);
        if (!first.fromCache) throw rejectedFresh(error, log);
        log.info({ component: 'obo' }, 'Graph refused a cached token; exchanging a new one and trying again');
      }
      const fresh = await tokens.graphTokenFor(user, log);
      try {
        return await work(fresh.token);
      } catch (error) {
        if (isClaimsChallenge(error)) return challenged(error, fresh.token);
        if (!isTokenRejected(error)) throw error;
        await tokens.forget(user, fresh.token);
        throw rejectedFresh(error, log);
      }
    },
  };
}

function rejectedFresh(error: AppError, log: Log): AppError {
  log.error(
    { code: error.code },
    'Graph rejected a token Entra ID has just issued (check GRAPH_SCOPES and the app registration)',
  );
  return error;
}

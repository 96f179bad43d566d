/**
 * Builds the Graph side of the middle tier around one registry: the per-workbook scheduler shared
 * by single calls and batches (so one workbook sees one request at a time whichever path sends
 * it), the Graph client, the batch closer, the shares cache, the credential sealer, the session
 * service and the reconciler. app.ts calls this once; tests and benchmarks can too.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import type { GraphTokenProvider } from '../auth/oboClient';
import type { AuthenticatedUser } from '../auth/ssoTokenValidator';
import { AppError } from '../errors/AppError';
import { createBatchCloser, DEFAULT_BATCH_RETRY_POLICY } from '../graph/batchClose';
import { createGraphClient, type GraphClient } from '../graph/graphClient';
import { DEFAULT_RETRY_POLICY, type Random, type RetryPolicy, type Sleep } from '../graph/retry';
import { DEFAULT_SHARES_CACHE, SharesCache } from '../graph/sharesCache';
import { WorkbookScheduler } from '../graph/workbookScheduler';
import { createCredentialSealer } from '../registry/closeCredential';
import type { SessionStore } from '../registry/SessionStore';
import { createReconciler, type Reconciler } from './reconciler';
import { createSessionService, type SessionService } from './sessionService';

export interface SessionWiringOptions {
  graphBaseUrl: string;
  /** The client secret: the key of the sealed close credentials is derived from it. */
  clientSecret: string;
  store: SessionStore;
  tokens: GraphTokenProvider;
  dispatcher: Dispatcher;
  log: FastifyBaseLogger;
  now: () => number;
  sleep?: Sleep;
  random?: Random;
  /** Workbooks served at once (default 8). */
  maxParallelWorkbooks?: number;
  retry?: RetryPolicy;
  batchRetry?: RetryPolicy;
}

export interface SessionWiring {
  sessions: SessionService;
  graph: GraphClient;
  reconciler: Reconciler;
}

export function wireSessions(options: SessionWiringOptions): SessionWiring {
  const { store, now } = options;
  const scheduler = new WorkbookScheduler(options.maxParallelWorkbooks ?? 8);
  const common = { baseUrl: options.graphBaseUrl, dispatcher: options.dispatcher, scheduler, now, sleep: options.sleep, random: options.random };
  const graph = createGraphClient({ ...common, retry: options.retry ?? DEFAULT_RETRY_POLICY });
  const batch = createBatchCloser({ ...common, retry: options.batchRetry ?? DEFAULT_BATCH_RETRY_POLICY });
  const sealer = createCredentialSealer(options.clientSecret);
  const shares = new SharesCache({ ...DEFAULT_SHARES_CACHE, now });
  const sessions = forgettingRejectedTokens(createSessionService({ store, graph, tokens: options.tokens, now, batch, sealer, shares }), options.tokens);
  const reconciler = createReconciler({ store, graph, sealer, now, log: options.log });
  return { sessions, graph, reconciler };
}

/**
 * Graph answering 401 to a token Entra issued means the cached token is no good (revoked, or
 * the user's session was reset): drop it, so the next call for this user exchanges again
 * instead of failing until the cached token would have expired.
 */
function forgettingRejectedTokens(sessions: SessionService, tokens: GraphTokenProvider): SessionService {
  const guard =
    <A extends unknown[], R>(call: (user: AuthenticatedUser, ...rest: A) => Promise<R>) =>
    async (user: AuthenticatedUser, ...rest: A): Promise<R> => {
      try {
        return await call(user, ...rest);
      } catch (error) {
        if (error instanceof AppError && error.upstreamStatus === 401) tokens.forget(user);
        throw error;
      }
    };
  return { list: sessions.list, open: guard(sessions.open), refresh: guard(sessions.refresh), close: guard(sessions.close), closeMany: guard(sessions.closeMany) };
}

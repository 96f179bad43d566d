/**
 * Builds the Graph side of the middle tier around one registry: the Graph request pipeline and
 * the per-workbook scheduler shared by single calls and batches (so one workbook sees one request
 * at a time whichever path sends it), the Graph client, the batch closer, the shares cache, the
 * session lifecycle, the session service and the reconciler. app.ts calls this once; tests and
 * benchmarks can too.
 */
import type { Dispatcher } from 'undici';
import type { GraphTokenProvider } from '../auth/oboClient';
import { createBatchCloser, DEFAULT_BATCH_RETRY_POLICY } from '../graph/batchClose';
import { createGraphClient, type GraphClient } from '../graph/graphClient';
import { createGraphPipeline } from '../graph/graphPipeline';
import { DEFAULT_RETRY_POLICY, type Random, type Sleep } from '../graph/retry';
import { DEFAULT_SHARES_CACHE, SharesCache } from '../graph/sharesCache';
import { WorkbookScheduler } from '../graph/workbookScheduler';
import type { Log } from '../log';
import type { CredentialSealer } from '../registry/closeCredential';
import type { SessionStore } from '../registry/SessionStore';
import type { Telemetry } from '../telemetry/telemetry';
import { createGraphAccess } from './graphAccess';
import { createReconciler, type Reconciler } from './reconciler';
import { SessionLifecycle } from './sessionLifecycle';
import { createSessionService, type SessionService } from './sessionService';

/** Workbooks served at once: each has its own queue (graph/workbookScheduler.ts). */
const MAX_PARALLEL_WORKBOOKS = 8;

export interface SessionWiringOptions {
  graphBaseUrl: string;
  /** Seals the Graph token kept on `closing` rows (registry/closeCredential.ts). */
  sealer: CredentialSealer;
  store: SessionStore;
  tokens: GraphTokenProvider;
  dispatcher: Dispatcher;
  log: Log;
  now: () => number;
  sleep?: Sleep;
  random?: Random;
  /** How long a row in flight stays leased to this instance without renewal. */
  leaseMs?: number;
  /** Graph attempts and retry waits, reconciler actions (none by default). */
  telemetry?: Telemetry;
}

export interface SessionWiring {
  sessions: SessionService;
  graph: GraphClient;
  lifecycle: SessionLifecycle;
  reconciler: Reconciler;
}

export function wireSessions(options: SessionWiringOptions): SessionWiring {
  const { store, now, log } = options;
  const scheduler = new WorkbookScheduler(MAX_PARALLEL_WORKBOOKS);
  const { telemetry } = options;
  const pipeline = createGraphPipeline({
    baseUrl: options.graphBaseUrl,
    dispatcher: options.dispatcher,
    now,
    sleep: options.sleep,
    random: options.random,
    telemetry,
  });
  const graph = createGraphClient({ pipeline, scheduler, retry: DEFAULT_RETRY_POLICY });
  const batch = createBatchCloser({
    pipeline,
    scheduler,
    now,
    sleep: options.sleep,
    random: options.random,
    retry: DEFAULT_BATCH_RETRY_POLICY,
    telemetry,
  });
  const shares = new SharesCache({ ...DEFAULT_SHARES_CACHE, now });
  const lifecycle = new SessionLifecycle({ store, sealer: options.sealer, now, log, leaseMs: options.leaseMs });
  const access = createGraphAccess(options.tokens);
  const sessions = createSessionService({ store, lifecycle, graph, access, now, batch, shares });
  const reconciler = createReconciler({
    lifecycle,
    graph,
    log,
    onReport: telemetry === undefined ? undefined : (report) => telemetry.reconciled(report),
  });
  return { sessions, graph, lifecycle, reconciler };
}

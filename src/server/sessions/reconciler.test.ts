/**
 * Reconciliation after a crash at each point of the open and close paths. A "crash" is a store
 * left as the dead process left it; the "restart" is a new store instance (new claim id) on the
 * same SQLite file, and a reconciler with a scripted Graph.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { SESSION_IDLE_LIMIT_MS } from '../../shared/sessionLifetime';
import { createAppError } from '../errors/AppError';
import type { GraphCloseOutcome } from '../graph/graphClient';
import { createCredentialSealer } from '../registry/closeCredential';
import type { SessionOwner } from '../registry/SessionStore';
import { SqliteSessionStore } from '../registry/SqliteSessionStore';
import { createReconciler, DEFAULT_EXPIRY_MARGIN_MS } from './reconciler';

const alice: SessionOwner = { tenantId: 't1', userOid: 'alice' };
const T0 = Date.UTC(2027, 0, 1);
const sealer = createCredentialSealer('secret');
const warnings: string[] = [];
const log = {
  info: () => undefined,
  warn: (_obj: unknown, msg: string) => warnings.push(msg),
  error: () => undefined,
} as unknown as FastifyBaseLogger;

let path: string;
let now: number;
let closes: { token: string; graphSessionId: string }[];
let closeAnswer: () => Promise<GraphCloseOutcome>;

beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'wbs-rec-')), 'registry.sqlite');
  now = T0;
  closes = [];
  warnings.length = 0;
  closeAnswer = async () => 'closed';
});

/** The process that crashes: writes rows the way sessionService does, then stops. */
function beforeCrash(steps: (store: SqliteSessionStore) => void): void {
  const store = new SqliteSessionStore(path);
  steps(store);
  store.close();
}
function insert(store: SqliteSessionStore, id: string, persistChanges = true): void {
  store.insertOpening({ id, owner: alice, driveId: 'd', itemId: 'i', workbookName: 'w.xlsx', webUrl: null, persistChanges, now: T0 });
}

async function restart() {
  const store = new SqliteSessionStore(path);
  const reconciler = createReconciler({
    store,
    graph: {
      closeSession: async (token, _d, _i, graphSessionId) => {
        closes.push({ token, graphSessionId });
        return closeAnswer();
      },
    },
    sealer,
    now: () => now,
    log,
  });
  const report = await reconciler.runOnce();
  const ids = store.list(alice).map((r) => `${r.id}:${r.status}`);
  return { store, report, ids, reconciler };
}

describe('reconciliation after a crash', () => {
  it('crash before or during createSession (opening, no Graph id): the row is removed and logged, nothing is sent', async () => {
    beforeCrash((store) => insert(store, 'o1'));
    const { store, report, ids } = await restart();
    expect(ids).toEqual([]);
    expect(report.unknownCreatesRemoved).toBe(1);
    expect(closes).toEqual([]);
    expect(warnings.some((w) => w.includes('createSession result was never recorded'))).toBe(true);
    store.close();
  });

  it('crash after markOpen: the open row is kept as it is', async () => {
    beforeCrash((store) => {
      insert(store, 'o1');
      store.markOpen(alice, 'o1', 'g=1', true, T0);
    });
    const { store, ids, report } = await restart();
    expect(ids).toEqual(['o1:open']);
    expect(report).toEqual({ unknownCreatesRemoved: 0, closesFinished: 0, expiredRemoved: 0, closesPending: 0 });
    store.close();
  });

  it('crash after markClosing (before or after Graph closed it): closeSession is sent again with the sealed token, then the row is deleted', async () => {
    beforeCrash((store) => {
      for (const id of ['c1', 'c2']) {
        insert(store, id);
        store.markOpen(alice, id, `g=${id}`, true, T0);
        store.markClosing(alice, id, sealer.seal('graph-token'));
      }
    });
    let answers: GraphCloseOutcome[] = ['closed', 'alreadyGone'];
    closeAnswer = async () => answers.shift() ?? 'closed';
    const { store, ids, report } = await restart();
    expect(ids).toEqual([]);
    expect(report.closesFinished).toBe(2);
    expect(closes.map((c) => c.token)).toEqual(['graph-token', 'graph-token']);
    expect(closes.map((c) => c.graphSessionId).sort()).toEqual(['g=c1', 'g=c2']);
    answers = [];
    store.close();
  });

  it('keeps a closing row while Graph is unreachable, and finishes it on a later run', async () => {
    beforeCrash((store) => {
      insert(store, 'c1');
      store.markOpen(alice, 'c1', 'g=1', true, T0);
      store.markClosing(alice, 'c1', sealer.seal('graph-token'));
    });
    closeAnswer = async () => Promise.reject(createAppError('upstreamUnavailable'));
    const { store, ids, report, reconciler } = await restart();
    expect(ids).toEqual(['c1:closing']);
    expect(report.closesPending).toBe(1);
    closeAnswer = async () => 'closed';
    expect((await reconciler.runOnce()).closesFinished).toBe(1);
    expect(store.list(alice)).toEqual([]);
    store.close();
  });

  it('without a usable credential, keeps a closing row until its session has certainly expired in Graph', async () => {
    beforeCrash((store) => {
      insert(store, 'c1');
      store.markOpen(alice, 'c1', 'g=1', false, T0);
      store.markClosing(alice, 'c1', createCredentialSealer('old-secret').seal('graph-token'));
    });
    now = T0 + SESSION_IDLE_LIMIT_MS.viewOnly;
    const first = await restart();
    expect(first.ids).toEqual(['c1:closing']);
    expect(closes).toEqual([]);
    first.store.close();
    now = T0 + SESSION_IDLE_LIMIT_MS.viewOnly + DEFAULT_EXPIRY_MARGIN_MS + 1;
    const second = await restart();
    expect(second.ids).toEqual([]);
    expect(second.report.expiredRemoved).toBe(1);
    second.store.close();
  });

  it('removes open rows that have certainly expired, keeps recent ones', async () => {
    beforeCrash((store) => {
      insert(store, 'old');
      store.markOpen(alice, 'old', 'g=old', true, T0);
      insert(store, 'recent');
      store.markOpen(alice, 'recent', 'g=recent', true, T0 + 10 * 60_000);
    });
    now = T0 + SESSION_IDLE_LIMIT_MS.persistent + DEFAULT_EXPIRY_MARGIN_MS + 1;
    const { store, ids, report } = await restart();
    expect(ids).toEqual(['recent:open']);
    expect(report.expiredRemoved).toBe(1);
    store.close();
  });

  it('leaves alone the rows this process is working on (opening or closing right now)', async () => {
    const store = new SqliteSessionStore(path);
    insert(store, 'mine-opening');
    insert(store, 'mine-closing');
    store.markOpen(alice, 'mine-closing', 'g=1', true, T0);
    store.markClosing(alice, 'mine-closing', sealer.seal('t'));
    const reconciler = createReconciler({ store, graph: { closeSession: async () => 'closed' }, sealer, now: () => now, log });
    expect(await reconciler.runOnce()).toEqual({ unknownCreatesRemoved: 0, closesFinished: 0, expiredRemoved: 0, closesPending: 0 });
    expect(store.list(alice).map((r) => r.status).sort()).toEqual(['closing', 'opening']);
    store.close();
  });
});

/**
 * Reconciliation after a crash at each point of the open and close paths. A "crash" is a store
 * left as the dead process left it (rows written through the lifecycle's store calls); the
 * "restart" is a new store on the same SQLite file (which ends the dead process's leases), a new
 * lifecycle and a reconciler with a scripted Graph.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_IDLE_LIMIT_MS } from '../../shared/sessionLifetime';
import { createAppError } from '../errors/AppError';
import type { CloseOutcome } from '../../shared/api';
import type { Log } from '../log';
import { closeCredentialContext, createCredentialSealer, type CredentialSealer } from '../registry/closeCredential';
import type { SessionOwner } from '../registry/SessionStore';
import { closingRows } from '../registry/testSupport/sessionStoreContract';
import { SqliteSessionStore } from '../registry/SqliteSessionStore';
import { createReconciler } from './reconciler';
import { EXPIRY_MARGIN_MS, SessionLifecycle } from './sessionLifecycle';

const alice: SessionOwner = { tenantId: 't1', userOid: 'alice' };
const T0 = Date.UTC(2027, 0, 1);
const keyA = Buffer.alloc(32, 0xa);
const keyB = Buffer.alloc(32, 0xb);
let sealer: CredentialSealer;
const dead = { holder: 'dead-process', until: T0 + 60_000 };
const warnings: string[] = [];
const errors: string[] = [];
const log: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: (_fields, message) => warnings.push(message ?? ''),
  error: (_fields, message) => errors.push(message ?? ''),
};

let path: string;
let now: number;
let closes: { token: string; graphSessionId: string }[];
let closeAnswer: () => Promise<CloseOutcome>;

beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'wbs-rec-')), 'registry.sqlite');
  now = T0;
  closes = [];
  warnings.length = 0;
  errors.length = 0;
  closeAnswer = async () => 'closed';
  sealer = createCredentialSealer({ current: keyA, previous: null });
});

/** The process that crashes: writes rows the way the lifecycle does, then stops. */
async function beforeCrash(steps: (store: SqliteSessionStore) => Promise<void>): Promise<void> {
  const store = new SqliteSessionStore(path);
  await steps(store);
  await store.close();
}
const insert = (store: SqliteSessionStore, id: string, persistChanges = true): Promise<void> =>
  store.insertOpening(
    { id, owner: alice, driveId: 'd', itemId: 'i', workbookName: 'w.xlsx', webUrl: null, persistChanges, now: T0 },
    dead,
  );
/** A row the dead process marked `closing`, its credential sealed by `sealedWith` for this row (or given as is). */
async function insertClosing(
  store: SqliteSessionStore,
  id: string,
  sealedWith: CredentialSealer | string,
  persistChanges = true,
): Promise<void> {
  await insert(store, id, persistChanges);
  await store.markOpen(alice, id, dead.holder, `g=${id}`, persistChanges, T0);
  const credential =
    typeof sealedWith === 'string'
      ? sealedWith
      : sealedWith.seal('graph-token', closeCredentialContext({ id, ...alice, graphSessionId: `g=${id}` }));
  await store.markClosing(alice, closingRows([id], credential), dead, T0);
}

async function restart() {
  const store = new SqliteSessionStore(path);
  const lifecycle = new SessionLifecycle({ store, sealer, now: () => now, log });
  const graph = {
    closeSession: async (token: string, _d: string, _i: string, graphSessionId: string) => {
      closes.push({ token, graphSessionId });
      return closeAnswer();
    },
  };
  const reconciler = createReconciler({ lifecycle, graph, log });
  const report = await reconciler.runOnce();
  const ids = (await store.list(alice)).map((r) => `${r.id}:${r.status}`);
  return { store, report, ids, reconciler, lifecycle };
}

const nothing = {
  unknownCreatesRemoved: 0,
  closesFinished: 0,
  expiredRemoved: 0,
  reopened: 0,
  closesPending: 0,
  closesSettledLate: 0,
};

describe('reconciliation after a crash', () => {
  it('crash before or during createSession (opening, no Graph id): nothing is re-sent, the row is kept as the record until the session has certainly expired', async () => {
    await beforeCrash((store) => insert(store, 'o1', false));
    const first = await restart();
    expect(first.ids).toEqual(['o1:opening']);
    expect(first.report).toEqual(nothing);
    await first.store.close();
    now = T0 + SESSION_IDLE_LIMIT_MS.viewOnly + EXPIRY_MARGIN_MS + 1;
    const second = await restart();
    expect(second.ids).toEqual([]);
    expect(second.report.unknownCreatesRemoved).toBe(1);
    expect(closes).toEqual([]);
    expect(warnings.some((w) => w.includes('createSession whose answer was never known'))).toBe(true);
    await second.store.close();
  });

  it('crash after markOpen: the open row is kept as it is', async () => {
    await beforeCrash(async (store) => {
      await insert(store, 'o1');
      await store.markOpen(alice, 'o1', dead.holder, 'g=1', true, T0);
    });
    const { store, ids, report } = await restart();
    expect(ids).toEqual(['o1:open']);
    expect(report).toEqual(nothing);
    await store.close();
  });

  it('crash after markClosing (before or after Graph closed it): closeSession is sent again with the sealed token, then the row is deleted', async () => {
    await beforeCrash(async (store) => {
      for (const id of ['c1', 'c2']) await insertClosing(store, id, sealer);
    });
    const answers: CloseOutcome[] = ['closed', 'alreadyGone'];
    closeAnswer = async () => answers.shift() ?? 'closed';
    const { store, ids, report } = await restart();
    expect(ids).toEqual([]);
    expect(report.closesFinished).toBe(2);
    expect(closes.map((c) => c.token)).toEqual(['graph-token', 'graph-token']);
    expect(closes.map((c) => c.graphSessionId).sort()).toEqual(['g=c1', 'g=c2']);
    await store.close();
  });

  it('keeps a closing row while Graph is unreachable, and finishes it on a later run', async () => {
    await beforeCrash((store) => insertClosing(store, 'c1', sealer));
    closeAnswer = async () => Promise.reject(createAppError('upstreamUnavailable'));
    const { store, ids, report, reconciler } = await restart();
    expect(ids).toEqual(['c1:closing']);
    expect(report.closesPending).toBe(1);
    closeAnswer = async () => 'closed';
    expect((await reconciler.runOnce()).closesFinished).toBe(1);
    expect(await store.list(alice)).toEqual([]);
    await store.close();
  });

  it('puts a closing row back to open when Graph refuses the close, so the user can close it again', async () => {
    await beforeCrash((store) => insertClosing(store, 'c1', sealer));
    closeAnswer = async () => Promise.reject(createAppError('workbookAccessDenied', { upstreamStatus: 403 }));
    const { store, ids, report } = await restart();
    expect(ids).toEqual(['c1:open']);
    expect(report.reopened).toBe(1);
    await store.close();
  });

  it('without a usable credential: back to open while the session may live, deleted once it has certainly expired', async () => {
    await beforeCrash(async (store) => {
      await insertClosing(store, 'c1', 'v2.unknown.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', false);
      await insertClosing(store, 'c2', 'v1.from-an-older-version', false);
    });
    const first = await restart();
    expect(first.ids.sort()).toEqual(['c1:open', 'c2:open']);
    expect(first.report.reopened).toBe(2);
    expect(closes).toEqual([]);
    await first.store.close();
    await beforeCrash((store) =>
      store.markClosing(alice, closingRows(['c2'], 'v1.garbage'), dead, T0).then(() => undefined),
    );
    now = T0 + SESSION_IDLE_LIMIT_MS.viewOnly + EXPIRY_MARGIN_MS + 1;
    const second = await restart();
    expect(second.ids).toEqual([]);
    expect(second.report.expiredRemoved).toBe(2);
    await second.store.close();
  });

  it('finishes a pending close after SEALING_KEY was rotated, with the old key as SEALING_KEY_PREVIOUS', async () => {
    await beforeCrash((store) => insertClosing(store, 'c1', sealer));
    sealer = createCredentialSealer({ current: keyB, previous: keyA });
    const { store, ids, report } = await restart();
    expect(ids).toEqual([]);
    expect(report.closesFinished).toBe(1);
    expect(closes).toEqual([{ token: 'graph-token', graphSessionId: 'g=c1' }]);
    await store.close();
  });

  it('rotated without the previous key: warns what to do, counts it, and lists the session as open again for its user to close', async () => {
    await beforeCrash((store) => insertClosing(store, 'c1', sealer));
    sealer = createCredentialSealer({ current: keyB, previous: null });
    const { store, ids, report, lifecycle } = await restart();
    expect(ids).toEqual(['c1:open']);
    expect(report.reopened).toBe(1);
    expect(closes).toEqual([]);
    expect(lifecycle.unopenableCredentials).toBe(1);
    expect(warnings.some((w) => w.includes('set SEALING_KEY_PREVIOUS to the old key'))).toBe(true);
    await store.close();
  });

  it('never uses a credential copied from another row', async () => {
    await beforeCrash(async (store) => {
      await insertClosing(store, 'c1', sealer);
      await insert(store, 'c2');
      await store.markOpen(alice, 'c2', dead.holder, 'g=c2', true, T0);
      const copied = sealer.seal('graph-token', closeCredentialContext({ id: 'c1', ...alice, graphSessionId: 'g=c1' }));
      await store.markClosing(alice, closingRows(['c2'], copied), dead, T0);
    });
    const { store, ids, lifecycle } = await restart();
    expect(closes).toEqual([{ token: 'graph-token', graphSessionId: 'g=c1' }]);
    expect(ids).toEqual(['c2:open']);
    expect(lifecycle.unopenableCredentials).toBe(1);
    expect(warnings.some((w) => w.includes('does not belong to its registry row'))).toBe(true);
    await store.close();
  });

  it('removes open rows that have certainly expired, keeps recent ones', async () => {
    await beforeCrash(async (store) => {
      await insert(store, 'old');
      await store.markOpen(alice, 'old', dead.holder, 'g=old', true, T0);
      await insert(store, 'recent');
      await store.markOpen(alice, 'recent', dead.holder, 'g=recent', true, T0 + 10 * 60_000);
    });
    now = T0 + SESSION_IDLE_LIMIT_MS.persistent + EXPIRY_MARGIN_MS + 1;
    const { store, ids, report } = await restart();
    expect(ids).toEqual(['recent:open']);
    expect(report.expiredRemoved).toBe(1);
    await store.close();
  });

  it('leaves alone the rows a live instance holds under its lease', async () => {
    const store = new SqliteSessionStore(path);
    const live = { holder: 'live-instance', until: T0 + 60_000 };
    await store.insertOpening(
      {
        id: 'opening',
        owner: alice,
        driveId: 'd',
        itemId: 'i',
        workbookName: 'w.xlsx',
        webUrl: null,
        persistChanges: true,
        now: T0,
      },
      live,
    );
    await store.insertOpening(
      {
        id: 'closing',
        owner: alice,
        driveId: 'd',
        itemId: 'i',
        workbookName: 'w.xlsx',
        webUrl: null,
        persistChanges: true,
        now: T0,
      },
      live,
    );
    await store.markOpen(alice, 'closing', live.holder, 'g=1', true, T0);
    await store.markClosing(alice, closingRows(['closing'], sealer.seal('t', 'any')), live, T0);
    const lifecycle = new SessionLifecycle({ store, sealer, now: () => now, log });
    const reconciler = createReconciler({ lifecycle, graph: { closeSession: async () => 'closed' }, log });
    expect(await reconciler.runOnce()).toEqual(nothing);
    expect((await store.list(alice)).map((r) => r.status).sort()).toEqual(['closing', 'opening']);
    await store.close();
  });
});

describe('scheduled runs', () => {
  it('while the registry database is unreachable, says so in one warning, not as an error with a stack', async () => {
    const unreachable = (): never => {
      throw createAppError('serviceUnavailable', {
        message: "The add-in's service has not reached its session registry yet; retry later.",
      });
    };
    const lifecycle = {
      settleRemembered: async () => 0,
      stop: () => undefined,
      finishLeftoverCloses: async () => unreachable(),
      removeExpired: async () => unreachable(),
    } as unknown as SessionLifecycle;
    const reconciler = createReconciler({ lifecycle, graph: { closeSession: async () => 'closed' }, log });
    reconciler.start(60_000);
    await reconciler.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'registry reconciliation skipped: the registry is not reachable; the next run tries again',
    ]);
  });
});

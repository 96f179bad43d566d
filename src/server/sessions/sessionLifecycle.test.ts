/**
 * The close protocol when the registry goes away mid-close, and when two requests close one row.
 * A real SQLite store; "the registry is away" is its settleClosing failing as the PostgreSQL store
 * does when the database cannot be reached (serviceUnavailable).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppError } from '../errors/AppError';
import type { CloseResult } from '../graph/batchClose';
import { SILENT_LOG } from '../log';
import { createCredentialSealer } from '../registry/closeCredential';
import type { SessionOwner, SessionStore } from '../registry/SessionStore';
import { SqliteSessionStore } from '../registry/SqliteSessionStore';
import { createReconciler } from './reconciler';
import { SessionLifecycle, type CloseInGraph } from './sessionLifecycle';

const alice: SessionOwner = { tenantId: 't1', userOid: 'alice' };
const T0 = Date.UTC(2027, 0, 1);
const sealer = createCredentialSealer({ current: Buffer.alloc(32, 5), previous: null });

let store: SqliteSessionStore;
let registryAway: boolean;
/** The store as the lifecycle sees it: settleClosing fails while `registryAway`. */
let seen: SessionStore;
let lifecycle: SessionLifecycle;

beforeEach(() => {
  store = new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'wbs-life-')), 'registry.sqlite'));
  registryAway = false;
  seen = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'settleClosing' && registryAway)
        return async () => Promise.reject(createAppError('serviceUnavailable'));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  lifecycle = new SessionLifecycle({
    store: seen,
    sealer,
    now: () => T0,
    log: SILENT_LOG,
    sleep: () => new Promise((resolve) => setTimeout(resolve, 5)),
  });
});
afterEach(async () => {
  lifecycle.stop();
  await store.close();
});

async function openRow(id: string): Promise<void> {
  await store.insertOpening(
    {
      id,
      owner: alice,
      driveId: 'd',
      itemId: 'i',
      workbookName: 'w.xlsx',
      webUrl: null,
      persistChanges: true,
      now: T0,
    },
    { holder: 'h', until: T0 + 60_000 },
  );
  await store.markOpen(alice, id, 'h', `g-${id}`, true, T0);
}

const statuses = async (): Promise<string[]> => (await store.list(alice)).map((r) => `${r.id}:${r.status}`);

describe('a close while the registry goes away', () => {
  it('answers what Graph did, and settles the row once the registry is back (reconciler run)', async () => {
    await openRow('s1');
    const closeInGraph: CloseInGraph = async (targets, settle) => {
      registryAway = true; // the database goes away while Graph closes the session
      await settle(targets.map((t): [string, CloseResult] => [t.ref, { outcome: 'closed' }]));
    };
    const results = await lifecycle.close(alice, await store.list(alice), 'graph-token', closeInGraph);
    expect(results.get('s1')).toEqual({ outcome: 'closed' });
    expect(await statuses()).toEqual(['s1:closing']);
    expect(lifecycle.rememberedSettlements).toBe(1);

    // Still away: the reconciler run changes nothing and keeps the settlement.
    const reconciler = createReconciler({ lifecycle, graph: { closeSession: async () => 'closed' }, log: SILENT_LOG });
    await reconciler.runOnce().catch(() => undefined);
    expect(lifecycle.rememberedSettlements).toBe(1);

    registryAway = false;
    expect((await reconciler.runOnce()).closesSettledLate).toBe(1);
    expect(await statuses()).toEqual([]);
    expect(lifecycle.rememberedSettlements).toBe(0);
  });

  it('puts a row back to open once the registry returns when Graph refused the close meanwhile', async () => {
    await openRow('s2');
    const refused = createAppError('workbookAccessDenied');
    const results = await lifecycle.close(alice, await store.list(alice), 'graph-token', async (targets, settle) => {
      registryAway = true;
      await settle(targets.map((t): [string, CloseResult] => [t.ref, { outcome: 'failed', error: refused }]));
    });
    expect(results.get('s2')).toEqual({ outcome: 'failed', error: refused });
    registryAway = false;
    expect(await lifecycle.settleRemembered()).toBe(1);
    expect(await statuses()).toEqual(['s2:open']);
  });
});

describe('a second close of a row another request is closing', () => {
  /** A Graph close that ends with `outcome` when `finish` is called. */
  function slowClose(outcome: CloseResult): { closeInGraph: CloseInGraph; finish: () => void } {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    return {
      finish: () => finish(),
      closeInGraph: async (targets, settle) => {
        await finished;
        await settle(targets.map((t): [string, CloseResult] => [t.ref, outcome]));
      },
    };
  }

  it('answers alreadyGone once the first close has closed it', async () => {
    await openRow('s3');
    const first = slowClose({ outcome: 'closed' });
    const firstDone = lifecycle.close(alice, await store.list(alice), 'graph-token', first.closeInGraph);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const secondCalls: string[] = [];
    const secondDone = lifecycle.close(
      alice,
      await store.list(alice),
      'graph-token',
      async (targets) => void secondCalls.push(...targets.map((t) => t.ref)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.finish();
    expect((await firstDone).get('s3')).toEqual({ outcome: 'closed' });
    expect((await secondDone).get('s3')).toEqual({ outcome: 'alreadyGone' });
    expect(secondCalls).toEqual([]);
  });

  it('closes the session itself when the first close failed and the session is open again', async () => {
    await openRow('s4');
    const first = slowClose({ outcome: 'failed', error: createAppError('upstreamUnavailable') });
    const firstDone = lifecycle.close(alice, await store.list(alice), 'graph-token', first.closeInGraph);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const secondCalls: string[] = [];
    const secondDone = lifecycle.close(alice, await store.list(alice), 'graph-token-2', async (targets, settle) => {
      secondCalls.push(...targets.map((t) => t.ref));
      await settle(targets.map((t): [string, CloseResult] => [t.ref, { outcome: 'closed' }]));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.finish();
    expect((await firstDone).get('s4')?.outcome).toBe('failed');
    expect((await secondDone).get('s4')).toEqual({ outcome: 'closed' });
    expect(secondCalls).toEqual(['s4']);
    expect(await statuses()).toEqual([]);
  });
});

describe('refresh', () => {
  const row = async (id: string) => {
    const found = await store.get(alice, id);
    if (found === undefined) throw new Error(`no row ${id}`);
    return found;
  };

  it('asks Graph with the row’s Graph id, then records the activity', async () => {
    await openRow('a');
    const later = new SessionLifecycle({ store: seen, sealer, now: () => T0 + 90_000, log: SILENT_LOG });
    const asked: string[] = [];
    await later.refresh(alice, await row('a'), async (graphSessionId) => void asked.push(graphSessionId), SILENT_LOG);
    expect(asked).toEqual(['g-a']);
    expect((await row('a')).lastActivityAt).toBe(T0 + 90_000);
  });

  it('deletes the row when Graph no longer knows the session, and passes the error on', async () => {
    await openRow('a');
    const refresh = lifecycle.refresh(
      alice,
      await row('a'),
      () => Promise.reject(createAppError('sessionExpired')),
      SILENT_LOG,
    );
    await expect(refresh).rejects.toMatchObject({ code: 'sessionExpired' });
    expect(await statuses()).toEqual([]);
  });

  it('keeps the row, untouched, when Graph fails otherwise', async () => {
    await openRow('a');
    const refresh = lifecycle.refresh(
      alice,
      await row('a'),
      () => Promise.reject(createAppError('upstreamUnavailable')),
      SILENT_LOG,
    );
    await expect(refresh).rejects.toMatchObject({ code: 'upstreamUnavailable' });
    expect(await statuses()).toEqual(['a:open']);
  });

  it('refuses a row being closed or still being opened without asking Graph', async () => {
    await openRow('a');
    await store.markClosing(alice, [{ id: 'a', closeCredential: 'sealed' }], { holder: 'h', until: T0 + 60_000 }, T0);
    await store.insertOpening(
      {
        id: 'b',
        owner: alice,
        driveId: 'd',
        itemId: 'i',
        workbookName: 'w.xlsx',
        webUrl: null,
        persistChanges: true,
        now: T0,
      },
      { holder: 'h', until: T0 + 60_000 },
    );
    const graph = jest.fn(() => Promise.resolve());
    await expect(lifecycle.refresh(alice, await row('a'), graph, SILENT_LOG)).rejects.toMatchObject({
      code: 'invalidRequest',
      message: 'The session is being closed.',
    });
    await expect(lifecycle.refresh(alice, await row('b'), graph, SILENT_LOG)).rejects.toMatchObject({
      code: 'invalidRequest',
    });
    expect(graph).not.toHaveBeenCalled();
  });
});

/**
 * Test-only: the behaviour every SessionStore must have, as one jest suite that each store's test
 * file runs against its own store. A store-specific hook writes a malformed row behind the
 * store's back (as a corrupted or hand-edited database would).
 */
import type { Log } from '../../log';
import type { ClosingRow, Lease, SessionOwner, SessionStore } from '../SessionStore';

export interface StoreUnderTest {
  store: SessionStore;
  /** Sets one column of a row to a raw value, bypassing the store. */
  corrupt(id: string, column: string, value: string | number | null): Promise<void>;
  dispose(): Promise<void>;
}

/** Opens a fresh, empty store whose malformed-row reports go to `log`. */
export type OpenStore = (log: Log) => Promise<StoreUnderTest>;

/** Rows to mark `closing`, all with the same credential text (the store does not interpret it). */
export function closingRows(ids: readonly string[], closeCredential: string): ClosingRow[] {
  return ids.map((id) => ({ id, closeCredential }));
}

const alice: SessionOwner = { tenantId: 't1', userOid: 'alice' };
const bob: SessionOwner = { tenantId: 't1', userOid: 'bob' };
const otherTenantAlice: SessionOwner = { tenantId: 't2', userOid: 'alice' };
const T0 = Date.UTC(2027, 0, 1);
const MINUTE = 60_000;

export function sessionStoreContract(name: string, open: OpenStore): void {
  describe(`${name} (SessionStore contract)`, () => {
    let subject: StoreUnderTest;
    let store: SessionStore;
    const logged: { fields: object; message?: string }[] = [];
    const log: Log = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (fields, message) => logged.push({ fields, message }),
    };
    const me: Lease = { holder: 'instance-a', until: T0 + MINUTE };
    const other: Lease = { holder: 'instance-b', until: T0 + MINUTE };

    const insert = (
      owner: SessionOwner,
      id: string,
      at = T0,
      lease: Lease = me,
      persistChanges = true,
    ): Promise<void> =>
      store.insertOpening(
        { id, owner, driveId: 'd', itemId: 'i', workbookName: 'w.xlsx', webUrl: null, persistChanges, now: at },
        lease,
      );
    const insertOpen = async (owner: SessionOwner, id: string, at = T0, persistChanges = true): Promise<void> => {
      await insert(owner, id, at, me, persistChanges);
      if (!(await store.markOpen(owner, id, me.holder, `g=${id}`, persistChanges, at)))
        throw new Error('markOpen failed');
    };

    // The first store of a run may start the PostgreSQL cluster (initdb): give it time.
    beforeEach(async () => {
      logged.length = 0;
      subject = await open(log);
      store = subject.store;
    }, 60_000);
    afterEach(async () => subject.dispose());

    it('answers a health probe', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('scopes every query by tenant and user: another user sees nothing and changes nothing', async () => {
      await insertOpen(alice, 's1');
      for (const stranger of [bob, otherTenantAlice]) {
        expect(await store.get(stranger, 's1')).toBeUndefined();
        expect(await store.list(stranger)).toEqual([]);
        expect(await store.touch(stranger, 's1', T0 + 1)).toBe(false);
        expect(await store.markClosing(stranger, closingRows(['s1'], 'cred'), me, T0)).toEqual([]);
        expect(await store.delete(stranger, 's1')).toBe(false);
        expect(await store.deleteOpening(stranger, 's1')).toBe(false);
      }
      expect((await store.get(alice, 's1'))?.status).toBe('open');
    });

    it('moves opening → open → closing → open → closing → deleted', async () => {
      await insert(alice, 's1');
      expect(await store.get(alice, 's1')).toEqual(
        expect.objectContaining({ status: 'opening', graphSessionId: null, persistChanges: true }),
      );
      expect(await store.markOpen(alice, 's1', 'not-the-holder', 'g', true, T0)).toBe(false);
      expect(await store.markOpen(alice, 's1', me.holder, 'graph=id&x', false, T0 + 5)).toBe(true);
      expect(await store.get(alice, 's1')).toEqual(
        expect.objectContaining({
          status: 'open',
          graphSessionId: 'graph=id&x',
          persistChanges: false,
          lastActivityAt: T0 + 5,
        }),
      );
      expect(await store.markOpen(alice, 's1', me.holder, 'again', true, T0)).toBe(false);
      expect(await store.markClosing(alice, closingRows(['s1', 'missing'], 'sealed'), me, T0)).toEqual(['s1']);
      expect((await store.get(alice, 's1'))?.status).toBe('closing');
      await store.settleClosing(alice, me.holder, { deleted: [], reopened: ['s1'] });
      expect((await store.get(alice, 's1'))?.status).toBe('open');
      expect(await store.markClosing(alice, closingRows(['s1'], 'sealed'), me, T0)).toEqual(['s1']);
      await store.settleClosing(alice, me.holder, { deleted: ['s1'], reopened: [] });
      expect(await store.get(alice, 's1')).toBeUndefined();
    });

    it('never marks a row another instance is closing under a live lease; takes it over once the lease lapsed', async () => {
      await insertOpen(alice, 's1');
      expect(await store.markClosing(alice, closingRows(['s1'], 'cred-b'), other, T0)).toEqual(['s1']);
      expect(await store.markClosing(alice, closingRows(['s1'], 'cred-a'), me, T0 + 1)).toEqual([]);
      // Only the holder may reopen it.
      await store.settleClosing(alice, me.holder, { deleted: [], reopened: ['s1'] });
      expect((await store.get(alice, 's1'))?.status).toBe('closing');
      expect(await store.markClosing(alice, closingRows(['s1'], 'cred-a'), me, other.until + 1)).toEqual(['s1']);
    });

    it('counts the rows of every owner by state', async () => {
      expect(await store.countByStatus()).toEqual({ opening: 0, open: 0, closing: 0 });
      await insert(alice, 'o1');
      await insertOpen(alice, 's1');
      await insertOpen(bob, 's2');
      await insertOpen(otherTenantAlice, 's3');
      expect(await store.markClosing(bob, closingRows(['s2'], 'cred'), me, T0)).toEqual(['s2']);
      expect(await store.countByStatus()).toEqual({ opening: 1, open: 2, closing: 1 });
    });

    it('deletes an opening row on request only while it is still opening', async () => {
      await insert(alice, 'o1');
      await insertOpen(alice, 'o2');
      expect(await store.deleteOpening(alice, 'o1')).toBe(true);
      expect(await store.deleteOpening(alice, 'o2')).toBe(false);
      expect((await store.list(alice)).map((r) => r.id)).toEqual(['o2']);
    });

    it('lets exactly one claimer take a closing row whose lease lapsed, with its credential', async () => {
      await insertOpen(alice, 'c1');
      await insertOpen(bob, 'c2', T0 + 1);
      await insertOpen(alice, 'live', T0 + 2);
      await store.markClosing(alice, closingRows(['c1'], 'sealed-1'), { holder: 'dead', until: T0 + 10 }, T0);
      await store.markClosing(bob, closingRows(['c2'], 'sealed-2'), { holder: 'dead', until: T0 + 10 }, T0);
      await store.markClosing(
        alice,
        closingRows(['live'], 'sealed-3'),
        { holder: 'alive', until: T0 + 10 * MINUTE },
        T0,
      );
      const at = T0 + MINUTE;
      const [first, second] = await Promise.all([
        store.claimLapsedCloses({ holder: 'x', until: at + MINUTE }, at, 10),
        store.claimLapsedCloses({ holder: 'y', until: at + MINUTE }, at, 10),
      ]);
      const claimed = [...(first ?? []), ...(second ?? [])];
      expect(claimed.map((r) => r.id).sort()).toEqual(['c1', 'c2']);
      expect(claimed.find((r) => r.id === 'c1')).toEqual(
        expect.objectContaining({
          status: 'closing',
          closeCredential: 'sealed-1',
          graphSessionId: 'g=c1',
          userOid: 'alice',
        }),
      );
      expect(await store.claimLapsedCloses({ holder: 'z', until: at + MINUTE }, at + 1, 10)).toEqual([]);
      // A claim is a lease like any other: once lapsed, others may take it, but never its own holder
      // (that is its own work, stalled but under way); and the limit holds.
      const xHad = (first ?? []).map((r) => r.id);
      const yHad = (second ?? []).map((r) => r.id);
      const later = at + 2 * MINUTE;
      expect(
        (await store.claimLapsedCloses({ holder: 'x', until: later + MINUTE }, later, 10)).map((r) => r.id).sort(),
      ).toEqual([...yHad].sort());
      expect(await store.claimLapsedCloses({ holder: 'z', until: later + MINUTE }, later, 1)).toHaveLength(
        Math.min(1, xHad.length),
      );
    });

    it('renews and releases the leases of one holder only', async () => {
      await insertOpen(alice, 'c1');
      await insertOpen(alice, 'c2');
      await store.markClosing(alice, closingRows(['c1'], 'cred'), me, T0);
      await store.markClosing(alice, closingRows(['c2'], 'cred'), other, T0);
      expect(await store.renewLeases(me.holder, T0 + 10 * MINUTE)).toBe(1);
      expect(
        (await store.claimLapsedCloses({ holder: 'z', until: T0 + 20 * MINUTE }, T0 + 2 * MINUTE, 10)).map((r) => r.id),
      ).toEqual(['c2']);
      expect(await store.releaseLease(alice, 'c1', 'z')).toBe(false);
      expect(await store.releaseLease(alice, 'c1', me.holder)).toBe(true);
      expect(
        (await store.claimLapsedCloses({ holder: 'z', until: T0 + 20 * MINUTE }, T0 + 2 * MINUTE, 10)).map((r) => r.id),
      ).toEqual(['c1']);
    });

    it('deletes expired rows: open past its idle cut-off, opening only once its lease lapsed, never closing', async () => {
      await insertOpen(alice, 'old-persistent', T0, true);
      await insertOpen(alice, 'old-view', T0, false);
      await insertOpen(alice, 'recent', T0 + 20 * MINUTE);
      await insert(alice, 'opening-live', T0, { holder: 'a', until: T0 + 60 * MINUTE });
      await insert(alice, 'opening-lapsed', T0, { holder: 'a', until: T0 + MINUTE });
      await insertOpen(alice, 'closing');
      await store.markClosing(alice, closingRows(['closing'], 'cred'), { holder: 'a', until: T0 + MINUTE }, T0);
      const cutoffs = { persistentBefore: T0 + 10 * MINUTE, viewOnlyBefore: T0 - 1 };
      const removed = await store.deleteExpired(cutoffs, T0 + 30 * MINUTE, 100);
      expect(removed.map((r) => r.id).sort()).toEqual(['old-persistent', 'opening-lapsed']);
      expect((await store.list(alice)).map((r) => r.id).sort()).toEqual([
        'closing',
        'old-view',
        'opening-live',
        'recent',
      ]);
      expect(
        await store.deleteExpired(
          { persistentBefore: T0 + 60 * MINUTE, viewOnlyBefore: T0 + 60 * MINUTE },
          T0 + 30 * MINUTE,
          1,
        ),
      ).toHaveLength(1);
    });

    it('reads several rows of one owner at once, leaving out missing and foreign ids', async () => {
      await insertOpen(alice, 'a1');
      await insertOpen(alice, 'a2');
      await insertOpen(bob, 'b1');
      expect((await store.getMany(alice, ['a2', 'missing', 'b1', 'a1'])).map((r) => r.id).sort()).toEqual(['a1', 'a2']);
      expect(await store.getMany(alice, [])).toEqual([]);
    });

    it('touches and lists newest first', async () => {
      await insertOpen(alice, 'old', T0);
      await insertOpen(alice, 'new', T0 + 1000);
      expect(await store.touch(alice, 'old', T0 + 5000)).toBe(true);
      expect((await store.list(alice)).map((r) => [r.id, r.lastActivityAt])).toEqual([
        ['new', T0 + 1000],
        ['old', T0 + 5000],
      ]);
    });

    it('leaves a malformed row out of the list (logged by id) and reports it on a direct read', async () => {
      await insertOpen(alice, 'good-1', T0);
      await insertOpen(alice, 'bad', T0 + 1);
      await insertOpen(alice, 'good-2', T0 + 2);
      await subject.corrupt('bad', 'opened_at', -1);
      expect((await store.list(alice)).map((r) => r.id)).toEqual(['good-2', 'good-1']);
      expect(logged).toEqual([expect.objectContaining({ fields: expect.objectContaining({ registryRow: 'bad' }) })]);
      await expect(store.get(alice, 'bad')).rejects.toThrow(/opened_at is not a timestamp/);
      await subject.corrupt('good-1', 'graph_session_id', null);
      await expect(store.get(alice, 'good-1')).rejects.toThrow(/no Graph session id/);
    });
  });
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SESSION_IDLE_LIMIT_MS } from '../../shared/sessionLifetime';
import { RegistryRowError, type SessionOwner } from './SessionStore';
import { SqliteSessionStore } from './SqliteSessionStore';
import { toSessionView } from './sessionView';

const alice: SessionOwner = { tenantId: 't1', userOid: 'alice' };
const bob: SessionOwner = { tenantId: 't1', userOid: 'bob' };
const otherTenantAlice: SessionOwner = { tenantId: 't2', userOid: 'alice' };
const T0 = Date.UTC(2027, 0, 1);

function insert(store: SqliteSessionStore, owner: SessionOwner, id: string, at = T0, persistChanges = true): void {
  store.insertOpening({ id, owner, driveId: 'd', itemId: 'i', workbookName: 'w.xlsx', webUrl: null, persistChanges, now: at });
}

describe('SqliteSessionStore', () => {
  let store: SqliteSessionStore;
  beforeEach(() => {
    store = new SqliteSessionStore(':memory:');
  });
  afterEach(() => store.close());

  it('scopes every query by tenant and user: another user sees nothing and changes nothing', () => {
    insert(store, alice, 's1');
    expect(store.get(bob, 's1')).toBeUndefined();
    expect(store.get(otherTenantAlice, 's1')).toBeUndefined();
    expect(store.list(bob)).toEqual([]);
    expect(store.markOpen(bob, 's1', 'g', true, T0)).toBe(false);
    expect(store.touch(bob, 's1', T0)).toBe(false);
    expect(store.delete(bob, 's1')).toBe(false);
    expect(store.get(alice, 's1')?.status).toBe('opening');
  });

  it('moves opening → open → closing → open and deletes', () => {
    insert(store, alice, 's1');
    expect(store.get(alice, 's1')?.graphSessionId).toBeNull();
    expect(store.markOpen(alice, 's1', 'graph=id&x', false, T0 + 5)).toBe(true);
    expect(store.get(alice, 's1')).toEqual(expect.objectContaining({ status: 'open', graphSessionId: 'graph=id&x', persistChanges: false, lastActivityAt: T0 + 5 }));
    expect(store.markOpen(alice, 's1', 'again', true, T0)).toBe(false);
    expect(store.markClosing(alice, 's1')).toBe(true);
    expect(store.get(alice, 's1')?.status).toBe('closing');
    expect(store.markOpenAgain(alice, 's1')).toBe(true);
    expect(store.delete(alice, 's1')).toBe(true);
    expect(store.get(alice, 's1')).toBeUndefined();
  });

  it('lists newest first', () => {
    insert(store, alice, 'old', T0);
    insert(store, alice, 'new', T0 + 1000);
    expect(store.list(alice).map((r) => r.id)).toEqual(['new', 'old']);
  });

  it('derives expired for an open session idle past its lifetime, never for opening', () => {
    insert(store, alice, 's1', T0, true);
    store.markOpen(alice, 's1', 'g', true, T0);
    const record = store.get(alice, 's1');
    if (record === undefined) throw new Error('missing');
    expect(toSessionView(record, T0 + SESSION_IDLE_LIMIT_MS.persistent - 1).status).toBe('open');
    const expired = toSessionView(record, T0 + SESSION_IDLE_LIMIT_MS.persistent);
    expect(expired.status).toBe('expired');
    expect(expired.expiresAt).toBe(new Date(T0 + SESSION_IDLE_LIMIT_MS.persistent).toISOString());
    expect(JSON.stringify(expired)).not.toContain('"g"');
    insert(store, alice, 's2', T0);
    const opening = store.get(alice, 's2');
    if (opening === undefined) throw new Error('missing');
    expect(toSessionView(opening, T0 + 3_600_000).status).toBe('opening');
  });

  it('validates rows read back: an unknown status or a missing Graph id is an error, not a crash', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wbs-reg-')), 'sub', 'registry.sqlite');
    const fileStore = new SqliteSessionStore(path);
    insert(fileStore, alice, 's1');
    insert(fileStore, alice, 's2');
    fileStore.close();
    const raw = new Database(path);
    raw.prepare("UPDATE sessions SET status = 'weird' WHERE id = 's1'").run();
    raw.prepare("UPDATE sessions SET status = 'open' WHERE id = 's2'").run();
    raw.close();
    const reopened = new SqliteSessionStore(path);
    try {
      expect(() => reopened.get(alice, 's1')).toThrow(RegistryRowError);
      expect(() => reopened.get(alice, 's2')).toThrow(/no Graph session id/);
    } finally {
      reopened.close();
    }
  });
});

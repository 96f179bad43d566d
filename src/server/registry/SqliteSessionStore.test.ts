import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { SESSION_IDLE_LIMIT_MS } from '../../shared/sessionLifetime';
import type { SessionOwner } from './SessionStore';
import { SqliteSessionStore } from './SqliteSessionStore';
import { toSessionView } from './sessionView';
import { closingRows, sessionStoreContract } from './testSupport/sessionStoreContract';

const alice: SessionOwner = { tenantId: 't1', userOid: 'alice' };
const T0 = Date.UTC(2027, 0, 1);
const lease = { holder: 'me', until: T0 + 60_000 };

const tempFile = (): string => join(mkdtempSync(join(tmpdir(), 'wbs-reg-')), 'sub', 'registry.sqlite');

sessionStoreContract('SqliteSessionStore', async (log) => {
  const path = tempFile();
  const store = new SqliteSessionStore(path, { log });
  return {
    store,
    async corrupt(id, column, value) {
      const raw = new Database(path);
      try {
        raw.prepare(`UPDATE sessions SET ${column} = ? WHERE id = ?`).run(value, id);
      } finally {
        raw.close();
      }
    },
    dispose: () => store.close(),
  };
});

describe('SqliteSessionStore', () => {
  it('derives expired for an open session idle past its lifetime, never for opening, and never shows the Graph id', async () => {
    const store = new SqliteSessionStore(':memory:');
    await store.insertOpening(
      {
        id: 's1',
        owner: alice,
        driveId: 'd',
        itemId: 'i',
        workbookName: 'w.xlsx',
        webUrl: null,
        persistChanges: true,
        now: T0,
      },
      lease,
    );
    await store.markOpen(alice, 's1', 'me', 'g', true, T0);
    const record = await store.get(alice, 's1');
    if (record === undefined) throw new Error('missing');
    expect(toSessionView(record, T0 + SESSION_IDLE_LIMIT_MS.persistent - 1).status).toBe('open');
    const expired = toSessionView(record, T0 + SESSION_IDLE_LIMIT_MS.persistent);
    expect(expired.status).toBe('expired');
    expect(expired.expiresAt).toBe(new Date(T0 + SESSION_IDLE_LIMIT_MS.persistent).toISOString());
    expect(JSON.stringify(expired)).not.toContain('"g"');
    await store.insertOpening(
      {
        id: 's2',
        owner: alice,
        driveId: 'd',
        itemId: 'i',
        workbookName: 'w.xlsx',
        webUrl: null,
        persistChanges: true,
        now: T0,
      },
      lease,
    );
    const opening = await store.get(alice, 's2');
    if (opening === undefined) throw new Error('missing');
    expect(toSessionView(opening, T0 + 3_600_000).status).toBe('opening');
    await store.close();
  });

  it('ends every lease of an earlier process when the file is opened (one process per file)', async () => {
    const path = tempFile();
    const before = new SqliteSessionStore(path);
    await before.insertOpening(
      {
        id: 'c1',
        owner: alice,
        driveId: 'd',
        itemId: 'i',
        workbookName: 'w.xlsx',
        webUrl: null,
        persistChanges: true,
        now: T0,
      },
      lease,
    );
    await before.markOpen(alice, 'c1', 'me', 'g', true, T0);
    await before.markClosing(alice, closingRows(['c1'], 'cred'), { holder: 'me', until: T0 + 3_600_000 }, T0);
    await before.close();
    const after = new SqliteSessionStore(path);
    expect(
      (await after.claimLapsedCloses({ holder: 'next', until: T0 + 60_000 }, T0 + 1, 10)).map((r) => r.id),
    ).toEqual(['c1']);
    await after.close();
  });

  it('upgrades a registry written before schema versions (claimed_by column) without losing rows', async () => {
    const path = tempFile();
    new SqliteSessionStore(path).close();
    const raw = new Database(path);
    raw.exec('DROP TABLE sessions');
    raw.exec(`CREATE TABLE sessions (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, user_oid TEXT NOT NULL, drive_id TEXT NOT NULL, item_id TEXT NOT NULL,
      workbook_name TEXT NOT NULL, web_url TEXT, persist_changes INTEGER NOT NULL, graph_session_id TEXT, status TEXT NOT NULL, opened_at INTEGER NOT NULL,
      last_activity_at INTEGER NOT NULL, claimed_by TEXT, close_credential TEXT)`);
    raw
      .prepare(
        `INSERT INTO sessions VALUES ('s1', 't1', 'alice', 'd', 'i', 'w.xlsx', NULL, 1, 'g', 'open', ?, ?, NULL, NULL)`,
      )
      .run(T0, T0);
    raw.pragma('user_version = 0');
    raw.close();
    const upgraded = new SqliteSessionStore(path);
    expect((await upgraded.list(alice)).map((r) => [r.id, r.status])).toEqual([['s1', 'open']]);
    await upgraded.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect((check.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map((c) => c.name)).not.toContain(
      'claimed_by',
    );
    check.close();
  });

  it('keeps its folder 0700 and its files 0600, and leaves no copy of a dropped credential in the file or its WAL', async () => {
    const path = tempFile();
    const store = new SqliteSessionStore(path);
    const secret = 'SEALED-CREDENTIAL-7f3a9c';
    for (const id of ['c1', 'c2']) {
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
        lease,
      );
      await store.markOpen(alice, id, 'me', `g=${id}`, true, T0);
    }
    await store.markClosing(alice, closingRows(['c1', 'c2'], secret), lease, T0);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.settleClosing(alice, 'me', { deleted: ['c1'], reopened: ['c2'] });
    const onDisk = [path, `${path}-wal`].map((file) => readFileSync(file).toString('latin1')).join('');
    expect(onDisk).not.toContain(secret);
    await store.close();
  });

  it('refuses a registry written by a newer version', () => {
    const path = tempFile();
    new SqliteSessionStore(path).close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new SqliteSessionStore(path)).toThrow(/newer version/);
  });
});

/**
 * The middle tier (against fake Entra + Graph) when its registry misbehaves: a malformed row in
 * the registry does not hide the user's other sessions, a PostgreSQL registry that cannot be
 * reached leaves the server up, not ready, answering 503 with the envelope, and a close that Graph
 * answered while the registry went away answers what Graph did and is settled once it is back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseApiErrorEnvelope } from '../../../src/shared/errors';
import { createServer, type RunningServer } from '../../../src/server/app';
import { call, closeTestAgent } from '../../support/httpsCall';
import { ssoAuthorization, startFakeUpstream, TEST_TENANT, type FakeUpstream } from '../../support/fakeUpstream';
import { testConfig } from '../../support/testConfig';
import { freePort } from '../../support/freePort';
import { eventually } from '../../support/eventually';
import { createTestDatabase } from '../../support/postgres';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

let upstream: FakeUpstream;
let auth: { authorization: string };

beforeAll(async () => {
  upstream = await startFakeUpstream();
  upstream.handler = (req) => {
    if (req.path.startsWith(`/${TEST_TENANT}/oauth2/v2.0/token`))
      return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' } };
    if (req.path.startsWith('/v1.0/drives/')) {
      if (req.path.endsWith('/createSession'))
        return { status: 201, body: { id: `g=${Math.random()}`, persistChanges: true } };
      return { status: 200, body: { id: '01ITEM', name: 'Budget.xlsx', parentReference: { driveId: 'b!drive1' } } };
    }
    return undefined;
  };
  auth = await ssoAuthorization(upstream);
});
afterAll(async () => {
  await upstream.close();
  await closeTestAgent();
});

it('lists the user’s other sessions when one registry row is malformed (and says which row in the log)', async () => {
  const registryPath = join(mkdtempSync(join(tmpdir(), 'wbs-bad-row-')), 'registry.sqlite');
  const lines: string[] = [];
  const server: RunningServer = await createServer(testConfig(upstream.url, { registryPath, logLevel: 'error' }), {
    logStream: { write: (line) => lines.push(line) },
  });
  try {
    const base = await server.listen();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(base, 'POST', '/api/sessions', {
        headers: auth,
        json: { driveId: 'b!drive1', itemId: '01ITEM', persistChanges: true },
      });
      expect(res.status).toBe(201);
      ids.push((res.json() as { session: { id: string } }).session.id);
    }
    const raw = new Database(registryPath);
    raw.prepare("UPDATE sessions SET status = 'half-closed' WHERE id = ?").run(ids[1]);
    raw.close();
    const listed = await call(base, 'GET', '/api/sessions', { headers: auth });
    expect(listed.status).toBe(200);
    expect((listed.json() as { sessions: { id: string }[] }).sessions.map((s) => s.id).sort()).toEqual(
      [ids[0], ids[2]].sort(),
    );
    expect(lines.some((line) => line.includes(`"registryRow":"${ids[1]}"`))).toBe(true);
  } finally {
    await server.close();
  }
});

it('starts without its PostgreSQL registry, not ready, answering 503 serviceUnavailable and changing nothing', async () => {
  const port = await freePort(); // nothing listens there
  const server = await createServer(
    testConfig(upstream.url, { registryUrl: `postgres://wbs@127.0.0.1:${port}/registry` }),
  );
  const creates = (): number => upstream.requests.filter((r) => r.path.endsWith('/createSession')).length;
  const createsBefore = creates();
  try {
    const base = await server.listen();
    await expect(server.registry.ping()).rejects.toMatchObject({ code: 'serviceUnavailable' });
    const listed = await call(base, 'GET', '/api/sessions', { headers: auth });
    expect(listed.status).toBe(503);
    expect(parseApiErrorEnvelope(listed.json())?.error.code).toBe('serviceUnavailable');
    const opened = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { driveId: 'b!drive1', itemId: '01ITEM', persistChanges: true },
    });
    expect(opened.status).toBe(503);
    // Refused before Graph was asked: nothing was created that the registry could not record.
    expect(creates()).toBe(createsBefore);
  } finally {
    await server.close();
  }
}, 30_000);

/** A TCP relay to the database that the test can cut (every connection dropped, new ones refused) and restore. */
async function cuttableRelay(target: {
  hostname: string;
  port: number;
}): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  let open = true;
  const sockets = new Set<Socket>();
  const relay = createTcpServer((client) => {
    if (!open) return void client.destroy();
    const server = connect(target.port, target.hostname);
    for (const [a, b] of [
      [client, server],
      [server, client],
    ] as const) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => (sockets.delete(a), b.destroy()));
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const cut = (): void => {
    open = false;
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: (relay.address() as AddressInfo).port,
    cut,
    restore: () => void (open = true),
    close: () => new Promise<void>((resolve) => (cut(), relay.close(() => resolve()))),
  };
}

it('answers a close that Graph confirmed while the PostgreSQL registry went away, and settles the row once the registry is back', async () => {
  const database = await createTestDatabase();
  const url = new URL(database.url);
  const relay = await cuttableRelay({ hostname: url.hostname, port: Number(url.port) });
  url.port = String(relay.port);
  const server = await createServer(testConfig(upstream.url, { registryUrl: url.toString() }));
  const graphHandler = upstream.handler;
  try {
    const base = await server.listen();
    await eventually(async () => (await call(base, 'GET', '/api/sessions', { headers: auth })).status, 200);
    const opened = await call(base, 'POST', '/api/sessions', {
      headers: auth,
      json: { driveId: 'b!drive1', itemId: '01ITEM', persistChanges: true },
    });
    expect(opened.status).toBe(201);
    const id = (opened.json() as { session: { id: string } }).session.id;

    // Graph closes the session; the database goes away before the middle tier records it.
    upstream.handler = (req) => {
      if (!req.path.endsWith('/closeSession')) return graphHandler(req);
      relay.cut();
      return { status: 204 };
    };
    const closed = await call(base, 'DELETE', `/api/sessions/${id}`, { headers: auth });
    expect([closed.status, closed.json()]).toEqual([200, { id, outcome: 'closed' }]);
    expect((await call(base, 'GET', '/api/sessions', { headers: auth })).status).toBe(503);

    // Back: the list catches up by itself, without the user closing it again.
    relay.restore();
    await eventually(
      async () => {
        const listed = await call(base, 'GET', '/api/sessions', { headers: auth });
        return listed.status === 200 ? (listed.json() as { sessions: unknown[] }).sessions : listed.status;
      },
      [],
      15_000,
    );
  } finally {
    upstream.handler = graphHandler;
    await server.close();
    await relay.close();
    await database.drop();
  }
}, 60_000);

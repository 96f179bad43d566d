// The caller's own OneDrive (/me/drive/items/{id}, /me/drive/root:/{path}:) and long-running
// createSession (Prefer: respond-async → 202 + workbookOperation → sessionInfoResource).
import { graphErrorCodes } from '../../../src/shared/graph';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, type TestEmulator } from '../../support/testEmulator';

let t: TestEmulator;
let clockMs = Date.parse('2027-03-01T09:00:00Z');
let megan: Record<string, string>;
const forecast = SEED_WORKBOOKS.forecast;

beforeAll(async () => {
  t = await startTestEmulator({ now: () => clockMs });
});
afterAll(async () => t.close());
beforeEach(async () => {
  t.emulator.reset();
  megan = { authorization: `Bearer ${await t.graphToken(SEED_USERS.megan.oid)}` };
});

const post = (
  path: string,
  headers: Record<string, string>,
  body = '{"persistChanges":true}',
): ReturnType<TestEmulator['call']> => t.call(path, { method: 'POST', headers, body });

describe('/me/drive addressing', () => {
  it('opens, refreshes and closes a session on a OneDrive file by item id and by path from the drive root', async () => {
    const byId = `/v1.0/me/drive/items/${forecast.itemId}/workbook`;
    const byPath = '/v1.0/me/drive/root:/Q3%20Forecast.xlsx:/workbook';
    const created = await post(`${byId}/createSession`, megan);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Both forms and the /drives form name the same workbook, so the session is valid on each.
    expect((await post(`${byPath}/refreshSession`, { ...megan, 'workbook-session-id': id }, '')).status).toBe(204);
    expect(
      (
        await post(
          `/v1.0/drives/${forecast.driveId}/items/${forecast.itemId}/workbook/refreshSession`,
          { ...megan, 'workbook-session-id': id },
          '',
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await post(
          `${byPath.replace('Q3%20Forecast', 'q3%20forecast')}/closeSession`,
          { ...megan, 'workbook-session-id': id },
          '',
        )
      ).status,
    ).toBe(204);
  });

  it("404s a team-site item, another user's file and an unknown path", async () => {
    const ana = { authorization: `Bearer ${await t.graphToken(SEED_USERS.ana.oid)}` };
    expect(
      (await post(`/v1.0/me/drive/items/${SEED_WORKBOOKS.presupuesto.itemId}/workbook/createSession`, megan)).status,
    ).toBe(404);
    expect((await post(`/v1.0/me/drive/items/${forecast.itemId}/workbook/createSession`, ana)).status).toBe(404);
    const unknown = await post('/v1.0/me/drive/root:/Documents/Q3%20Forecast.xlsx:/workbook/createSession', megan);
    expect(unknown.status).toBe(404);
    expect(graphErrorCodes(await unknown.json())).toEqual(['itemnotfound']);
  });

  it("GET /me/drive is the caller's own OneDrive, with its owner; a user with none gets 404", async () => {
    const drive = await t.call('/v1.0/me/drive?$select=id', { headers: megan });
    expect(drive.status).toBe(200);
    expect(await drive.json()).toMatchObject({
      id: forecast.driveId,
      driveType: 'business',
      owner: { user: { id: SEED_USERS.megan.oid } },
    });
    const diego = await t.call('/v1.0/me/drive', {
      headers: { authorization: `Bearer ${await t.graphToken('0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9')}` },
    });
    expect(diego.status).toBe(404);
    expect((await t.call('/v1.0/me/drive', { method: 'POST', headers: megan, body: '{}' })).status).toBe(405);
  });

  it('serves the same driveItem by path as by ids', async () => {
    const item = await t.call('/v1.0/me/drive/root:/Q3%20Forecast.xlsx', { headers: megan });
    expect(item.status).toBe(200);
    expect(await item.json()).toMatchObject({
      id: forecast.itemId,
      parentReference: { driveId: forecast.driveId, driveType: 'business' },
    });
  });
});

describe('Prefer: respond-async', () => {
  const base = `/v1.0/me/drive/items/${forecast.itemId}/workbook`;

  it('answers 201 at once when no slow start is configured', async () => {
    expect((await post(`${base}/createSession`, { ...megan, prefer: 'respond-async' })).status).toBe(201);
  });

  it('answers 202 + Location, then the operation runs, succeeds and points at the session info', async () => {
    await t.ctl.setAsyncCreate({ delayMs: 4000 });
    const accepted = await post(
      `${base}/createSession`,
      { ...megan, prefer: 'respond-async' },
      '{"persistChanges":false}',
    );
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location') ?? '';
    expect(location).toMatch(
      new RegExp(
        `^${t.emulator.origins.graph}/v1\\.0/me/drive/items/${forecast.itemId}/workbook/operations/[0-9a-f-]{36}$`,
      ),
    );
    const poll = async (): Promise<{ id: string; status: string; resourceLocation?: string }> =>
      (await (await t.call(location.slice(t.emulator.origins.graph.length), { headers: megan })).json()) as {
        id: string;
        status: string;
      };

    expect((await poll()).status).toBe('notStarted');
    clockMs += 2500;
    expect((await poll()).status).toBe('running');
    clockMs += 2000;
    const done = await poll();
    expect(done.status).toBe('succeeded');
    const info = await t.call((done.resourceLocation ?? '').slice(t.emulator.origins.graph.length), { headers: megan });
    expect(info.status).toBe(200);
    const session = (await info.json()) as { id: string; persistChanges: boolean };
    expect(session.persistChanges).toBe(false);
    expect((await post(`${base}/closeSession`, { ...megan, 'workbook-session-id': session.id }, '')).status).toBe(204);
  });

  it('reports a failed operation as 200 with status failed, and hides operations from other users', async () => {
    await t.ctl.setAsyncCreate({ delayMs: 1000, outcome: 'failed' });
    const accepted = await post(`${base}/createSession`, { ...megan, prefer: 'odata.maxpagesize=5, respond-async' });
    const path = (accepted.headers.get('location') ?? '').slice(t.emulator.origins.graph.length);
    clockMs += 1000;
    const failed = await t.call(path, { headers: megan });
    expect(await failed.json()).toMatchObject({
      status: 'failed',
      error: { code: 'internalServerError', innerError: { code: 'internalServerErrorUncategorized' } },
    });
    const anaPath = path.replace(
      `/me/drive/items/${forecast.itemId}`,
      `/drives/${forecast.driveId}/items/${forecast.itemId}`,
    );
    const ana = { authorization: `Bearer ${await t.graphToken(SEED_USERS.ana.oid)}` };
    // Ana may not open Megan's file at all: the workbook API refuses it before looking for the operation.
    expect((await t.call(anaPath, { headers: ana })).status).toBe(403);
    expect((await t.call(`${base}/operations/unknown`, { headers: megan })).status).toBe(404);
  });
});

describe('activity', () => {
  it('counts a sessionful workbook request (a poll carrying workbook-session-id) as activity, like refreshSession', async () => {
    const workbook = `/v1.0/me/drive/items/${forecast.itemId}/workbook`;
    const created = await post(`${workbook}/createSession`, megan);
    const { id } = (await created.json()) as { id: string };
    await t.ctl.setAsyncCreate({ delayMs: 60_000 });
    const accepted = await post(`${workbook}/createSession`, { ...megan, prefer: 'respond-async' });
    const operation = new URL(String(accepted.headers.get('location'))).pathname;
    // 4 minutes idle, then a poll that names the session: the persistent 5-minute limit restarts.
    clockMs += 4 * 60_000;
    expect((await t.call(operation, { headers: { ...megan, 'workbook-session-id': id } })).status).toBe(200);
    clockMs += 4 * 60_000;
    expect((await post(`${workbook}/refreshSession`, { ...megan, 'workbook-session-id': id }, '')).status).toBe(204);
    // A poll without the header is not activity for it.
    clockMs += 4 * 60_000;
    expect((await t.call(operation, { headers: megan })).status).toBe(200);
    clockMs += 60_000;
    expect((await post(`${workbook}/refreshSession`, { ...megan, 'workbook-session-id': id }, '')).status).toBe(404);
  });
});

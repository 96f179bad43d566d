// What Graph answers besides the payload (headers), the driveItem's Doc.aspx webUrl and
// @odata.context, and permissions per workbook (403 shapes, files shared with a user).
import { encodeSharingUrl } from '../../../src/shared/sharesEncoding';
import { FABRIKAM_USERS, SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, type TestEmulator } from '../../support/testEmulator';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());
beforeEach(() => t.emulator.reset());

const bearer = async (oid: string): Promise<Record<string, string>> => ({
  authorization: `Bearer ${await t.graphToken(oid)}`,
});
const itemPath = (w: { driveId: string; itemId: string }): string => `/v1.0/drives/${w.driveId}/items/${w.itemId}`;
const createSession = async (
  w: { driveId: string; itemId: string },
  headers: Record<string, string>,
): Promise<Response> =>
  (await t.call(`${itemPath(w)}/workbook/createSession`, {
    method: 'POST',
    headers,
    body: '{"persistChanges":true}',
  })) as unknown as Response;

interface Envelope {
  error: { code: string; message: string; innerError: { code?: string; 'request-id': string } };
}

describe('Graph response headers', () => {
  it('carries x-ms-ags-diagnostic, HSTS, Cache-Control and OData-Version on successes and errors alike', async () => {
    const ok = await t.call(itemPath(SEED_WORKBOOKS.presupuesto), { headers: await bearer(SEED_USERS.megan.oid) });
    const unauthenticated = await t.call(itemPath(SEED_WORKBOOKS.presupuesto));
    const notImplemented = await t.call('/v1.0/me/messages');
    for (const response of [ok, unauthenticated, notImplemented]) {
      expect(JSON.parse(response.headers.get('x-ms-ags-diagnostic') ?? '{}')).toMatchObject({
        ServerInfo: { DataCenter: expect.any(String) },
      });
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(response.headers.get('cache-control')).toBe('private');
      expect(response.headers.get('odata-version')).toBe('4.0');
      expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect([ok.status, unauthenticated.status, notImplemented.status]).toEqual([200, 401, 501]);
  });
});

describe('driveItem', () => {
  it('gives the Doc.aspx webUrl and the @odata.context of how the item was addressed', async () => {
    const megan = await bearer(SEED_USERS.megan.oid);
    const wb = SEED_WORKBOOKS.presupuesto;
    const byIds = (await (await t.call(itemPath(wb), { headers: megan })).json()) as Record<string, unknown>;
    expect(byIds.webUrl).toBe(
      `https://contoso.sharepoint.com/sites/Finanzas/_layouts/15/Doc.aspx?sourcedoc=%7B${wb.uniqueId}%7D&file=Presupuesto%202027.xlsx&action=default&mobileredirect=true`,
    );
    expect(byIds['@odata.context']).toBe(
      `${t.emulator.origins.graph}/v1.0/$metadata#drives('${encodeURIComponent(wb.driveId).replace('!', '%21')}')/items/$entity`,
    );

    const share = encodeSharingUrl(wb.webUrl);
    const byShare = (await (await t.call(`/v1.0/shares/${share}/driveItem`, { headers: megan })).json()) as Record<
      string,
      unknown
    >;
    expect(byShare['@odata.context']).toBe(
      `${t.emulator.origins.graph}/v1.0/$metadata#shares('${share.replace('!', '%21')}')/driveItem/$entity`,
    );
    expect(byShare.webUrl).toBe(byIds.webUrl);

    const forecast = SEED_WORKBOOKS.forecast;
    const mine = (await (await t.call(`/v1.0/me/drive/items/${forecast.itemId}`, { headers: megan })).json()) as Record<
      string,
      unknown
    >;
    expect(mine['@odata.context']).toBe(
      `${t.emulator.origins.graph}/v1.0/$metadata#users('${SEED_USERS.megan.oid}')/drive/items/$entity`,
    );
    expect(mine.webUrl).toMatch(
      /^https:\/\/contoso-my\.sharepoint\.com\/personal\/megan_contoso_onmicrosoft_com\/_layouts\/15\/Doc\.aspx\?sourcedoc=%7B/,
    );

    // The Doc.aspx webUrl itself resolves through /shares to the same item.
    const again = await t.call(`/v1.0/shares/${encodeSharingUrl(String(byIds.webUrl))}/driveItem`, { headers: megan });
    expect(((await again.json()) as { id: string }).id).toBe(wb.itemId);
  });
});

describe('permissions per workbook', () => {
  it('answers 403 FileOpenUserUnauthorized on workbook calls and 403 on /shares for a file of the tenant not shared with the caller', async () => {
    const ana = await bearer(SEED_USERS.ana.oid);
    const board = SEED_WORKBOOKS.board;
    const created = await createSession(board, ana);
    expect(created.status).toBe(403);
    expect(((await created.json()) as Envelope).error).toMatchObject({
      code: 'FileOpenUserUnauthorized',
      message: 'You do not have permissions to open this file in the browser.',
      innerError: { code: 'unauthorizedUncategorized' },
    });
    const shares = await t.call(`/v1.0/shares/${encodeSharingUrl(board.webUrl)}/driveItem`, { headers: ana });
    expect(shares.status).toBe(403);
    expect(((await shares.json()) as Envelope).error).toMatchObject({
      code: 'accessDenied',
      message: 'The sharing link no longer exists, or you do not have permission to access it.',
    });
    expect((await createSession(board, await bearer(SEED_USERS.megan.oid))).status).toBe(201);
  });

  it('lets a user open a file shared with them through its URL and ids, but not through their own /me/drive', async () => {
    const ana = await bearer(SEED_USERS.ana.oid);
    const plan = SEED_WORKBOOKS.plan;
    const item = await t.call(`/v1.0/shares/${encodeSharingUrl(plan.webUrl)}/driveItem`, { headers: ana });
    expect(item.status).toBe(200);
    expect((await createSession(plan, ana)).status).toBe(201);
    expect(
      (
        await t.call(`/v1.0/me/drive/items/${plan.itemId}/workbook/createSession`, {
          method: 'POST',
          headers: ana,
          body: '{"persistChanges":true}',
        })
      ).status,
    ).toBe(404);
  });

  it('follows sharing changed at run time through the control API, and reset restores it', async () => {
    const ana = await bearer(SEED_USERS.ana.oid);
    const forecast = SEED_WORKBOOKS.forecast;
    expect((await createSession(forecast, ana)).status).toBe(403);
    const updated = await t.ctl.shareWorkbook(forecast.itemId, [SEED_USERS.ana.oid]);
    expect(updated.sharedWith).toEqual([SEED_USERS.ana.oid]);
    expect((await createSession(forecast, ana)).status).toBe(201);
    await t.ctl.shareWorkbook(SEED_WORKBOOKS.presupuesto.itemId, []);
    expect((await createSession(SEED_WORKBOOKS.presupuesto, ana)).status).toBe(403);
    await t.ctl.reset();
    expect((await createSession(forecast, ana)).status).toBe(403);
    expect((await createSession(SEED_WORKBOOKS.presupuesto, ana)).status).toBe(201);
  });

  it('validates the sharing body and the item id', async () => {
    expect(
      (
        await t.ctl.call('POST', `/_emulator/workbooks/${SEED_WORKBOOKS.forecast.itemId}/access`, {
          sharedWith: 'everyone',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.ctl.call('POST', `/_emulator/workbooks/${SEED_WORKBOOKS.forecast.itemId}/access`, {
          sharedWith: ['00000000-0000-4000-8000-000000000000'],
        })
      ).status,
    ).toBe(400);
    expect(
      (await t.ctl.call('POST', '/_emulator/workbooks/01NOSUCHITEM/access', { sharedWith: 'tenant' })).status,
    ).toBe(404);
  });

  it("does not show another tenant's drives: a Fabrikam user addressing a Contoso item gets 404", async () => {
    const diego = await bearer(FABRIKAM_USERS.diego.oid);
    expect((await t.call(itemPath(SEED_WORKBOOKS.presupuesto), { headers: diego })).status).toBe(404);
    expect(
      (
        await t.call(`/v1.0/shares/${encodeSharingUrl(SEED_WORKBOOKS.presupuesto.webUrl)}/driveItem`, {
          headers: diego,
        })
      ).status,
    ).toBe(403);
  });
});

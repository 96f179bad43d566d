/**
 * Graph gives an Office file's webUrl in the browser's Doc.aspx form, while Office reports the
 * file's location URL: the session a person opens from a document URL keeps that URL (the
 * contract's webUrl, which the pane matches against `Office.context.document.url`); one opened
 * by ids keeps Graph's link.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { SessionResponse } from '../../src/shared/api';
import { ssoTokenFor } from '../support/emulatorControl';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
}, 30_000);
afterAll(async () => stack?.close());

async function open(body: unknown): Promise<SessionResponse['session']> {
  const token = await ssoTokenFor(stack, SEED_USERS.megan.oid);
  const res = await httpsJson(stack, `${stack.addinUrl}/api/sessions`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(201);
  return (res.body as SessionResponse).session;
}

it('keeps the document URL a session was opened from, and Graph’s Doc.aspx link for one opened by ids', async () => {
  const wb = SEED_WORKBOOKS.presupuesto;
  const byUrl = await open({ documentUrl: wb.webUrl, persistChanges: true });
  expect(byUrl.workbook.webUrl).toBe(wb.webUrl);
  const byIds = await open({ driveId: wb.driveId, itemId: wb.itemId, persistChanges: true });
  expect(byIds.workbook.webUrl).toMatch(
    /^https:\/\/contoso\.sharepoint\.com\/sites\/Finanzas\/_layouts\/15\/Doc\.aspx\?sourcedoc=%7B/,
  );
  expect([byUrl.workbook.itemId, byIds.workbook.itemId]).toEqual([wb.itemId, wb.itemId]);
});

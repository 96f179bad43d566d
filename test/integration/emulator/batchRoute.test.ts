// POST /v1.0/$batch over HTTPS: items behave exactly like plain requests, headers included.
import { graphErrorCodes } from '../../../src/shared/graph';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, type TestEmulator } from '../../support/testEmulator';

let t: TestEmulator;
let auth: Record<string, string>;
const wb = SEED_WORKBOOKS.presupuesto;
const workbookUrl = `/drives/${wb.driveId}/items/${wb.itemId}/workbook`;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => t.close());
beforeEach(async () => {
  t.emulator.reset();
  auth = { authorization: `Bearer ${await t.graphToken(SEED_USERS.megan.oid)}`, 'content-type': 'application/json' };
});

interface BatchAnswer {
  responses: { id: string; status: number; headers: Record<string, string>; body?: { id?: string } }[];
}

const batch = (body: unknown, headers = auth): ReturnType<TestEmulator['call']> =>
  t.call('/v1.0/$batch', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

it('creates a session in one item and closes it in a dependent item with workbook-session-id in its headers', async () => {
  const created = await batch({
    requests: [
      {
        id: 'c',
        method: 'POST',
        url: `${workbookUrl}/createSession`,
        headers: { 'Content-Type': 'application/json' },
        body: { persistChanges: true },
      },
    ],
  });
  expect(created.status).toBe(200);
  const first = ((await created.json()) as BatchAnswer).responses[0];
  expect(first).toMatchObject({
    id: 'c',
    status: 201,
    headers: { 'Content-Type': expect.stringContaining('application/json') },
    body: { persistChanges: true },
  });
  const sessionId = first?.body?.id ?? '';

  const closed = await batch({
    requests: [
      {
        id: 'refresh',
        method: 'POST',
        url: `${workbookUrl}/refreshSession`,
        headers: { 'Workbook-Session-Id': sessionId },
      },
      {
        id: 'close',
        method: 'POST',
        url: `${workbookUrl.slice(1)}/closeSession`,
        headers: { 'workbook-session-id': sessionId },
        dependsOn: ['REFRESH'],
      },
      {
        id: 'again',
        method: 'POST',
        url: `${workbookUrl}/closeSession`,
        headers: { 'workbook-session-id': sessionId },
        dependsOn: ['close'],
      },
      { id: 'missing', method: 'POST', url: `${workbookUrl}/closeSession` },
    ],
  });
  const { responses } = (await closed.json()) as BatchAnswer;
  expect(responses.map((r) => [r.id, r.status])).toEqual([
    ['refresh', 204],
    ['close', 204],
    ['again', 404],
    ['missing', 400],
  ]);
  expect(graphErrorCodes(responses[2]?.body)).toEqual(['notfound', 'invalidsessionrecreatable']);
});

it('serves /shares and driveItem inside a batch and answers 501 or 405 per item for the rest', async () => {
  const response = await batch({
    requests: [
      { id: '1', method: 'GET', url: `/drives/${wb.driveId}/items/${wb.itemId}` },
      { id: '2', method: 'GET', url: '/me/messages' },
      { id: '3', method: 'GET', url: `${workbookUrl}/closeSession` },
      {
        id: '4',
        method: 'POST',
        url: '/$batch',
        headers: { 'content-type': 'application/json' },
        body: { requests: [] },
      },
      { id: '5', method: 'GET', url: `https://graph.microsoft.com/v1.0/drives/${wb.driveId}/items/${wb.itemId}` },
    ],
  });
  const { responses } = (await response.json()) as BatchAnswer;
  expect(responses.map((r) => r.status)).toEqual([200, 501, 405, 501, 400]);
});

it('fails the whole batch with 400 for 21 requests or a body that is not JSON, and 401 without a token', async () => {
  const many = { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' })) };
  const tooMany = await batch(many);
  expect(tooMany.status).toBe(400);
  expect((await tooMany.json()) as object).toHaveProperty('error.innerError.request-id');
  expect((await batch('not json')).status).toBe(400);
  expect((await batch(many, { 'content-type': 'application/json' })).status).toBe(401);
  expect((await t.call('/v1.0/$batch')).status).toBe(405);
});

/**
 * The production build in real Chromium: the dev host page shows the task pane, a person opens a
 * session on the open workbook, clicks Close, and the row disappears once the middle tier
 * confirms — and the emulator saw closeSession with the right workbook-session-id header.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { OFFICE_JS_CDN_URL } from '../../src/server/config';
import { emulatorState } from '../support/emulatorControl';
import { eventually } from '../support/eventually';
import { launchChromium, loopbackContext, requireProductionBuild } from '../support/browser';
import { startLocalStack, type LocalStack } from '../support/localStack';

const root = join(__dirname, '..', '..');
const reports = join(root, 'reports');
jest.setTimeout(60_000);

let browser: Browser;
beforeAll(async () => {
  requireProductionBuild();
  mkdirSync(reports, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

describe('in local mode (office.js in the emulated Excel on the web)', () => {
  let stack: LocalStack;
  let page: Page;
  let pane: FrameLocator;
  let refused: string[];
  let cspViolations: string[];

  beforeAll(async () => {
    stack = await startLocalStack();
  }, 30_000);
  afterAll(async () => stack?.close());

  beforeEach(async () => {
    const loopback = await loopbackContext(browser);
    refused = loopback.refused;
    cspViolations = loopback.cspViolations;
    page = await loopback.context.newPage();
    await page.goto(`${stack.emulatorUrl}/`);
    pane = page.frameLocator('iframe[title="Workbook Sessions task pane"]');
  });
  afterEach(async () => {
    await page?.context().close();
    expect(cspViolations).toEqual([]);
  });

  async function choose(userOid: string, workbookItemId: string, language: string): Promise<void> {
    // Each choice reloads the task pane, as switching documents in Excel would. Reloading the
    // whole page afterwards makes sure no click lands in a pane that is about to be replaced.
    await page.getByLabel('Signed-in user').selectOption(userOid);
    await page.getByLabel('Open workbook').selectOption(workbookItemId);
    await page.getByLabel('Office display language').selectOption(language);
    await eventually(async () => hostContextOf(await emulatorState(stack)), { userOid, workbookItemId, language });
    await page.reload();
    await expect(page.getByLabel('Open workbook').inputValue()).resolves.toBe(workbookItemId);
  }

  it('opens a session, closes it, and the row disappears when the middle tier confirms', async () => {
    const wb = SEED_WORKBOOKS.forecast;
    await choose(SEED_USERS.megan.oid, wb.itemId, 'en-US');
    await pane.getByRole('button', { name: 'Open session' }).click();

    const close = pane.getByRole('button', { name: `Close session on ${wb.name}` });
    await close.waitFor({ state: 'visible' });
    await expectRowCount(pane, wb.name, 1);
    await page.screenshot({ path: join(reports, 'taskpane-open-session.png') });

    let state = await emulatorState(stack);
    const graphSession = state.sessions.find((s) => s.workbook.itemId === wb.itemId && s.status === 'open');
    expect(graphSession?.userOid).toBe(SEED_USERS.megan.oid);

    await close.click();
    await close.waitFor({ state: 'detached' });
    await expectRowCount(pane, wb.name, 0);

    state = await emulatorState(stack);
    expect(state.sessions.find((s) => s.id === graphSession?.id)?.status).toBe('closed');
    const closeCalls = state.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/workbook/closeSession'));
    expect(closeCalls.map((r) => [r.status, r.headers['workbook-session-id']])).toEqual([[204, graphSession?.id]]);
    // The Graph token never reached the browser, and nothing left the machine.
    expect(refused).toEqual([]);
  });

  it('speaks Spanish to a Spanish-speaking user', async () => {
    await choose(SEED_USERS.ana.oid, SEED_WORKBOOKS.gastos.itemId, 'es-ES');
    await pane.getByRole('heading', { name: 'Sesiones de libro', exact: true }).waitFor();
    await pane.getByRole('button', { name: 'Abrir sesión' }).click();
    await pane.getByRole('button', { name: `Cerrar la sesión de libro en ${SEED_WORKBOOKS.gastos.name}` }).waitFor();
    await page.screenshot({ path: join(reports, 'taskpane-es.png') });
  });
});

describe('the production page outside Office', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ serverEnv: { OFFICE_JS_URL: OFFICE_JS_CDN_URL } });
  }, 30_000);
  afterAll(async () => stack?.close());

  it("loads Microsoft's office.js (routed to the local copy) and tells the person to open it in Excel", async () => {
    const { context, cspViolations } = await loopbackContext(browser);
    const page = await context.newPage();
    const officeJs: string[] = [];
    page.on('request', (r) => r.url().startsWith('https://appsforoffice.microsoft.com/') && officeJs.push(r.url()));
    await page.goto(`${stack.addinUrl}/taskpane.html`);
    await page.getByText('Open this add-in in Excel').waitFor();
    expect(officeJs[0]).toBe(OFFICE_JS_CDN_URL);
    await context.close();
    expect(cspViolations).toEqual([]);
  });
});

function hostContextOf(state: unknown): { userOid: string; workbookItemId: string | undefined; language: string } {
  const ctx = (state as { hostContext: { user: { oid: string }; documentUrl: string | null; displayLanguage: string } })
    .hostContext;
  const workbook = Object.values(SEED_WORKBOOKS).find((w) => w.webUrl === ctx.documentUrl);
  return { userOid: ctx.user.oid, workbookItemId: workbook?.itemId, language: ctx.displayLanguage };
}

async function expectRowCount(pane: FrameLocator, workbookName: string, count: number): Promise<void> {
  await eventually(() => pane.getByRole('listitem').filter({ hasText: workbookName }).count(), count);
}

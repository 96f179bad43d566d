/**
 * "Close all sessions" in real Chromium against the production build in local mode: a person
 * opens three sessions on one workbook, closes them all after confirming, and the rows go away —
 * and Graph (the emulator) saw all three closed through ONE `$batch` request, not three closes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/seed';
import { launchChromium, loopbackContext, requireProductionBuild } from '../helpers/browser';
import { resetEmulator, taskPane } from '../helpers/devHostPage';
import { emulatorState } from '../helpers/emulatorControl';
import { eventually } from '../helpers/eventually';
import { startLocalStack, type LocalStack } from '../helpers/localStack';

const reports = join(__dirname, '..', '..', 'reports');
jest.setTimeout(60_000);

let browser: Browser;
let stack: LocalStack;
let page: Page;
let pane: FrameLocator;
let pageErrors: string[];
let refused: string[];

beforeAll(async () => {
  requireProductionBuild();
  mkdirSync(reports, { recursive: true });
  browser = await launchChromium();
  stack = await startLocalStack();
}, 30_000);
afterAll(async () => {
  await stack?.close();
  await browser?.close();
});

beforeEach(async () => {
  await resetEmulator(stack);
  const loopback = await loopbackContext(browser);
  refused = loopback.refused;
  page = await loopback.context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${stack.emulatorUrl}/`);
  pane = taskPane(page);
});
afterEach(async () => {
  await page?.context().close();
  expect(pageErrors).toEqual([]);
});

const closeButtons = (): Promise<number> => pane.getByRole('button', { name: /^Close session on / }).count();

it('closes three sessions of one workbook with one confirmation and one Graph $batch', async () => {
  // The dev host starts as Megan with the team-site budget workbook open.
  const workbook = SEED_WORKBOOKS.presupuesto;
  const open = pane.getByRole('button', { name: 'Open session' });
  for (let count = 1; count <= 3; count++) {
    await open.click();
    await eventually(closeButtons, count);
  }
  let state = await emulatorState(stack);
  const opened = state.sessions.filter((s) => s.workbook.itemId === workbook.itemId && s.status === 'open');
  expect(opened).toHaveLength(3);
  expect(opened.every((s) => s.userOid === SEED_USERS.megan.oid)).toBe(true);

  await page.screenshot({ path: join(reports, 'taskpane-close-all.png') });
  await pane.getByRole('button', { name: 'Close all sessions' }).click();
  const dialog = pane.getByRole('dialog', { name: 'Close all 3 sessions?' });
  await dialog.waitFor();
  // Let the dialog's entrance animation finish so the screenshot shows it as a person sees it.
  await dialog.evaluate((surface) => Promise.all(surface.getAnimations({ subtree: true }).map((animation: { finished: Promise<unknown> }) => animation.finished)));
  await page.screenshot({ path: join(reports, 'taskpane-close-all-dialog.png') });
  await dialog.getByRole('button', { name: 'Close all', exact: true }).click();

  await pane.getByText('No open sessions').waitFor();
  // The dialog's modal hides the rest of the pane from assistive technology while open; once it
  // is gone the pane must be reachable by role again (else the counts below would be vacuous).
  await pane.getByRole('heading', { name: 'Your sessions' }).waitFor();
  expect(await pane.locator('[aria-hidden="true"]').filter({ hasText: 'Your sessions' }).count()).toBe(0);
  expect(await closeButtons()).toBe(0);
  expect(await pane.getByRole('alert').count()).toBe(0);
  await eventually(() => pane.getByRole('status').textContent(), 'Closed 3 sessions.');

  state = await emulatorState(stack);
  const statusOf = new Map(state.sessions.map((s) => [s.id, s.status]));
  expect(opened.map((s) => statusOf.get(s.id))).toEqual(['closed', 'closed', 'closed']);
  const batches = state.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/$batch');
  expect(batches.map((r) => r.status)).toEqual([200]);
  // The three closes travelled inside that batch: none was sent on its own.
  expect(state.requests.filter((r) => r.path.endsWith('/workbook/closeSession'))).toEqual([]);
  expect(refused).toEqual([]);
});

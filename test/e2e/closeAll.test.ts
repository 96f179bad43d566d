/**
 * "Close all sessions" in real Chromium against the production build in local mode: a person
 * opens three sessions on one workbook, closes them all after confirming, and the rows go away —
 * and Graph (the emulator) saw all three closed through ONE `$batch` request, not three closes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { useDevHostSuite } from '../support/devHostSuite';
import { emulatorState } from '../support/emulatorControl';
import { eventually } from '../support/eventually';

const reports = join(__dirname, '..', '..', 'reports');
jest.setTimeout(60_000);

const suite = useDevHostSuite();
beforeAll(() => mkdirSync(reports, { recursive: true }));

const closeButtons = (): Promise<number> => suite.pane.getByRole('button', { name: /^Close session on / }).count();

it('closes three sessions of one workbook with one confirmation and one Graph $batch', async () => {
  // The dev host starts as Megan with the team-site budget workbook open.
  const workbook = SEED_WORKBOOKS.presupuesto;
  const open = suite.pane.getByRole('button', { name: 'Open session' });
  for (let count = 1; count <= 3; count++) {
    await open.click();
    // From the second session on, the pane asks first: the workbook already has one.
    if (count > 1) await suite.pane.getByRole('button', { name: 'Open another' }).click();
    await eventually(closeButtons, count);
  }
  let state = await emulatorState(suite.stack);
  const opened = state.sessions.filter((s) => s.workbook.itemId === workbook.itemId && s.status === 'open');
  expect(opened).toHaveLength(3);
  expect(opened.every((s) => s.userOid === SEED_USERS.megan.oid)).toBe(true);

  await suite.page.screenshot({ path: join(reports, 'taskpane-close-all.png') });
  await suite.pane.getByRole('button', { name: 'Close all sessions' }).click();
  const dialog = suite.pane.getByRole('dialog', { name: 'Close all 3 sessions?' });
  await dialog.waitFor();
  // Let the dialog's entrance animation finish so the screenshot shows it as a person sees it.
  await dialog.evaluate((surface) =>
    Promise.all(
      surface.getAnimations({ subtree: true }).map((animation: { finished: Promise<unknown> }) => animation.finished),
    ),
  );
  await suite.page.screenshot({ path: join(reports, 'taskpane-close-all-dialog.png') });
  await dialog.getByRole('button', { name: 'Close all', exact: true }).click();

  await suite.pane.getByText('No open sessions').waitFor();
  // The dialog's modal hides the rest of the pane from assistive technology while open; once it
  // is gone the pane must be reachable by role again (else the counts below would be vacuous).
  await suite.pane.getByRole('heading', { name: 'Your sessions' }).waitFor();
  expect(await suite.pane.locator('[aria-hidden="true"]').filter({ hasText: 'Your sessions' }).count()).toBe(0);
  expect(await closeButtons()).toBe(0);
  expect(await suite.pane.getByRole('alert').count()).toBe(0);
  await eventually(() => suite.pane.getByRole('status').textContent(), 'Closed 3 sessions.');

  state = await emulatorState(suite.stack);
  const statusOf = new Map(state.sessions.map((s) => [s.id, s.status]));
  expect(opened.map((s) => statusOf.get(s.id))).toEqual(['closed', 'closed', 'closed']);
  const batches = state.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/$batch');
  expect(batches.map((r) => r.status)).toEqual([200]);
  // The three closes travelled inside that batch: none was sent on its own.
  expect(state.requests.filter((r) => r.path.endsWith('/workbook/closeSession'))).toEqual([]);
  expect(suite.refused).toEqual([]);
});

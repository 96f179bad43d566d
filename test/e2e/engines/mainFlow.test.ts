/**
 * The main flow, written once and run in Chromium (e2e), WebKit (e2e-webkit) and Firefox
 * (e2e-firefox): open a session, see it listed, close it (Graph saw closeSession), close all
 * through one confirmation and one Graph $batch, focus after a keyboard close, Spanish, and
 * every Close on screen at 320 px.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { emulatorState } from '../../support/emulatorControl';
import { CLOSE_BUTTONS, forgetStackSessions, openSessions, useHost } from '../../support/engines/devHostSteps';
import { inside, role, text } from '../../support/engines/enginePage';
import { useEngineSuite } from '../../support/engines/engineSuite';

jest.setTimeout(120_000);
const reports = join(__dirname, '..', '..', '..', 'reports');
// Each test starts with no session: Graph's are reset by the suite, the middle tier's forgotten here.
const suite: ReturnType<typeof useEngineSuite> = useEngineSuite({ beforeNavigate: () => forgetStackSessions(suite) });
const workbook = SEED_WORKBOOKS.presupuesto;

it('opens a session, lists it, closes it, and the row goes when the middle tier confirms', async () => {
  const { page } = suite;
  await page.waitFor('pane', text('No open sessions'));
  await page.click('pane', role('button', 'Open session'));
  const close = role('button', `Close session on ${workbook.name}`);
  await page.waitFor('pane', close);
  expect(await page.count('pane', role('listitem', workbook.name))).toBe(1);
  mkdirSync(reports, { recursive: true });
  await page.driver.screenshot(join(reports, `engines-${suite.engine}-open-session.png`));

  let state = await emulatorState(suite.stack);
  const opened = state.sessions.find((s) => s.workbook.itemId === workbook.itemId && s.status === 'open');
  expect(opened?.userOid).toBe(SEED_USERS.megan.oid);

  await page.click('pane', close);
  await page.waitGone('pane', close);
  await page.waitFor('pane', text('No open sessions'));
  state = await emulatorState(suite.stack);
  expect(state.sessions.find((s) => s.id === opened?.id)?.status).toBe('closed');
  const closes = state.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/workbook/closeSession'));
  expect(closes.map((r) => [r.status, r.headers['workbook-session-id']])).toEqual([[204, opened?.id]]);
});

it('closes three sessions with one confirmation and one Graph $batch', async () => {
  const { page } = suite;
  await openSessions(suite, 3);
  await page.click('pane', role('button', 'Close all sessions'));
  await page.waitFor('pane', role('dialog', 'Close all 3 sessions?'));
  await page.click('pane', inside(role('button', 'Close all', { exact: true }), 'dialog'));
  await page.waitFor('pane', text('No open sessions'));
  // Once the modal is gone the rest of the pane is reachable by role again.
  await page.waitFor('pane', role('heading', 'Your sessions'));
  expect(await page.count('pane', CLOSE_BUTTONS)).toBe(0);
  expect(await page.count('pane', role('alert'))).toBe(0);
  await page.eventually(() => page.read('pane', role('status')), 'Closed 3 sessions.');

  const state = await emulatorState(suite.stack);
  const batches = state.requests.filter((r) => r.method === 'POST' && r.path === '/v1.0/$batch');
  expect(batches.map((r) => r.status)).toEqual([200]);
  expect(state.requests.filter((r) => r.path.endsWith('/workbook/closeSession'))).toEqual([]);
  expect(state.sessions.filter((s) => s.status === 'open')).toEqual([]);
});

it('keyboard: Enter on the second of three Close buttons, and focus lands on the next Close', async () => {
  const { page } = suite;
  await openSessions(suite, 3);
  const names = await page.readAll('pane', CLOSE_BUTTONS, 'aria-label');
  expect(names).toHaveLength(3);
  // Focus the first Close, then Tab forward (past the row's other actions) to the second.
  await page.focus('pane', role('button', names[0] ?? '', { exact: true }));
  for (let i = 0; i < 10 && (await page.focusedLabel()) !== names[1]; i++) await page.press('Tab');
  expect(await page.focusedLabel()).toBe(names[1]);
  await page.press('Enter');
  await page.eventually(() => page.count('pane', CLOSE_BUTTONS), 2);
  // The row that was third is second now ("session 1 of 2"): its Close has focus.
  expect(names[2]).toMatch(/\(session 1 of 3\)$/);
  await page.eventually(async () => (await page.focusedLabel())?.endsWith('(session 1 of 2)') ?? false, true);
  expect(await page.focusedLabel()).toBe((await page.readAll('pane', CLOSE_BUTTONS, 'aria-label'))[1]);
});

it('speaks Spanish to a Spanish-speaking user', async () => {
  const { page } = suite;
  await useHost(suite, {
    userOid: SEED_USERS.ana.oid,
    workbookItemId: SEED_WORKBOOKS.gastos.itemId,
    displayLanguage: 'es-ES',
  });
  await page.waitFor('pane', role('heading', 'Sesiones de libro', { exact: true }));
  await page.click('pane', role('button', 'Abrir sesión'));
  await page.waitFor('pane', role('button', `Cerrar la sesión de libro en ${SEED_WORKBOOKS.gastos.name}`));
  expect(await page.count('pane', role('alert'))).toBe(0);
});

it('at 320 px wide keeps every Close on screen and never scrolls sideways (WCAG 1.4.10 reflow)', async () => {
  const { page } = suite;
  await openSessions(suite, 2);
  await page.driver.run('host', `(selector) => { document.querySelector(selector).style.width = '320px'; }`, [
    'iframe[title="Workbook Sessions task pane"]',
  ]);
  // The frame's viewport is 320 px; a classic (non-overlay) vertical scrollbar, as Firefox draws, takes its share of it.
  await page.eventually(() => page.driver.run<number>('pane', '() => window.innerWidth', []), 320);
  const layout = await page.driver.run<{
    scrollWidth: number;
    clientWidth: number;
    buttons: { left: number; right: number }[];
  }>(
    'pane',
    `() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      buttons: Array.from(document.querySelectorAll('button[aria-label^="Close session on"]')).map((b) => {
        const r = b.getBoundingClientRect();
        return { left: r.left, right: r.right };
      }),
    })`,
    [],
  );
  expect(layout.clientWidth).toBeGreaterThan(300);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.buttons).toHaveLength(2);
  for (const button of layout.buttons) {
    expect(button.left).toBeGreaterThanOrEqual(0);
    expect(button.right).toBeLessThanOrEqual(layout.clientWidth);
  }
});

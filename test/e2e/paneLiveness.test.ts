/**
 * The task pane stays true to time and to other devices, in Chromium on the production build
 * through the dev host. Three clocks move together here: the emulator's (control API), the
 * middle tier's (its injected clock) and the browser's (Playwright's clock), as real time would
 * move all three. Covered: the countdown and a lapsed row leaving across a clock advance, keep-alive
 * across two idle timeouts, a session closed elsewhere leaving on refocus, a Close that finds the
 * session already gone, and a document URL that Office reports late.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { useDevHostSuite } from '../support/devHostSuite';
import { EmulatorControl, emulatorState, hostSsoToken } from '../support/emulatorControl';
import { eventually } from '../support/eventually';
import { httpsJson } from '../support/localStack';
import { forgetSessions, openSessions } from '../support/paneActions';
import { closeMany, listSessions } from '../support/sessionApi';

jest.setTimeout(180_000);

/** How far the shared clock has been moved (the emulator's never goes back, so neither does this). */
let shiftMs = 0;
const suite: ReturnType<typeof useDevHostSuite> = useDevHostSuite({
  stack: { serverOverrides: { now: () => Date.now() + shiftMs } },
  beforeNavigate: async (page) => {
    await forgetSessions(suite.stack);
    await page.clock.install({ time: Date.now() + shiftMs });
  },
});

/** Moves all three clocks forward together. */
async function advance(seconds: number): Promise<void> {
  await EmulatorControl.of(suite.stack).advanceClock(seconds);
  shiftMs += seconds * 1000;
  await suite.page.clock.fastForward(seconds * 1000);
}

const workbook = SEED_WORKBOOKS.presupuesto.name;
const row = () => suite.pane.getByRole('listitem').filter({ hasText: workbook });
const graphStatuses = async (): Promise<string[]> => (await emulatorState(suite.stack)).sessions.map((s) => s.status);
const refreshCalls = async (): Promise<number> =>
  (await emulatorState(suite.stack)).requests.filter((r) => r.path.endsWith('/workbook/refreshSession')).length;

it('counts down, stands out in the last minute, and drops the row the moment the session lapses', async () => {
  await openSessions(suite.pane, 1);
  await row().getByText('Expires in 5 min.').waitFor();
  await advance(4 * 60);
  await row()
    .getByText(/^Expires in \d+ sec\.$/)
    .waitFor();
  await advance(61);
  // Graph cannot revive it: the row leaves, and "already has one" no longer counts it.
  await suite.pane.getByText('No open sessions').waitFor();
  expect(await graphStatuses()).toEqual(['expired']);
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await row().getByText('Expires in 5 min.').waitFor();
  expect(await suite.pane.getByRole('button', { name: 'Open another' }).count()).toBe(0);
  // The middle tier agrees on its clock: after Refresh only the new session is listed.
  await suite.pane.getByRole('button', { name: 'Refresh', exact: true }).click();
  await suite.pane.getByRole('status').filter({ hasText: 'List updated: 1 session.' }).waitFor();
  expect(await row().count()).toBe(1);
});

it('keeps a session alive across two idle timeouts while the switch is on', async () => {
  await suite.pane.getByRole('switch', { name: 'Keep my sessions alive while this pane is open' }).check();
  await openSessions(suite.pane, 1);
  // Twelve minutes in one-minute steps: a persistent session lapses after five idle minutes.
  for (let minute = 1; minute <= 12; minute++) {
    await advance(60);
    // The pane refreshes a minute before the timeout: at 4, 8 and 12 minutes.
    await eventually(refreshCalls, Math.floor(minute / 4));
  }
  expect(await graphStatuses()).toEqual(['open']);
  expect(await row().getByText('Expired').count()).toBe(0);
  // The choice is remembered for this user: a reopened pane has the switch on.
  await suite.page.reload();
  expect(
    await suite.pane.getByRole('switch', { name: 'Keep my sessions alive while this pane is open' }).isChecked(),
  ).toBe(true);
});

it('drops a session closed on another device when the pane regains focus', async () => {
  await openSessions(suite.pane, 1);
  const token = await hostSsoToken(suite.stack);
  await closeMany(
    suite.stack,
    token,
    (await listSessions(suite.stack, token)).map((s) => s.id),
  );
  // The person works in the grid (the dev host page), then comes back to the pane.
  await suite.page.getByLabel('Office display language').focus();
  await suite.pane.getByRole('heading', { name: 'Your sessions' }).click();
  await suite.pane.getByText('No open sessions').waitFor();
  expect(await suite.pane.getByRole('alert').count()).toBe(0);
});

it('counts a Close that finds the session already gone as done, with a short notice', async () => {
  await openSessions(suite.pane, 1);
  const token = await hostSsoToken(suite.stack);
  await closeMany(
    suite.stack,
    token,
    (await listSessions(suite.stack, token)).map((s) => s.id),
  );
  await row()
    .getByRole('button', { name: `Close session on ${workbook}` })
    .click();
  await suite.pane.getByText(`The session on ${workbook} had already ended. It's no longer listed.`).waitFor();
  expect(await row().count()).toBe(0);
  expect(await suite.pane.getByRole('alert').count()).toBe(0);
});

it('reads the document URL again when Office reported it empty at first', async () => {
  const body = {
    userOid: SEED_USERS.megan.oid,
    workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
    documentUrlDelayMs: 2500,
  };
  expect(
    (await httpsJson(suite.stack, `${suite.stack.emulatorUrl}/_emulator/host/context`, { method: 'POST', body }))
      .status,
  ).toBe(200);
  await suite.page.reload();
  // Not "Save this workbook": the URL may still come, and here it does.
  await suite.pane.getByText('Waiting for Excel…').waitFor();
  expect(await suite.pane.getByText(/^Save this workbook/).count()).toBe(0);
  await suite.page.clock.fastForward(3000);
  await suite.pane.getByText(workbook, { exact: true }).waitFor();
  expect(await suite.pane.getByRole('button', { name: 'Open session' }).isEnabled()).toBe(true);
});

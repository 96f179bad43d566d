/**
 * The dev host page's "Reset the local world" button, through the real task pane. This stack runs
 * the middle tier in-process (no launcher), so the button resets the emulator; the launcher's
 * part (the registry) is covered by test/integration/localModeRestart.test.ts.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { chooseOnDevHost } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { emulatorState } from '../support/emulatorControl';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

const suite = useDevHostSuite();

it('resets the emulator: sessions gone, the host back to its start, the page reloaded', async () => {
  const wb = SEED_WORKBOOKS.presupuesto;
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await suite.pane.getByRole('button', { name: `Close session on ${wb.name}` }).waitFor();
  await chooseOnDevHost(suite.page, 'Office display language', 'es-ES');
  expect((await emulatorState(suite.stack)).sessions.map((s) => s.status)).toEqual(['open']);

  const reloaded = suite.page.waitForEvent('load');
  await suite.page.getByRole('button', { name: 'Reset the local world' }).click();
  await reloaded;
  await eventually(async () => (await emulatorState(suite.stack)).sessions.length, 0);
  const state = await emulatorState(suite.stack);
  expect(state.hostContext).toMatchObject({ user: { oid: SEED_USERS.megan.oid }, displayLanguage: 'en-US' });
  expect(await suite.page.getByLabel('Office display language').inputValue()).toBe('en-US');
  expect(suite.pageErrors).toEqual([]);
});

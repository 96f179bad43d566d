/**
 * The dev host page's controls do what their labels say, seen through the real task pane
 * (production build, Microsoft's office.js in the emulated Excel on the web, real middle tier,
 * Chromium): SSO behaviours, language, theme, the clock, and fault presets.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { chooseOnDevHost, taskPaneFrame, waitForStatus } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { EmulatorControl, emulatorState } from '../support/emulatorControl';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

const suite = useDevHostSuite();

/** The dev host defaults to Megan on the team-site budget workbook; open a session on it. */
async function openSessionInPane(): Promise<void> {
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
}

describe('SSO behaviour', () => {
  it('13002 (user aborted): the pane keeps running and offers "Sign in", which works once Office grants a token', async () => {
    await chooseOnDevHost(suite.page, 'Office SSO behaviour', '13002');
    const alert = suite.pane.getByRole('alert');
    await alert.filter({ hasText: 'Sign-in was canceled' }).waitFor();
    await suite.pane.getByRole('heading', { name: 'Workbook Sessions' }).waitFor();
    const signIn = suite.pane.getByRole('button', { name: 'Sign in' });
    await signIn.waitFor();
    // The person now signs in (Office would grant the token): the next attempt loads the list.
    await EmulatorControl.of(suite.stack).setHostContext({
      userOid: SEED_USERS.megan.oid,
      workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
      displayLanguage: 'en-US',
      ssoBehaviour: 'ok',
    });
    await signIn.click();
    await suite.pane.getByText('No open sessions').waitFor();
    await alert.waitFor({ state: 'detached' });
  });

  it.each(['13012', '13000'])(
    '%s without NestedAppAuth: the pane says why and offers "Sign in" through the Office dialog',
    async (code) => {
      await chooseOnDevHost(suite.page, 'Office SSO behaviour', code);
      await suite.pane
        .getByRole('alert')
        .filter({ hasText: "can't sign you in to this add-in automatically" })
        .waitFor();
      expect(await suite.pane.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
      expect(await suite.pane.getByRole('button', { name: 'Open session' }).getAttribute('aria-disabled')).toBe('true');
    },
  );
});

it('language es-ES: the pane speaks Spanish', async () => {
  await chooseOnDevHost(suite.page, 'Office display language', 'es-ES');
  await suite.pane.getByRole('heading', { name: 'Sesiones de libro', exact: true }).waitFor();
  await suite.pane.getByRole('button', { name: 'Abrir sesión' }).waitFor();
});

it("theme: Excel on the web gives the add-in no Office theme, so the pane follows the browser's colour scheme", async () => {
  const frame = await taskPaneFrame(suite.page, suite.stack);
  const officeTheme = await frame.evaluate(async () => {
    const office = (
      globalThis as unknown as { Office: { onReady(): Promise<unknown>; context: { officeTheme?: unknown } } }
    ).Office;
    await office.onReady();
    return office.context.officeTheme ?? 'none';
  });
  expect(officeTheme).toBe('none');
  await suite.page.emulateMedia({ colorScheme: 'dark' });
  await suite.page.reload();
  await suite.pane.getByText('No open sessions').waitFor();
  const background = await (
    await taskPaneFrame(suite.page, suite.stack)
  ).evaluate(() => {
    const provider = (
      globalThis as unknown as { document: { querySelector(s: string): unknown } }
    ).document.querySelector('.fui-FluentProvider');
    return (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(
      provider,
    ).backgroundColor;
  });
  const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number) as [number, number, number];
  expect((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255).toBeLessThan(0.25);
});

it('clock advance by 6 minutes: Graph expires the idle persistent session; the pane then closes it and the row goes', async () => {
  const wb = SEED_WORKBOOKS.presupuesto;
  await openSessionInPane();
  const close = suite.pane.getByRole('button', { name: `Close session on ${wb.name}` });
  await close.waitFor();
  await eventually(async () => (await emulatorState(suite.stack)).sessions.map((s) => s.status), ['open']);

  await suite.page.getByLabel('Advance by (seconds)').fill('360');
  await suite.page.getByRole('button', { name: 'Advance the clock' }).click();
  await waitForStatus(suite.page, 'Clock advanced by 360 s.');
  expect((await emulatorState(suite.stack)).sessions.map((s) => s.status)).toEqual(['expired']);

  // The middle tier judges expiry on its own clock, which the emulator's clock advance does not
  // move, so after Refresh the row is still listed and counting down (not "Expired").
  await suite.pane.getByRole('button', { name: 'Refresh', exact: true }).click();
  await suite.pane
    .getByRole('listitem')
    .filter({ hasText: wb.name })
    .filter({ hasText: /Expires in/ })
    .waitFor();

  // Closing it asks Graph, which no longer knows the session (404): the row goes, no error.
  await close.click();
  await close.waitFor({ state: 'detached' });
  expect(await suite.pane.getByRole('alert').count()).toBe(0);
  const closeCalls = (await emulatorState(suite.stack)).requests.filter((r) =>
    r.path.endsWith('/workbook/closeSession'),
  );
  expect(closeCalls.map((r) => r.status)).toEqual([404]);
});

it('fault preset "Graph down (503)": opening fails with an alert; with faults off it works', async () => {
  const wb = SEED_WORKBOOKS.presupuesto;
  await suite.page.getByLabel('Fault preset').selectOption('graph-down');
  await suite.page.getByRole('button', { name: 'Turn faults on' }).click();
  await waitForStatus(suite.page, 'Faults on.');

  await openSessionInPane();
  const alert = suite.pane.getByRole('alert').filter({ hasText: "Couldn't open a session" });
  await alert.waitFor();
  expect(await alert.textContent()).toContain("Microsoft 365 isn't responding right now.");
  expect((await emulatorState(suite.stack)).sessions).toEqual([]);

  await suite.page.getByRole('button', { name: 'Turn faults off' }).click();
  await waitForStatus(suite.page, 'Faults off.');
  await openSessionInPane();
  await suite.pane.getByRole('button', { name: `Close session on ${wb.name}` }).waitFor();
  expect((await emulatorState(suite.stack)).sessions.map((s) => s.status)).toEqual(['open']);
});

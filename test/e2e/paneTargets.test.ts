/**
 * The pane's actions and words as a person meets them, on the production build in Chromium
 * through the dev host: every row action and every button of the pane is at least 32 × 32 CSS
 * px with room between the row's actions; each action is named for what it does to which
 * session; Escape takes back "Open another?"; a late document URL waits for Excel instead of
 * asking to save; a personal OneDrive is explained before the click; a tenant the deployment does
 * not serve is told whom to ask; while signed out the list area does not say it is loading; the
 * dev host's pane width choice and forced colours (Windows high contrast).
 */
import type { Frame } from 'playwright-core';
import { FABRIKAM_USERS, SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { type HostContextInput } from '../../src/emulator/officeHost/hostContextInput';
import { taskPaneFrame, TASK_PANE_FRAME } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { EmulatorControl, emulatorState, hostSsoToken, setFaults } from '../support/emulatorControl';
import { eventually } from '../support/eventually';
import { closeButtons, forgetSessions, openSessions } from '../support/paneActions';
import { closeMany, listSessions } from '../support/sessionApi';

jest.setTimeout(180_000);
const suite: ReturnType<typeof useDevHostSuite> = useDevHostSuite({
  beforeNavigate: () => forgetSessions(suite.stack),
});
const workbook = SEED_WORKBOOKS.presupuesto.name;

interface Target {
  name: string;
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  row: number | null;
}

/** Every visible button and link of the pane with its box, and the row (list item) it sits in. */
function targets(frame: Frame): Promise<Target[]> {
  return frame.evaluate(() => {
    type Box = { width: number; height: number; left: number; right: number; top: number };
    type El = {
      getBoundingClientRect(): Box;
      getAttribute(n: string): string | null;
      textContent: string | null;
      closest(s: string): El | null;
    };
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
    const rows = Array.from(doc.querySelectorAll('li'));
    return Array.from(doc.querySelectorAll('button, a[href], [role="button"]'))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0)
      .map(({ element, box }) => {
        const row = element.closest('li');
        return {
          name: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '',
          width: box.width,
          height: box.height,
          left: box.left,
          right: box.right,
          top: box.top,
          row: row === null ? null : rows.indexOf(row),
        };
      });
  });
}

function expectTargetsOf32(found: Target[]): void {
  expect(found.filter((t) => t.width < 32 || t.height < 32)).toEqual([]);
}

async function hostContext(input: Partial<HostContextInput>): Promise<void> {
  await EmulatorControl.of(suite.stack).setHostContext({
    userOid: SEED_USERS.megan.oid,
    workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
    ...input,
  });
  await suite.page.reload();
}

describe('targets', () => {
  it('every row action and button of the pane is at least 32 × 32 px, the row actions 8 px apart or more', async () => {
    await openSessions(suite.pane, 2);
    // Secondary UI too: the keep-alive switch and the one-time explanation with its "Got it".
    await suite.pane.getByRole('button', { name: 'Got it' }).waitFor();
    await suite.pane.getByRole('button', { name: 'Close all sessions' }).waitFor();
    const frame = await taskPaneFrame(suite.page, suite.stack);
    const found = await targets(frame);
    expect(found.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'Open session',
        'Refresh',
        `Extend the session on ${workbook} (session 1 of 2)`,
        `Open ${workbook} in Excel on the web`,
        `Close session on ${workbook} (session 2 of 2)`,
        'Close all sessions',
        'Got it',
      ]),
    );
    expectTargetsOf32(found);
    for (const row of [0, 1]) {
      const actions = found.filter((t) => t.row === row).sort((a, b) => a.left - b.left);
      expect(actions).toHaveLength(3);
      for (let i = 1; i < actions.length; i++) {
        const [before, after] = [actions[i - 1] as Target, actions[i] as Target];
        expect(after.left - before.right).toBeGreaterThanOrEqual(8);
      }
    }

    // "Open another?" has its own two buttons.
    await suite.pane.getByRole('button', { name: 'Open session' }).click();
    await suite.pane.getByRole('button', { name: 'Open another' }).waitFor();
    const asking = await targets(frame);
    expect(asking.map((t) => t.name)).toEqual(expect.arrayContaining(['Open another', 'Cancel']));
    expectTargetsOf32(asking);
  });

  it('the error bar and the "already ended" notice are as large', async () => {
    await openSessions(suite.pane, 1);
    // Closed elsewhere: Close finds it gone, the row leaves with a notice and its Dismiss.
    const token = await hostSsoToken(suite.stack);
    await closeMany(
      suite.stack,
      token,
      (await listSessions(suite.stack, token)).map((s) => s.id),
    );
    await closeButtons(suite.pane).first().click();
    await suite.pane.getByText(`The session on ${workbook} had already ended. It's no longer listed.`).waitFor();
    const frame = await taskPaneFrame(suite.page, suite.stack);
    expectTargetsOf32(await targets(frame));

    // Graph refuses Extend: the error bar with Dismiss and, under Details, Copy details.
    await openSessions(suite.pane, 1);
    await setFaults(suite.stack, 1, [
      { route: 'refreshSession', kind: 'graphError', count: 20, error: { status: 403, code: 'accessDenied' } },
    ]);
    await suite.pane.getByRole('button', { name: `Extend the session on ${workbook}` }).click();
    const alert = suite.pane.getByRole('alert');
    await alert.waitFor();
    await alert.getByText('Details', { exact: true }).click();
    await alert.getByRole('button', { name: 'Copy details' }).waitFor();
    const withError = await targets(frame);
    expect(withError.map((t) => t.name)).toEqual(expect.arrayContaining(['Dismiss', 'Copy details']));
    expectTargetsOf32(withError);
  });
});

describe('names and words', () => {
  it('row actions say what they do to which session; the mode says whether changes are saved', async () => {
    await openSessions(suite.pane, 2);
    const second = suite.pane.getByRole('listitem').filter({ hasText: 'Session 2 of 2' });
    await second.waitFor();
    expect(await second.getByText('Persistent: changes are saved', { exact: false }).count()).toBe(1);
    expect(
      await second.getByRole('button', { name: `Close session on ${workbook} (session 2 of 2)`, exact: true }).count(),
    ).toBe(1);
    expect(
      await second
        .getByRole('button', { name: `Extend the session on ${workbook} (session 2 of 2)`, exact: true })
        .count(),
    ).toBe(1);
    expect(await second.getByRole('link', { name: `Open ${workbook} in Excel on the web`, exact: true }).count()).toBe(
      1,
    );
    // The list's reload and the row's Extend do not share a word or an icon.
    const reload = suite.pane.getByRole('button', { name: 'Refresh', exact: true });
    const extend = second.getByRole('button', { name: /^Extend/ });
    const iconOf = (button: typeof reload): Promise<string | null> =>
      button.locator('svg path').first().getAttribute('d');
    expect(await iconOf(extend)).not.toBe(await iconOf(reload));
  });

  it('Escape takes back "Open another?" and focus returns to Open session; nothing opens', async () => {
    await openSessions(suite.pane, 1);
    const open = suite.pane.getByRole('button', { name: 'Open session' });
    await open.click();
    const question = suite.pane.getByRole('group', {
      name: `${workbook} already has an open session. Open another one?`,
    });
    await question.waitFor();
    await suite.page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    await eventually(() => open.evaluate((button) => button === button.ownerDocument.activeElement), true);
    expect(await closeButtons(suite.pane).count()).toBe(1);
    expect((await emulatorState(suite.stack)).sessions).toHaveLength(1);
  });
});

describe('said before, not after', () => {
  it('a late document URL: "Waiting for Excel…", never "Save this workbook", then the workbook', async () => {
    await hostContext({ documentUrlDelayMs: 3000 });
    await suite.pane.getByText('Waiting for Excel…').waitFor();
    expect(await suite.pane.getByText(/^Save this workbook/).count()).toBe(0);
    await suite.pane.getByText(workbook, { exact: true }).waitFor();
    expect(await suite.pane.getByText('Waiting for Excel…').count()).toBe(0);
    expect(await suite.pane.getByText(/^Save this workbook/).count()).toBe(0);
    expect(await suite.pane.getByRole('button', { name: 'Open session' }).isEnabled()).toBe(true);
  });

  it('a personal OneDrive: explained next to the workbook, Open session unavailable, nothing sent', async () => {
    await hostContext({ documentLocation: 'personalOneDrive' });
    const note = suite.pane.getByText(/^This workbook is in a personal OneDrive\./);
    await note.waitFor();
    const open = suite.pane.getByRole('button', { name: 'Open session' });
    expect(await open.isDisabled()).toBe(true);
    expect(await open.getAttribute('aria-describedby')).toBe(await note.getAttribute('id'));
    expect((await emulatorState(suite.stack)).requests.filter((r) => r.path.endsWith('/createSession'))).toEqual([]);
  });

  it("a tenant the deployment does not serve: says whom to ask, never 'Reload the add-in'", async () => {
    await hostContext({ userOid: FABRIKAM_USERS.diego.oid, workbookItemId: null });
    const alert = suite.pane.getByRole('alert');
    await alert.getByText(/^Your organization isn't set up to use this add-in\. Ask your IT administrator/).waitFor();
    expect(await alert.getByText(/Reload the add-in/).count()).toBe(0);
    expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(0);
  });

  it('while signed out the list area says the list comes after sign-in, not "Loading"', async () => {
    // No Office SSO here and no nested app authentication: signing in waits for the person.
    await hostContext({ ssoBehaviour: 13012, nestedAppAuth: false });
    const list = suite.pane.getByRole('region', { name: 'Your sessions' });
    await list.getByText('The list appears here after you sign in.').waitFor();
    expect(await list.getByText(/Loading/).count()).toBe(0);
  });
});

describe('the dev host', () => {
  it('frames the pane 320, 350 or 450 px wide and keeps the choice across a reload', async () => {
    const frameWidth = async (): Promise<number> =>
      (await suite.page.locator(TASK_PANE_FRAME).boundingBox())?.width ?? 0;
    expect(await frameWidth()).toBe(350);
    await suite.page.getByLabel('Task pane width').selectOption('320');
    await eventually(frameWidth, 320);
    expect(new URL(suite.page.url()).searchParams.get('paneWidth')).toBe('320');
    await suite.page.reload();
    expect(await frameWidth()).toBe(320);
    await suite.page.getByLabel('Task pane width').selectOption('450');
    await eventually(frameWidth, 450);
    await suite.pane.getByText('No open sessions').waitFor();
  });

  it('with forced colours (Windows high contrast) the pane takes the high-contrast theme', async () => {
    await suite.page.emulateMedia({ forcedColors: 'active' });
    await suite.page.reload();
    await suite.pane.getByText('No open sessions').waitFor();
    expect(await suite.pane.locator('.fui-FluentProvider').getAttribute('data-theme')).toBe('highContrast');
  });
});

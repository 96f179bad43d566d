/**
 * The task pane for keyboards, screen readers and narrow or zoomed panes, on the production
 * build in Chromium through the dev host: axe-core finds no violation in any main state, a
 * keyboard alone closes a row and focus lands on the next Close, and at 320 px wide and at
 * 200 % zoom every Close stays on screen without sideways scrolling (WCAG 1.4.10 reflow).
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { axeViolations } from '../support/axe';
import { chooseOnDevHost, taskPaneFrame, TASK_PANE_FRAME } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { clearFaults, EmulatorControl, setFaults } from '../support/emulatorControl';
import { eventually } from '../support/eventually';
import { closeButtons, forgetSessions, openSessions } from '../support/paneActions';

jest.setTimeout(180_000);
// Each test starts with no session: Graph's are reset by the suite, the middle tier's forgotten here.
const suite: ReturnType<typeof useDevHostSuite> = useDevHostSuite({
  beforeNavigate: () => forgetSessions(suite.stack),
});
const workbook = SEED_WORKBOOKS.presupuesto.name;

async function violationsIn(state: string): Promise<{ state: string; violations: string[] }> {
  return { state, violations: await axeViolations(await taskPaneFrame(suite.page, suite.stack)) };
}

it('axe-core finds no violation: empty, with sessions, closing, error, dialog, after the dialog', async () => {
  await suite.pane.getByText('No open sessions').waitFor();
  expect(await violationsIn('empty')).toEqual({ state: 'empty', violations: [] });

  await openSessions(suite.pane, 3);
  expect(await violationsIn('with sessions')).toEqual({ state: 'with sessions', violations: [] });

  // Closing: Graph answers the close slowly, so the busy row can be checked.
  await setFaults(suite.stack, 1, [{ route: 'closeSession', kind: 'latency', latencyMs: 5000, count: 1 }]);
  const first = closeButtons(suite.pane).first();
  await first.click();
  await eventually(() => first.getAttribute('aria-busy'), 'true');
  expect(await violationsIn('closing')).toEqual({ state: 'closing', violations: [] });
  await eventually(() => closeButtons(suite.pane).count(), 2, 20_000);

  // Error: Graph refuses the next close (no retry helps): the error bar with its Details.
  await setFaults(suite.stack, 1, [
    { route: 'closeSession', kind: 'graphError', count: 1, error: { status: 403, code: 'accessDenied' } },
  ]);
  await closeButtons(suite.pane).first().click();
  await suite.pane.getByRole('alert').waitFor();
  await suite.pane.getByRole('alert').getByText('Details', { exact: true }).click();
  expect(await violationsIn('error')).toEqual({ state: 'error', violations: [] });
  await clearFaults(suite.stack);
  await suite.pane.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

  await suite.pane.getByRole('button', { name: 'Close all sessions' }).click();
  const dialog = suite.pane.getByRole('dialog', { name: 'Close all 2 sessions?' });
  await dialog.waitFor();
  await dialog.evaluate((surface) =>
    Promise.all(surface.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished)),
  );
  expect(await violationsIn('dialog')).toEqual({ state: 'dialog', violations: [] });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await violationsIn('after the dialog')).toEqual({ state: 'after the dialog', violations: [] });
});

it('axe-core finds no violation in Spanish and in the dark theme', async () => {
  await chooseOnDevHost(suite.page, 'Office display language', 'es-ES');
  await suite.pane.getByText('No hay sesiones de libro abiertas').waitFor();
  expect(await violationsIn('es-ES')).toEqual({ state: 'es-ES', violations: [] });
  // Excel on the web gives add-ins no Office theme: the pane follows the browser's dark scheme.
  await suite.page.emulateMedia({ colorScheme: 'dark' });
  await suite.page.reload();
  await suite.pane.getByText('No hay sesiones de libro abiertas').waitFor();
  await suite.pane.getByRole('button', { name: 'Abrir sesión de libro' }).click();
  await suite.pane.getByRole('button', { name: `Cerrar la sesión de libro en ${workbook}` }).waitFor();
  expect(await violationsIn('dark, es-ES, one session')).toEqual({ state: 'dark, es-ES, one session', violations: [] });
});

it('axe-core finds no violation asking "Open another?", waiting for Excel, on a personal OneDrive, in high contrast', async () => {
  await openSessions(suite.pane, 1);
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await suite.pane.getByRole('button', { name: 'Open another' }).waitFor();
  expect(await violationsIn('open another?')).toEqual({ state: 'open another?', violations: [] });

  const control = EmulatorControl.of(suite.stack);
  const host = { userOid: SEED_USERS.megan.oid, workbookItemId: SEED_WORKBOOKS.presupuesto.itemId };
  await control.setHostContext({ ...host, documentUrlDelayMs: 60_000 });
  await suite.page.reload();
  await suite.pane.getByText('Waiting for Excel…').waitFor();
  expect(await violationsIn('waiting for Excel')).toEqual({ state: 'waiting for Excel', violations: [] });

  await control.setHostContext({ ...host, documentLocation: 'personalOneDrive' });
  await suite.page.reload();
  await suite.pane.getByText(/^This workbook is in a personal OneDrive/).waitFor();
  expect(await violationsIn('personal OneDrive')).toEqual({ state: 'personal OneDrive', violations: [] });

  // Windows high contrast: the browser's forced colours, with a session listed.
  await control.setHostContext(host);
  await suite.page.emulateMedia({ forcedColors: 'active' });
  await suite.page.reload();
  await closeButtons(suite.pane).first().waitFor();
  expect(await violationsIn('high contrast')).toEqual({ state: 'high contrast', violations: [] });
});

it("follows a dark theme (on Excel on the web, the browser's colour scheme): a dark pane from the first paint", async () => {
  await suite.page.emulateMedia({ colorScheme: 'dark' });
  await suite.page.reload();
  await suite.pane.getByText('No open sessions').waitFor();
  const frame = await taskPaneFrame(suite.page, suite.stack);
  const colours = await frame.evaluate(() => {
    const provider = (
      globalThis as unknown as { document: { querySelector(s: string): unknown } }
    ).document.querySelector('.fui-FluentProvider');
    const style = (
      globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string; color: string } }
    ).getComputedStyle(provider);
    return { background: style.backgroundColor, text: style.color };
  });
  const luminance = (rgb: string): number => {
    const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number) as [number, number, number];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  expect(luminance(colours.background)).toBeLessThan(0.25);
  expect(luminance(colours.text)).toBeGreaterThan(0.75);
});

it('keyboard only: Tab to the second of three Close buttons, Enter, and focus lands on the next Close', async () => {
  await openSessions(suite.pane, 3);
  const names = await closeButtons(suite.pane).evaluateAll((buttons) =>
    buttons.map((b) => b.getAttribute('aria-label')),
  );
  const frame = await taskPaneFrame(suite.page, suite.stack);
  await frame.locator('body').focus();
  // Tab from the top of the pane until the second row's Close has focus.
  for (let i = 0; i < 40; i++) {
    await suite.page.keyboard.press('Tab');
    if (
      (await frame.evaluate(
        () =>
          (
            globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
          ).document.activeElement?.getAttribute('aria-label') ?? null,
      )) === names[1]
    )
      break;
  }
  const focused = (): Promise<string | null> =>
    frame.evaluate(
      () =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
        ).document.activeElement?.getAttribute('aria-label') ?? null,
    );
  expect(await focused()).toBe(names[1]);
  await suite.page.keyboard.press('Enter');
  await eventually(() => closeButtons(suite.pane).count(), 2);
  // The row that was third is second now (and renumbered "1 of 2"): its Close has focus.
  await eventually(
    async () => (await focused()) === (await closeButtons(suite.pane).nth(1).getAttribute('aria-label')),
    true,
  );
  expect(names[2]).toMatch(/\(session 1 of 3\)$/);
  expect(await focused()).toMatch(/\(session 1 of 2\)$/);
});

describe.each([
  ['320 px wide', { width: 320, zoom: 1 }],
  ['a 350 px pane at 200 % zoom', { width: 175, zoom: 2 }],
])('%s', (_label, { width, zoom }) => {
  it('keeps every Close on screen and never scrolls sideways', async () => {
    await openSessions(suite.pane, 2);
    // The dev host's pane frame, resized; at 200 % zoom a 350 px pane is 175 CSS pixels wide.
    await suite.page.setViewportSize({ width: 1000, height: 800 });
    await suite.page.locator(TASK_PANE_FRAME).evaluate(
      (frame, size) => {
        const element = frame as unknown as { style: Record<string, string> };
        element.style.width = `${size.width}px`;
        element.style.zoom = String(size.zoom);
      },
      { width, zoom },
    );
    const frame = await taskPaneFrame(suite.page, suite.stack);
    const layout = await frame.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            documentElement: { scrollWidth: number; clientWidth: number };
            querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { left: number; right: number } }>;
          };
        }
      ).document;
      const buttons = Array.from(doc.querySelectorAll('button[aria-label^="Close session on"]')).map((b) =>
        b.getBoundingClientRect(),
      );
      return {
        scrollWidth: doc.documentElement.scrollWidth,
        clientWidth: doc.documentElement.clientWidth,
        buttons: buttons.map((r) => ({ left: r.left, right: r.right })),
      };
    });
    expect(layout.clientWidth).toBe(width);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.buttons).toHaveLength(2);
    for (const button of layout.buttons) {
      expect(button.left).toBeGreaterThanOrEqual(0);
      expect(button.right).toBeLessThanOrEqual(width);
    }
  });
});

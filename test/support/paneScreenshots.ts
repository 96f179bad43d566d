/**
 * Takes the README's pictures of the task pane: light with sessions (one in its last minute),
 * dark, Spanish, 320 px wide, and an error with its details open. Each is the pane's frame as
 * the dev host shows it, from the production build.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { launchChromium, loopbackContext, requireProductionBuild } from './browser';
import { TASK_PANE_FRAME, taskPane } from './devHostPage';
import { EmulatorControl, hostSsoToken } from './emulatorControl';
import { httpsJson, type LocalStack, startLocalStack } from './localStack';
import { closeButtons, forgetSessions } from './paneActions';
import { openSessions } from './sessionApi';

type Theme = 'light' | 'dark';

async function hostContext(stack: LocalStack, language: 'en-US' | 'es-ES'): Promise<void> {
  const body = {
    userOid: SEED_USERS.megan.oid,
    workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
    displayLanguage: language,
  };
  const res = await httpsJson(stack, `${stack.emulatorUrl}/_emulator/host/context`, { method: 'POST', body });
  if (res.status !== 200) throw new Error(`host context: ${res.status}`);
}

async function settle(page: Page): Promise<void> {
  const pane = taskPane(page);
  await pane
    .getByRole('list')
    .or(pane.getByText(/^(No open sessions|No hay sesiones de libro abiertas)$/))
    .first()
    .waitFor();
  // Let entrance animations and the busy icons settle so the picture shows a still pane.
  await page.waitForTimeout(400);
}

export async function takePaneScreenshots(folder: string): Promise<void> {
  requireProductionBuild();
  mkdirSync(folder, { recursive: true });
  // The middle tier's clock follows the emulator's, and each page's clock both, so a session can
  // be shown in its last minute.
  let shiftMs = 0;
  const stack = await startLocalStack({
    serverEnv: { LOG_LEVEL: 'silent' },
    serverOverrides: { now: () => Date.now() + shiftMs },
  });
  const browser = await launchChromium();
  try {
    const shot = async (
      name: string,
      language: 'en-US' | 'es-ES',
      theme: Theme,
      prepare?: (page: Page) => Promise<void>,
    ): Promise<void> => {
      await hostContext(stack, language);
      const { context } = await loopbackContext(browser);
      const page = await context.newPage();
      // Excel on the web gives add-ins no Office theme: the pane follows the browser's colour scheme.
      await page.emulateMedia({ colorScheme: theme });
      await page.clock.install({ time: Date.now() + shiftMs });
      await page.goto(`${stack.emulatorUrl}/`);
      await settle(page);
      await prepare?.(page);
      await page.locator(TASK_PANE_FRAME).screenshot({ path: join(folder, `${name}.png`) });
      await context.close();
      console.log(`docs/screenshots/${name}.png`);
    };
    await forgetSessions(stack);
    const token = await hostSsoToken(stack);
    // One session on another workbook, opened earlier; two on the open one, the older near its timeout.
    await openSessions(stack, token, [SEED_WORKBOOKS.presupuesto], 1);
    await EmulatorControl.of(stack).advanceClock(260);
    shiftMs += 260_000;
    await openSessions(stack, token, [SEED_WORKBOOKS.ventas, SEED_WORKBOOKS.presupuesto], 1);
    await shot('pane-light', 'en-US', 'light');
    await shot('pane-dark', 'en-US', 'dark');
    await shot('pane-es-ES', 'es-ES', 'light');
    await shot('pane-narrow-320', 'en-US', 'light', async (page) => {
      await page.locator(TASK_PANE_FRAME).evaluate((frame) => {
        (frame as unknown as { style: Record<string, string> }).style.width = '320px';
      });
      await page.waitForTimeout(300);
    });
    await shot('pane-error', 'en-US', 'light', async (page) => {
      await EmulatorControl.of(stack).setFaults({
        seed: 1,
        rules: [{ route: 'closeSession', kind: 'graphError', count: 1, error: { status: 403, code: 'accessDenied' } }],
      });
      const pane = taskPane(page);
      await closeButtons(pane).last().click();
      await pane.getByRole('alert').getByText('Details', { exact: true }).click();
      await page.waitForTimeout(400);
      await EmulatorControl.of(stack).clearFaults();
    });
  } finally {
    await browser.close();
    await stack.close();
  }
}

/**
 * Driving the emulator's dev host page (`E/`) in Chromium as a person would: its labelled
 * controls, its status line, and the task pane frame it shows.
 */
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { EmulatorControl } from './emulatorControl';
import { type LocalStack } from './localStack';

export const TASK_PANE_FRAME = 'iframe[title="Workbook Sessions task pane"]';

export function taskPane(page: Page): FrameLocator {
  return page.frameLocator(TASK_PANE_FRAME);
}

/** The task pane's frame, for `evaluate` (waits until it has navigated to the add-in's page). */
export async function taskPaneFrame(page: Page, stack: LocalStack): Promise<Frame> {
  const paneUrl = `${stack.addinUrl}/taskpane.html`;
  await page.locator(TASK_PANE_FRAME).waitFor({ state: 'attached' });
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(paneUrl));
    if (frame !== undefined) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error(`no frame at ${paneUrl}`);
}

/** The dev host page's status line shows `text` (every control reports its outcome there). */
export async function waitForStatus(page: Page, text: string): Promise<void> {
  await page.locator('#status').filter({ hasText: text }).waitFor();
}

/**
 * Chooses an option of one of the host selects (user, workbook, language, theme, SSO): the page
 * posts the host context and reloads the task pane. The whole page is then reloaded so no later
 * step can land in the pane that was being replaced.
 */
export async function chooseOnDevHost(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).selectOption(value);
  await waitForStatus(page, 'Task pane reloaded.');
  await page.reload();
  if ((await page.getByLabel(label, { exact: true }).inputValue()) !== value)
    throw new Error(`the dev host did not keep ${label} = ${value}`);
}

/** Resets the emulator between tests (seed, host context, faults, sessions, log). */
export async function resetEmulator(stack: LocalStack): Promise<void> {
  await EmulatorControl.of(stack).reset();
}

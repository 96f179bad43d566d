/**
 * Steps the engine suites share, written once over EnginePage: choose the emulated host through
 * the emulator's control API (then reload, as the dev host page does), open sessions, and read
 * which scripts the pane fetched (Resource Timing, the same in every engine).
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { EmulatorControl, type HostContextInput } from '../emulatorControl';
import { forgetSessions } from '../paneActions';
import { role, text } from './enginePage';
import type { EngineSuite } from './engineSuite';

export const CLOSE_BUTTONS = role('button', /^Close session on /);
export const LIST_SHOWN = [text('No open sessions'), role('list', 'Your sessions')] as const;

/** Sets the emulated Office host (user, workbook, language, SSO answer…) and reloads the dev host. */
export async function useHost(suite: EngineSuite, choice: Partial<HostContextInput> = {}): Promise<void> {
  await EmulatorControl.of(suite.stack).setHostContext({
    userOid: SEED_USERS.megan.oid,
    workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
    displayLanguage: 'en-US',
    ...choice,
  } as HostContextInput);
  await suite.page.driver.reload();
}

/** The list has loaded, empty or not. */
export async function listShown(suite: EngineSuite): Promise<void> {
  await suite.page.eventually(
    async () => (await suite.page.count('pane', LIST_SHOWN[0])) + (await suite.page.count('pane', LIST_SHOWN[1])) > 0,
    true,
  );
}

/** Opens `count` sessions on the open workbook (confirming "Open another" from the second on). */
export async function openSessions(suite: EngineSuite, count: number): Promise<void> {
  const already = await suite.page.count('pane', CLOSE_BUTTONS);
  for (let n = already + 1; n <= already + count; n++) {
    await suite.page.click('pane', role('button', 'Open session'));
    if (n > 1) await suite.page.click('pane', role('button', 'Open another'));
    await suite.page.eventually(() => suite.page.count('pane', CLOSE_BUTTONS), n);
  }
}

/** Every MSAL.js bundle the pane's document fetched (MSAL.js is loaded only when SSO cannot be used). */
export function msalFetches(suite: EngineSuite): Promise<string[]> {
  return suite.page.driver.run<string[]>(
    'pane',
    `() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\\/msal\\.[0-9a-f]+\\.js$/.test(new URL(n).pathname))`,
    [],
  );
}

export const forgetStackSessions = (suite: EngineSuite): Promise<void> => forgetSessions(suite.stack);

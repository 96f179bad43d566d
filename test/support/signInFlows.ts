/**
 * Steps the sign-in browser suites share: choose the emulated host (and an Entra switch for the
 * user), reload the dev host, watch for MSAL.js being fetched, click through the emulator's
 * sign-in and prompt windows, and prove the token by opening and closing a session.
 *
 * The middle tier caches each user's Graph token, so a suite that needs Entra to refuse the
 * on-behalf-of exchange (consent, MFA) must be that user's first exchange in its stack: each
 * such suite file uses each seeded user for at most one of those tests.
 */
import type { Page } from 'playwright-core';
import { SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { type DevHostSuite } from './devHostSuite';
import { httpsJson } from './localStack';

export const ROW_CLOSE = `Close session on ${SEED_WORKBOOKS.presupuesto.name}`;

export interface HostChoice {
  ssoBehaviour?: 'ok' | number;
  nestedAppAuth?: boolean;
  nestedAppAuthBehaviour?: string;
}

/** Sets the host for `userOid` (English UI), switches Entra for that user, reloads; returns the MSAL.js fetches seen from then on. */
export async function useHost(
  suite: DevHostSuite,
  userOid: string,
  choice: HostChoice,
  entra?: string,
): Promise<string[]> {
  const res = await httpsJson(suite.stack, `${suite.stack.emulatorUrl}/_emulator/host/context`, {
    method: 'POST',
    body: { userOid, workbookItemId: SEED_WORKBOOKS.presupuesto.itemId, displayLanguage: 'en-US', ...choice },
  });
  expect(res.status).toBe(200);
  if (entra !== undefined) {
    const switched = await httpsJson(suite.stack, `${suite.stack.emulatorUrl}/_emulator/users/${userOid}/entra`, {
      method: 'POST',
      body: { behaviour: entra },
    });
    expect(switched.status).toBe(200);
  }
  const msalRequests: string[] = [];
  // Any window of the browser context: the pane (NAA) or the sign-in dialog.
  suite.page.context().on('request', (request) => {
    if (/\/msal\.[0-9a-f]+\.js$/.test(new URL(request.url()).pathname)) msalRequests.push(request.url());
  });
  await suite.page.reload();
  return msalRequests;
}

/** The list has loaded (empty or not). */
export async function listShown(suite: DevHostSuite): Promise<void> {
  await suite.pane
    .getByText('No open sessions')
    .or(suite.pane.getByRole('list', { name: 'Your sessions' }))
    .waitFor();
}

/** Opens a session on the open workbook and closes it again: the token works end to end. */
export async function openAndCloseSession(suite: DevHostSuite): Promise<void> {
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await closeOpenedSession(suite);
}

export async function closeOpenedSession(suite: DevHostSuite): Promise<void> {
  const close = suite.pane.getByRole('button', { name: ROW_CLOSE });
  await close.click();
  await close.waitFor({ state: 'detached' });
}

/**
 * Clicks `name` in the pane, then "Allow" on office.js's own notice in the pane ("… wants to
 * display a new window", which Excel on the web shows before every dialog window), and returns
 * the window it opens.
 */
export async function clickForPopup(suite: DevHostSuite, name: string): Promise<Page> {
  const popup = suite.page.context().waitForEvent('page');
  await suite.pane.getByRole('button', { name }).click();
  await answerDialogNotice(suite, 'Allow');
  return popup;
}

/** The person's answer to office.js's notice before a dialog window: "Allow" opens it, "Ignore" is 12009. */
export async function answerDialogNotice(suite: DevHostSuite, answer: 'Allow' | 'Ignore'): Promise<void> {
  await suite.pane.getByRole('button', { name: answer, exact: true }).click();
}

/** Signs in on the emulator's Entra page (in the Office dialog), as `userName` when given, and waits for the pane to close it. */
export async function signInOnEntraPage(popup: Page, userName?: string): Promise<void> {
  if (userName !== undefined) await popup.getByRole('radio', { name: new RegExp(`^${userName} `) }).check();
  await popup.getByRole('button', { name: 'Sign in and accept' }).click();
  await popup.waitForEvent('close');
}

/**
 * Every sign-in path, written once and run in each engine: Office SSO; each SSO error code the
 * emulated host can answer, with what the pane then says or does; the Office dialog fallback
 * (office.js's notice, then MSAL.js with authorization code + PKCE on the emulator's Entra page
 * in the dialog window); and nested app authentication where the host offers it. docs/sign-in.md.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import { EmulatorControl } from '../../support/emulatorControl';
import { listShown, msalFetches, useHost } from '../../support/engines/devHostSteps';
import { alert, role } from '../../support/engines/enginePage';
import { useEngineSuite, type EngineSuite } from '../../support/engines/engineSuite';

jest.setTimeout(150_000);
const suite = useEngineSuite();
const ROW_CLOSE = role('button', `Close session on ${SEED_WORKBOOKS.presupuesto.name}`);
const FALLBACK = "can't sign you in to this add-in automatically";

async function openAndCloseSession(s: EngineSuite): Promise<void> {
  await s.page.click('pane', role('button', 'Open session'));
  await s.page.click('pane', ROW_CLOSE);
  await s.page.waitGone('pane', ROW_CLOSE);
}

/** "Sign in" in the pane, "Allow" on office.js's notice, then the emulator's Entra page in the dialog window. */
async function signInThroughDialog(s: EngineSuite, userName: string): Promise<void> {
  await s.page.click('pane', role('button', 'Sign in', { exact: true }));
  await s.page.click('pane', role('button', 'Allow', { exact: true }));
  await s.page.waitForPopup();
  await s.page.click('popup', role('radio', new RegExp(`^${userName} `)));
  await s.page.click('popup', role('button', 'Sign in and accept'));
  await s.page.waitPopupsClosed();
}

// First in the file: Entra refuses only a user's first exchange in a stack (the middle tier then caches tokens).
it('nested app authentication needing consent: Office’s consent window, then the list', async () => {
  await EmulatorControl.of(suite.stack).setEntraBehaviour(SEED_USERS.ana.oid, 'consentRequired');
  await useHost(suite, { userOid: SEED_USERS.ana.oid, ssoBehaviour: 13012, nestedAppAuth: true });
  if (suite.engine === 'webkit') {
    // WebKit (Safari, Excel on Mac and iPad) opens a window only while a page handles a person's
    // click. Office's consent window, asked for through MSAL.js and the host's bridge as the pane
    // loads (and again after "Sign in", past MSAL's own awaits), is refused, so in WebKit this
    // path ends here: the pane must say sign-in did not complete and offer "Sign in", no window open.
    await suite.page.waitFor('pane', alert('Select Sign in when you are ready'));
    await suite.page.waitFor('pane', role('button', 'Sign in', { exact: true }));
    expect(await suite.page.driver.popupCount()).toBe(0);
    return;
  }
  await suite.page.waitForPopup();
  await suite.page.waitFor('popup', role('heading', 'Permissions requested'));
  await suite.page.click('popup', role('button', 'Accept'));
  await listShown(suite);
  await openAndCloseSession(suite);
});

it('Office SSO: signs in silently, never loads MSAL.js, and the token opens and closes a session', async () => {
  await useHost(suite, { ssoBehaviour: 'ok' });
  await listShown(suite);
  await openAndCloseSession(suite);
  expect(await msalFetches(suite)).toEqual([]);
});

it.each([
  [13001, 'Office signs the person in (allowSignInPrompt)', null],
  [13005, 'Office asks for consent (allowConsentPrompt)', null],
  [13002, 'the person cancelled Office’s prompt', 'Sign-in was canceled'],
  [13006, 'Office on the web needs a restart', "Office couldn't sign you in"],
  [13008, 'another request was pending', 'Another sign-in request was still in progress'],
  [13010, 'browser security zones', 'Your browser security settings blocked sign-in'],
  [13013, 'Office throttled the calls', 'Office received too many sign-in requests'],
] as const)('SSO %i (%s): the pane says so, or signs in', async (code, _why, says) => {
  await useHost(suite, { ssoBehaviour: code });
  if (says === null) {
    await listShown(suite);
    expect(await suite.page.count('pane', role('alert'))).toBe(0);
  } else {
    await suite.page.waitFor('pane', alert(says));
    await suite.page.waitFor('pane', role('heading', 'Workbook Sessions'));
  }
});

it.each([13000, 13003, 13004, 13007, 13012, 50001] as const)(
  'SSO %i without NestedAppAuth: says why, and "Sign in" opens the Office dialog',
  async (code) => {
    await useHost(suite, { ssoBehaviour: code });
    await suite.page.waitFor('pane', alert(FALLBACK));
    expect(await suite.page.read('pane', role('button', 'Open session'), 'aria-disabled')).toBe('true');
    expect(await suite.page.count('pane', role('button', 'Sign in', { exact: true }))).toBe(1);
  },
);

it('the Office dialog: SSO 13012, "Sign in", the Entra page in the dialog window, then the list, and the token works', async () => {
  await useHost(suite, { userOid: SEED_USERS.ana.oid, ssoBehaviour: 13012 });
  await suite.page.waitFor('pane', alert(FALLBACK));
  expect(await msalFetches(suite)).toEqual([]);
  await signInThroughDialog(suite, SEED_USERS.ana.displayName);
  await listShown(suite);
  await openAndCloseSession(suite);
});

it('the Office dialog declined ("Ignore" on the notice, 12009): says how to allow it, and offers to try again', async () => {
  await useHost(suite, { userOid: SEED_USERS.ana.oid, ssoBehaviour: 13012 });
  await suite.page.click('pane', role('button', 'Sign in', { exact: true }));
  await suite.page.click('pane', role('button', 'Ignore', { exact: true }));
  await suite.page.waitFor('pane', alert('The sign-in window was blocked'));
  await suite.page.waitFor('pane', role('button', 'Try again'));
});

it('nested app authentication: MSAL.js (fetched only now) gets the token from Office without a window', async () => {
  await useHost(suite, { userOid: SEED_USERS.ana.oid, ssoBehaviour: 13012, nestedAppAuth: true });
  await listShown(suite);
  await openAndCloseSession(suite);
  expect(await msalFetches(suite)).toHaveLength(1);
  expect(await suite.page.driver.popupCount()).toBe(0);
});

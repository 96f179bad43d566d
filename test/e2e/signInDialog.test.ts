/**
 * Sign-in path 3, the Office dialog, on the production build through the dev host: SSO fails
 * with 13012 and the host has no NestedAppAuth, so the pane asks for a click and signs in with
 * MSAL.js (authorization code + PKCE) on the emulator's Entra page inside the dialog. A claims
 * challenge for someone signed in asks to verify, not to sign in.
 */
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { recordAnnouncements, saying } from '../support/announcements';
import { taskPaneFrame, waitForStatus } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { emulatorState } from '../support/emulatorControl';
import {
  answerDialogNotice,
  clickForPopup,
  closeOpenedSession,
  listShown,
  openAndCloseSession,
  signInOnEntraPage,
  useHost,
} from '../support/signInFlows';

jest.setTimeout(90_000);
const suite = useDevHostSuite();

it('MFA claims challenge: "Verify" → the dialog again with the claims → the session opens', async () => {
  await useHost(suite, SEED_USERS.megan.oid, { ssoBehaviour: 13012 }, 'mfaRequired');
  await signInOnEntraPage(await clickForPopup(suite, 'Sign in'), SEED_USERS.megan.displayName);
  await listShown(suite);
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await suite.pane.getByRole('alert').filter({ hasText: 'extra verification step' }).waitFor();
  const popup = await clickForPopup(suite, 'Verify');
  await popup.getByRole('note').filter({ hasText: 'multifactor authentication' }).waitFor();
  await signInOnEntraPage(popup, SEED_USERS.megan.displayName);
  // Signing in again redoes the action that needed it: the session opens.
  await closeOpenedSession(suite);
});

it('Graph\'s claims challenge (CAE) while signed in: "Verify it\'s you", never "Sign in"; verifying shows progress, redoes the action and is announced once', async () => {
  await useHost(suite, SEED_USERS.ana.oid, { ssoBehaviour: 13012 });
  await signInOnEntraPage(await clickForPopup(suite, 'Sign in'), SEED_USERS.ana.displayName);
  await listShown(suite);
  // The middle tier now holds a Graph token for Ana, issued before the revocation below.
  await openAndCloseSession(suite);
  await suite.page.getByLabel('Fault preset').selectOption('cae-claims');
  await suite.page.getByRole('button', { name: 'Turn faults on' }).click();
  await waitForStatus(suite.page, 'Faults on.');

  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  const alert = suite.pane.getByRole('alert').filter({ hasText: 'extra verification step' });
  await alert.waitFor();
  await suite.pane.getByText(`Signed in as ${SEED_USERS.ana.displayName}`).waitFor();
  expect(await alert.textContent()).toBe(
    "Verify it's you Your organization requires an extra verification step, such as multifactor authentication.",
  );
  expect(await suite.pane.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(0);
  const said = await recordAnnouncements(await taskPaneFrame(suite.page, suite.stack));

  const popup = await clickForPopup(suite, 'Verify');
  expect(await suite.pane.getByRole('button', { name: 'Verifying…' }).getAttribute('aria-disabled')).toBe('true');
  await popup.getByRole('note').filter({ hasText: 'multifactor authentication' }).waitFor();
  await signInOnEntraPage(popup, SEED_USERS.ana.displayName);
  // Verifying redoes the action that needed it: the session opens.
  await closeOpenedSession(suite);
  expect(await suite.pane.getByRole('alert').count()).toBe(0);
  expect(saying(await said(), 'Identity verified.')).toEqual([{ politeness: 'polite', text: 'Identity verified.' }]);
  // Graph challenged the old token once; the dialog carried the claims to Entra.
  const state = await emulatorState(suite.stack);
  expect(state.faults.fired).toEqual({ 'rule-1': 1 });
  expect(state.entraMfaPassed).toContain(SEED_USERS.ana.oid);
});

it('SSO 13012 without NestedAppAuth: says why, "Sign in" → the sign-in page in the dialog → the list', async () => {
  const msal = await useHost(suite, SEED_USERS.ana.oid, { ssoBehaviour: 13012 });
  const alert = suite.pane.getByRole('alert').filter({ hasText: "can't sign you in to this add-in automatically" });
  await alert.waitFor();
  const open = suite.pane.getByRole('button', { name: 'Open session' });
  expect(await open.getAttribute('aria-disabled')).toBe('true');
  expect(await open.getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
  expect(msal).toEqual([]);
  await signInOnEntraPage(await clickForPopup(suite, 'Sign in'), SEED_USERS.ana.displayName);
  await listShown(suite);
  await openAndCloseSession(suite);
  // MSAL.js came with the dialog page (its first load, and again back from Entra), not with the pane.
  expect(msal.length).toBeGreaterThanOrEqual(1);
});

it('dialog closed by the user: says so, and "Sign in" opens it again', async () => {
  await useHost(suite, SEED_USERS.ana.oid, { ssoBehaviour: 13012 });
  const first = await clickForPopup(suite, 'Sign in');
  await first.getByRole('button', { name: 'Sign in and accept' }).waitFor();
  await first.close();
  await suite.pane.getByRole('alert').filter({ hasText: 'The sign-in window was closed' }).waitFor();
  await signInOnEntraPage(await clickForPopup(suite, 'Sign in'), SEED_USERS.ana.displayName);
  await listShown(suite);
});

it('the user cancels on Entra’s page: Entra’s access_denied (AADSTS65004) reaches MSAL.js as a ServerError, the pane says so, and "Sign in" works again', async () => {
  await useHost(suite, SEED_USERS.ana.oid, { ssoBehaviour: 13012 });
  const first = await clickForPopup(suite, 'Sign in');
  await first.getByRole('button', { name: 'Cancel' }).click();
  await suite.pane.getByRole('alert').filter({ hasText: 'Sign-in was canceled' }).waitFor();
  await signInOnEntraPage(await clickForPopup(suite, 'Sign in'), SEED_USERS.ana.displayName);
  await listShown(suite);
});

it('dialog declined (12009, "Ignore" on the notice before the window): says how to allow it, and offers to try again', async () => {
  await useHost(suite, SEED_USERS.ana.oid, { ssoBehaviour: 13012 });
  await suite.pane.getByRole('button', { name: 'Sign in' }).click();
  await answerDialogNotice(suite, 'Ignore');
  await suite.pane.getByRole('alert').filter({ hasText: 'The sign-in window was blocked' }).waitFor();
  await suite.pane.getByRole('button', { name: 'Try again' }).waitFor();
});

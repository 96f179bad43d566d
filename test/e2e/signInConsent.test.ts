/**
 * Consent on the Office SSO path, on the production build through the dev host: the middle
 * tier's consentRequired leads to the consent page in the Office dialog (no nested app
 * authentication here), with a bar that asks for permission, not a sign-in; a tenant that
 * forbids user consent gets the exact administrator grant.
 */
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { focusedText, recordAnnouncements, saying } from '../support/announcements';
import { taskPaneFrame } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { eventually } from '../support/eventually';
import { clickForPopup, closeOpenedSession, listShown, signInOnEntraPage, useHost } from '../support/signInFlows';

jest.setTimeout(90_000);
const suite = useDevHostSuite();

it('consent required while signed in: "Permission needed", never "Sign in"; a retry shows progress in place, keeps focus on the bar and is announced once; granting opens the session', async () => {
  await useHost(suite, SEED_USERS.megan.oid, { ssoBehaviour: 'ok' }, 'consentRequired');
  // Listing needs no Graph call; opening a session is where the missing consent shows.
  await listShown(suite);
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  const alert = suite.pane.getByRole('alert').filter({ hasText: 'needs your permission' });
  await alert.waitFor();
  expect(await suite.pane.getByRole('button', { name: 'Open session' }).getAttribute('aria-disabled')).toBe('true');
  // Signed in already: the bar says what is missing, and nothing about signing in.
  await suite.pane.getByText(`Signed in as ${SEED_USERS.megan.displayName}`).waitFor();
  expect(await alert.textContent()).toBe(
    'Permission needed Workbook Sessions needs your permission to open workbook sessions on your files.',
  );
  expect(await suite.pane.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(0);
  const frame = await taskPaneFrame(suite.page, suite.stack);
  const said = await recordAnnouncements(frame);

  // The first window is closed unfinished: the same bar says so, its button busy meanwhile.
  const first = await clickForPopup(suite, 'Grant permission');
  const busy = suite.pane.getByRole('button', { name: 'Waiting for permission…' });
  expect(await busy.getAttribute('aria-disabled')).toBe('true');
  await first.getByRole('button', { name: 'Sign in and accept' }).waitFor();
  await first.close();
  const closed = suite.pane.getByRole('alert').filter({ hasText: 'The sign-in window was closed before you finished' });
  await closed.waitFor();
  expect(await closed.textContent()).toContain('Select Grant permission to open it again.');
  await eventually(() => focusedText(frame), 'Grant permission');
  const afterFailure = await said();
  expect(saying(afterFailure, 'The sign-in window was closed')).toEqual([
    { politeness: 'assertive', text: expect.stringContaining('Permission needed') },
  ]);
  // The message did not repeat while the button worked.
  expect(saying(afterFailure, 'needs your permission')).toEqual([]);

  const popup = await clickForPopup(suite, 'Grant permission');
  await popup.getByRole('list', { name: 'Requested permissions' }).filter({ hasText: 'Files.ReadWrite' }).waitFor();
  await signInOnEntraPage(popup, SEED_USERS.megan.displayName);
  // Granting permission redoes the action that needed it: the session opens.
  await closeOpenedSession(suite);
  expect(await suite.pane.getByRole('alert').count()).toBe(0);
  expect(saying(await said(), 'Permission granted.')).toEqual([{ politeness: 'polite', text: 'Permission granted.' }]);
});

it('a tenant that forbids user consent: says exactly what the administrator must grant, to which app', async () => {
  await useHost(suite, SEED_USERS.ana.oid, { ssoBehaviour: 'ok' }, 'adminConsentRequired');
  await listShown(suite);
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await signInOnEntraPage(await clickForPopup(suite, 'Grant permission'), SEED_USERS.ana.displayName);
  const alert = suite.pane.getByRole('alert').filter({ hasText: 'Ask your administrator to grant admin consent' });
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  expect(text).toContain('Files.ReadWrite');
  expect(text).toContain(LOCAL_MODE.clientId);
});

/**
 * Consent on the Office SSO path, on the production build through the dev host: the middle
 * tier's consentRequired leads to the consent page in the Office dialog (no nested app
 * authentication here); a tenant that forbids user consent gets the exact administrator grant.
 */
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { useDevHostSuite } from '../support/devHostSuite';
import { clickForPopup, closeOpenedSession, listShown, signInOnEntraPage, useHost } from '../support/signInFlows';

jest.setTimeout(90_000);
const suite = useDevHostSuite();

it('consent required: "Grant permission" → the consent page in the Office dialog → the list, and the session opens', async () => {
  await useHost(suite, SEED_USERS.megan.oid, { ssoBehaviour: 'ok' }, 'consentRequired');
  // Listing needs no Graph call; opening a session is where the missing consent shows.
  await listShown(suite);
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  await suite.pane.getByRole('alert').filter({ hasText: 'needs your permission' }).waitFor();
  expect(await suite.pane.getByRole('button', { name: 'Open session' }).getAttribute('aria-disabled')).toBe('true');
  const popup = await clickForPopup(suite, 'Grant permission');
  await popup.getByRole('list', { name: 'Requested permissions' }).filter({ hasText: 'Files.ReadWrite' }).waitFor();
  await signInOnEntraPage(popup, SEED_USERS.megan.displayName);
  // Granting permission redoes the action that needed it: the session opens.
  await closeOpenedSession(suite);
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

/**
 * Sign-in path 2, nested app authentication, on the production build through the dev host:
 * SSO fails with 13012, the host supports NestedAppAuth 1.1, MSAL.js is fetched then and talks
 * to the emulated Office's bridge (silent first, then Office's own prompt window).
 */
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { useDevHostSuite } from '../support/devHostSuite';
import { closeOpenedSession, listShown, openAndCloseSession, useHost } from '../support/signInFlows';

jest.setTimeout(90_000);
const suite = useDevHostSuite();
const NAA_HOST = { ssoBehaviour: 13012, nestedAppAuth: true };

it('MFA claims challenge: MSAL.js passes the claims, Office prompts for verification, the session opens', async () => {
  await useHost(suite, SEED_USERS.megan.oid, NAA_HOST, 'mfaRequired');
  await listShown(suite);
  const popup = suite.page.context().waitForEvent('page');
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  const prompt = await popup;
  await prompt.getByRole('heading', { name: 'Verify your identity' }).waitFor();
  await prompt.getByRole('button', { name: 'Verify' }).click();
  await closeOpenedSession(suite);
});

it('needing consent (Entra’s invalid_grant with suberror consent_required, a code MSAL lists nowhere): Office’s consent window, then the list, and the session opens', async () => {
  const popup = suite.page.context().waitForEvent('page');
  const msal = await useHost(suite, SEED_USERS.ana.oid, NAA_HOST, 'consentRequired');
  const prompt = await popup;
  await prompt.getByRole('heading', { name: 'Permissions requested' }).waitFor();
  await prompt.getByRole('button', { name: 'Accept' }).click();
  await listShown(suite);
  await openAndCloseSession(suite);
  expect(msal).toHaveLength(1);
});

it('silent: MSAL.js (fetched only now) gets the token from Office without any window', async () => {
  const msal = await useHost(suite, SEED_USERS.ana.oid, NAA_HOST);
  await listShown(suite);
  await openAndCloseSession(suite);
  expect(msal).toHaveLength(1);
  expect(suite.page.context().pages()).toHaveLength(1);
});

it('the broker needs the user and sends an empty code: MSAL.js’s InteractionRequiredAuthError still leads to Office’s prompt, then the list', async () => {
  const popup = suite.page.context().waitForEvent('page');
  const msal = await useHost(suite, SEED_USERS.ana.oid, { ...NAA_HOST, nestedAppAuthBehaviour: 'interactionRequired' });
  const prompt = await popup;
  await prompt.getByRole('heading', { name: 'Sign in' }).waitFor();
  await prompt.getByRole('button', { name: 'Continue' }).click();
  await listShown(suite);
  await openAndCloseSession(suite);
  expect(msal).toHaveLength(1);
});

it('a broker without nested app authentication after all: falls back to the Office dialog', async () => {
  await useHost(suite, SEED_USERS.ana.oid, { ...NAA_HOST, nestedAppAuthBehaviour: 'unavailable' });
  await suite.pane.getByRole('alert').filter({ hasText: "can't sign you in to this add-in automatically" }).waitFor();
});

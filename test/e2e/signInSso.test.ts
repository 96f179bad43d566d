/**
 * Sign-in path 1, Office SSO, on the production build through the dev host: no MSAL.js, and
 * a claims challenge answered through getAccessToken({ authChallenge }). See docs/sign-in.md.
 */
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { useDevHostSuite } from '../support/devHostSuite';
import { waitForStatus } from '../support/devHostPage';
import { emulatorState } from '../support/emulatorControl';
import { closeOpenedSession, listShown, openAndCloseSession, ROW_CLOSE, useHost } from '../support/signInFlows';

jest.setTimeout(90_000);
const suite = useDevHostSuite();

it('signs in silently, never loads MSAL.js, and the token opens and closes a session', async () => {
  const msal = await useHost(suite, SEED_USERS.megan.oid, { ssoBehaviour: 'ok' });
  await listShown(suite);
  await openAndCloseSession(suite);
  expect(msal).toEqual([]);
});

it('MFA claims challenge: answered through getAccessToken({ authChallenge }), still without MSAL.js', async () => {
  const msal = await useHost(suite, SEED_USERS.ana.oid, { ssoBehaviour: 'ok' }, 'mfaRequired');
  await listShown(suite);
  await openAndCloseSession(suite);
  expect(msal).toEqual([]);
  // Entra refused the first exchange with the challenge, then accepted the MFA token.
  const tokenAnswers = (await emulatorState(suite.stack)).requests
    .filter((r) => r.path.endsWith('/oauth2/v2.0/token'))
    .map((r) => r.status);
  expect(tokenAnswers).toEqual([400, 200]);
});

it("Graph's claims challenge (continuous access evaluation): the pane gets a token with the claims and the action succeeds", async () => {
  const msal = await useHost(suite, SEED_USERS.megan.oid, { ssoBehaviour: 'ok' });
  await listShown(suite);
  // The middle tier now holds a Graph token for Megan, issued before the revocation below.
  await openAndCloseSession(suite);
  await suite.page.getByLabel('Fault preset').selectOption('cae-claims');
  await suite.page.getByRole('button', { name: 'Turn faults on' }).click();
  await waitForStatus(suite.page, 'Faults on.');

  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  // The session's row, or the error the pane shows instead (named in the failure).
  const row = suite.pane.getByRole('button', { name: ROW_CLOSE });
  await row.or(suite.pane.getByRole('alert')).first().waitFor();
  if (!(await row.isVisible()))
    throw new Error(
      `the pane showed an error instead of the session: ${await suite.pane.getByRole('alert').first().innerText()}`,
    );
  await closeOpenedSession(suite);
  expect(await suite.pane.getByRole('alert').count()).toBe(0);
  expect(msal).toEqual([]);

  const state = await emulatorState(suite.stack);
  // Graph challenged the old token once; Office was asked for a token with the claims (authChallenge).
  expect(state.faults.fired).toEqual({ 'rule-1': 1 });
  expect(state.requests.filter((r) => r.status === 401).map((r) => r.path)).toEqual([
    expect.stringMatching(/^\/v1\.0\//),
  ]);
  expect(state.entraMfaPassed).toContain(SEED_USERS.megan.oid);
});

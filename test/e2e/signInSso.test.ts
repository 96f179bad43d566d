/**
 * Sign-in path 1, Office SSO, on the production build through the dev host: no MSAL.js, and
 * a claims challenge answered through getAccessToken({ authChallenge }). See docs/sign-in.md.
 */
import { SEED_USERS } from '../../src/emulator/directory/seed';
import { useDevHostSuite } from '../helpers/devHostSuite';
import { emulatorState } from '../helpers/emulatorControl';
import { listShown, openAndCloseSession, useHost } from '../helpers/signInFlows';

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
  const tokenAnswers = (await emulatorState(suite.stack)).requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).map((r) => r.status);
  expect(tokenAnswers).toEqual([400, 200]);
});

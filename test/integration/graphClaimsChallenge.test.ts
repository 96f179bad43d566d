/**
 * Continuous access evaluation end to end, without the browser: the middle tier and the emulator
 * over HTTPS with real msal-node. Graph answers a call made with a token issued before a
 * revocation with its `insufficient_claims` challenge; the middle tier answers the pane
 * `401 claimsChallenge` with the claims; a token the pane gets with them
 * (getAccessToken({ authChallenge })) makes the same call succeed, through a new on-behalf-of
 * exchange that carries the claims. For single calls and for the `$batch` of "close all".
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { CloseManyResponse, SessionResponse } from '../../src/shared/api';
import { clearFaults, emulatorState, hostSsoToken, setFaults, ssoTokenFor } from '../support/emulatorControl';
import { startLocalStack, type LocalStack } from '../support/localStack';
import { apiCall, errorEnvelopeOf } from '../support/sessionApi';

const MEGAN = SEED_USERS.megan.oid;
const CREATE_BODY = { documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: false };

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
}, 30_000);
afterAll(async () => stack?.close());
afterEach(async () => clearFaults(stack));

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  apiCall(stack, token, path, init);

const envelope = errorEnvelopeOf;

const tokenRequests = async (): Promise<number> =>
  (await emulatorState(stack)).requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length;

/** Graph revokes every token issued until now (the user's sessions were revoked, say). */
const revokeNow = (): Promise<void> => setFaults(stack, 1, [{ id: 'cae', route: 'any', kind: 'insufficientClaims' }]);

async function expectChallenge(res: { status: number; body: unknown }): Promise<string> {
  expect(res.status).toBe(401);
  const error = envelope(res.body);
  expect(error.code).toBe('claimsChallenge');
  const claims = JSON.parse(error.claims ?? '') as { access_token?: { nbf?: { essential?: boolean; value?: string } } };
  expect(claims.access_token?.nbf).toEqual({ essential: true, value: expect.stringMatching(/^\d+$/) });
  return error.claims ?? '';
}

describe("Graph's claims challenge (continuous access evaluation)", () => {
  it('on createSession: 401 claimsChallenge, then a token obtained with the claims creates the session', async () => {
    // A first Graph call (listing makes none) gives the middle tier a cached Graph token, issued
    // before the revocation; one obtained after it, in a later second, would not be challenged.
    const first = await api('/api/sessions', await ssoTokenFor(stack, MEGAN), {
      method: 'POST',
      body: { documentUrl: encodeURI(SEED_WORKBOOKS.presupuesto.webUrl), persistChanges: false },
    });
    expect(first.status).toBe(201);
    await revokeNow();

    const claims = await expectChallenge(
      await api('/api/sessions', await ssoTokenFor(stack, MEGAN), { method: 'POST', body: CREATE_BODY }),
    );
    const before = await tokenRequests();
    const stepUp = await hostSsoToken(stack, { authChallenge: claims });
    const created = await api('/api/sessions', stepUp, { method: 'POST', body: CREATE_BODY });
    expect(created.status).toBe(201);
    expect((created.body as SessionResponse).session.workbook.itemId).toBe(SEED_WORKBOOKS.forecast.itemId);
    // One new exchange; the token it gave is used from the cache afterwards.
    expect((await tokenRequests()) - before).toBe(1);
    expect(
      (
        await api(
          `/api/sessions/${(created.body as SessionResponse).session.id}/refresh`,
          await ssoTokenFor(stack, MEGAN),
          { method: 'POST' },
        )
      ).status,
    ).toBe(200);
    expect((await emulatorState(stack)).faults.fired.cae).toBe(1);
  });

  it('on refresh and on the $batch of "close all" alike', async () => {
    const created = await api('/api/sessions', await ssoTokenFor(stack, MEGAN), { method: 'POST', body: CREATE_BODY });
    expect(created.status).toBe(201);
    const id = (created.body as SessionResponse).session.id;
    await revokeNow();

    const refreshClaims = await expectChallenge(
      await api(`/api/sessions/${id}/refresh`, await ssoTokenFor(stack, MEGAN), { method: 'POST' }),
    );
    expect(
      (
        await api(`/api/sessions/${id}/refresh`, await hostSsoToken(stack, { authChallenge: refreshClaims }), {
          method: 'POST',
        })
      ).status,
    ).toBe(200);

    await revokeNow();
    const closeClaims = await expectChallenge(
      await api('/api/sessions/close', await ssoTokenFor(stack, MEGAN), { method: 'POST', body: { ids: [id] } }),
    );
    const closed = await api('/api/sessions/close', await hostSsoToken(stack, { authChallenge: closeClaims }), {
      method: 'POST',
      body: { ids: [id] },
    });
    expect(closed.status).toBe(200);
    expect((closed.body as CloseManyResponse).results).toEqual([{ id, outcome: 'closed' }]);
  });
});

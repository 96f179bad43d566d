/**
 * Authentication against the emulator's Entra ID: every on-behalf-of outcome the emulator can be
 * switched to, as the task pane sees it; one OBO exchange per user however many fresh SSO tokens
 * arrive; and signing-key rotation.
 *
 * One stack for the file. The middle tier caches a user's Graph token after a successful
 * exchange, so the failure cases run first, each setting its switch, and each scenario says
 * which user it uses.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { SessionResponse } from '../../src/shared/api';
import {
  emulatorState,
  hostSsoToken,
  mintTestToken,
  rotateSigningKeys,
  setEntraBehaviour,
  ssoTokenFor,
} from '../support/emulatorControl';
import { startLocalStack, type LocalStack } from '../support/localStack';
import { apiCall, errorEnvelopeOf } from '../support/sessionApi';
import { captureLogs } from '../support/logCapture';

const MEGAN = SEED_USERS.megan.oid;
const ANA = SEED_USERS.ana.oid;
const CREATE_BODY = { documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: false };

let stack: LocalStack;
const logs = captureLogs();

beforeAll(async () => {
  stack = await startLocalStack({ serverEnv: { LOG_LEVEL: 'info' }, serverOverrides: { logStream: logs.stream } });
}, 30_000);
afterAll(async () => stack?.close());

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  apiCall(stack, token, path, init);

const envelope = errorEnvelopeOf;

async function tokenRequests(): Promise<number> {
  return (await emulatorState(stack)).requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length;
}

describe('on-behalf-of outcomes as the task pane sees them (user: Megan)', () => {
  afterAll(async () => setEntraBehaviour(stack, MEGAN, 'ok'));

  it('consent required → 403 consentRequired', async () => {
    await setEntraBehaviour(stack, MEGAN, 'consentRequired');
    const res = await api('/api/sessions', await ssoTokenFor(stack, MEGAN), { method: 'POST', body: CREATE_BODY });
    expect(res.status).toBe(403);
    expect(envelope(res.body).code).toBe('consentRequired');
  });

  it('expired assertion → 401 tokenExpired (the pane gets a fresh token and retries once)', async () => {
    await setEntraBehaviour(stack, MEGAN, 'assertionExpired');
    const res = await api('/api/sessions', await ssoTokenFor(stack, MEGAN), { method: 'POST', body: CREATE_BODY });
    expect(res.status).toBe(401);
    expect(envelope(res.body).code).toBe('tokenExpired');
  });

  it('invalid scope → 500 serverMisconfigured with a generic message; the detail is in the server log only', async () => {
    await setEntraBehaviour(stack, MEGAN, 'invalidScope');
    const res = await api('/api/sessions', await ssoTokenFor(stack, MEGAN), { method: 'POST', body: CREATE_BODY });
    expect(res.status).toBe(500);
    const error = envelope(res.body);
    expect(error.code).toBe('serverMisconfigured');
    expect(error.message).not.toMatch(/AADSTS|scope|GRAPH_SCOPES|CLIENT_/i);
    const adminLine = logs.entries().find((e) => e.reqId === error.requestId && e.level === 50);
    expect(String(adminLine?.msg)).toMatch(/AADSTS70011.*GRAPH_SCOPES/);
  });

  it('MFA required → 401 claimsChallenge with claims; a token obtained with that challenge succeeds', async () => {
    await setEntraBehaviour(stack, MEGAN, 'mfaRequired');
    const first = await api('/api/sessions', await ssoTokenFor(stack, MEGAN), { method: 'POST', body: CREATE_BODY });
    expect(first.status).toBe(401);
    const challenge = envelope(first.body);
    expect(challenge.code).toBe('claimsChallenge');
    expect(challenge.claims).toBeDefined();
    expect(() => JSON.parse(challenge.claims ?? '') as unknown).not.toThrow();

    // What the pane does: getAccessToken({ authChallenge: claims }), then the same call again.
    const stepUp = await hostSsoToken(stack, { authChallenge: challenge.claims });
    const second = await api('/api/sessions', stepUp, { method: 'POST', body: CREATE_BODY });
    expect(second.status).toBe(201);
    expect((second.body as SessionResponse).session.workbook.itemId).toBe(SEED_WORKBOOKS.forecast.itemId);
  });
});

describe('one on-behalf-of exchange per user per Graph-token lifetime (user: Ana)', () => {
  it('makes one token request for N calls that each bring a fresh SSO token', async () => {
    const before = await tokenRequests();
    const created = await api('/api/sessions', await ssoTokenFor(stack, ANA), {
      method: 'POST',
      body: { ...CREATE_BODY, documentUrl: encodeURI(SEED_WORKBOOKS.gastos.webUrl) },
    });
    expect(created.status).toBe(201);
    const id = (created.body as SessionResponse).session.id;

    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const fresh = await ssoTokenFor(stack, ANA);
      seen.add(fresh);
      const refreshed = await api(`/api/sessions/${id}/refresh`, fresh, { method: 'POST' });
      expect(refreshed.status).toBe(200);
    }
    expect(seen.size).toBe(8);
    // Concurrent calls share the cached token too.
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, async () =>
        api(`/api/sessions/${id}/refresh`, await ssoTokenFor(stack, ANA), { method: 'POST' }),
      ),
    );
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

    expect((await tokenRequests()) - before).toBe(1);
  });
});

describe('which application obtained the SSO token (user: Ana)', () => {
  // Office inside Microsoft Teams asks for the token with Teams' own client ids
  // (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/register-sso-add-in-aad-v2).
  it.each([
    ['Teams desktop and mobile', '1fec8e78-bce4-4aaf-ab1b-5451cc387264'],
    ['Teams on the web', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'],
  ])('accepts a token %s obtained (Office in Teams)', async (_name, authorizedParty) => {
    const token = await mintTestToken(stack, { userOid: ANA, audience: 'addin', authorizedParty });
    expect((await api('/api/sessions', token)).status).toBe(200);
  });

  it('refuses a token another application of the tenant obtained: 401 unauthorizedClient', async () => {
    const token = await mintTestToken(stack, {
      userOid: ANA,
      audience: 'addin',
      authorizedParty: '0f0f0f0f-1111-4222-8333-444444444444',
    });
    const res = await api('/api/sessions', token);
    expect(res.status).toBe(401);
    expect(envelope(res.body).code).toBe('unauthorizedClient');
  });
});

describe('signing-key rotation', () => {
  it('accepts tokens signed with the new key (unknown kid → JWKS refetch) and, while it is published, the retiring one', async () => {
    const beforeRotation = await ssoTokenFor(stack, ANA);
    expect((await api('/api/sessions', beforeRotation)).status).toBe(200);
    await rotateSigningKeys(stack);
    const afterRotation = await ssoTokenFor(stack, ANA);
    const kid = (token: string): unknown =>
      (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid;
    expect(kid(afterRotation)).not.toBe(kid(beforeRotation));
    expect((await api('/api/sessions', afterRotation)).status).toBe(200);
    expect((await api('/api/sessions', beforeRotation)).status).toBe(200);
  });
});

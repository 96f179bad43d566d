/**
 * Proof that the middle tier's logs never carry a credential or a Graph session id: the full
 * pino stream at `trace` level (msal's own logs included) is captured across a whole
 * create → refresh → list → close → close-many flow and a few failures, and searched for every
 * SSO token used, anything shaped like a JWT (the Graph tokens the emulator issued are JWTs),
 * the client secret, and every workbook session id the emulator handed out.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { SessionResponse } from '../../src/shared/api';
import { emulatorState, setEntraBehaviour, ssoTokenFor } from '../support/emulatorControl';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';
import { captureLogs } from '../support/logCapture';

const MEGAN = SEED_USERS.megan.oid;
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/;

let stack: LocalStack;
const logs = captureLogs();
const ssoTokens: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ serverEnv: { LOG_LEVEL: 'trace' }, serverOverrides: { logStream: logs.stream } });
}, 30_000);
afterAll(async () => stack?.close());

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const token = init.token ?? (await ssoTokenFor(stack, MEGAN));
  ssoTokens.push(token);
  return httpsJson(stack, `${stack.addinUrl}${path}`, {
    method: init.method,
    body: init.body,
    headers: { authorization: `Bearer ${token}`, 'client-request-id': 'caller-chosen-id' },
  });
}

async function open(body: unknown): Promise<string> {
  const res = await call('/api/sessions', { method: 'POST', body });
  expect(res.status).toBe(201);
  return (res.body as SessionResponse).session.id;
}

describe('logs across a full flow', () => {
  it('contain no SSO token, no Graph token, no client secret and no Graph session id', async () => {
    // Failures first (claims challenge, bad token), then the happy path.
    await setEntraBehaviour(stack, MEGAN, 'mfaRequired');
    expect(
      (
        await call('/api/sessions', {
          method: 'POST',
          body: { documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: true },
        })
      ).status,
    ).toBe(401);
    await setEntraBehaviour(stack, MEGAN, 'ok');
    const forged = `${(await ssoTokenFor(stack, MEGAN)).slice(0, -6)}AAAAAA`;
    expect((await call('/api/sessions', { token: forged })).status).toBe(401);

    const byUrl = await open({ documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: true });
    const byIds = await open({
      driveId: SEED_WORKBOOKS.presupuesto.driveId,
      itemId: SEED_WORKBOOKS.presupuesto.itemId,
      persistChanges: false,
    });
    expect((await call(`/api/sessions/${byUrl}/refresh`, { method: 'POST' })).status).toBe(200);
    expect((await call('/api/sessions')).status).toBe(200);
    expect((await call(`/api/sessions/${byUrl}`, { method: 'DELETE' })).status).toBe(200);
    const more = [byIds, await open({ documentUrl: encodeURI(SEED_WORKBOOKS.forecast.webUrl), persistChanges: false })];
    expect((await call('/api/sessions/close', { method: 'POST', body: { ids: more } })).status).toBe(200);

    const state = await emulatorState(stack);
    const graphSessionIds = state.sessions.map((s) => s.id);
    expect(graphSessionIds.length).toBeGreaterThanOrEqual(3);
    expect(state.requests.some((r) => r.path.endsWith('/oauth2/v2.0/token'))).toBe(true);

    const text = logs.text();
    // The capture really holds the flow (so the absence checks below mean something).
    expect(logs.lines.length).toBeGreaterThan(30);
    expect(text).toContain('/api/sessions/close');

    for (const token of ssoTokens) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2] ?? token);
    }
    expect(text).not.toMatch(JWT_SHAPE);
    expect(text).not.toContain(stack.clientSecret);
    for (const id of graphSessionIds) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(encodeURIComponent(id));
    }
  });
});

describe('request URLs in logs', () => {
  it('never carry the query string, where a caller may have put a token', async () => {
    const token = await ssoTokenFor(stack, MEGAN);
    const before = logs.lines.length;
    const paths = [
      `/api/sessions?access_token=${token}`,
      `/no-such-page?code=${token}#frag`,
      `/api/sessions/close?token=${token}`,
    ];
    for (const path of paths) {
      const res = await httpsJson(stack, `${stack.addinUrl}${path}`, {
        method: path.includes('close') ? 'POST' : 'GET',
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    const lines = logs.lines.slice(before);
    const text = lines.join('');
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[1] ?? token);
    // The requests were logged, by path.
    const urls = lines
      .map((line) => (JSON.parse(line) as { req?: { url?: unknown } }).req?.url)
      .filter((url) => url !== undefined);
    expect(urls).toEqual(expect.arrayContaining(['/api/sessions', '/no-such-page', '/api/sessions/close']));
  });
});

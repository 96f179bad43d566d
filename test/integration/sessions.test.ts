/**
 * The walking skeleton end to end without a browser: the middle tier and the emulator as real
 * HTTPS servers, the SSO token from the emulated Office host, the real msal-node on-behalf-of
 * exchange, and Graph createSession / closeSession as the emulator records them.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import type { CloseSessionResponse, ListSessionsResponse, SessionResponse } from '../../src/shared/api';
import { emulatorState, resetEmulator, ssoTokenFor } from '../support/emulatorControl';
import { httpsJson, REGISTRIES, startLocalStack, type LocalStack } from '../support/localStack';

let stack: LocalStack;
let megan: string;
let ana: string;

describe.each(REGISTRIES)('with the %s registry', (registry) => {
  beforeAll(async () => {
    stack = await startLocalStack({ registry });
    megan = await ssoTokenFor(stack, SEED_USERS.megan.oid);
    ana = await ssoTokenFor(stack, SEED_USERS.ana.oid);
  }, 30_000);
  afterAll(async () => stack?.close());

  const api = (path: string, token: string | undefined, init: { method?: string; body?: unknown } = {}) =>
    httpsJson(stack, `${stack.addinUrl}${path}`, {
      ...init,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  describe('open → list → close through the middle tier', () => {
    it('opens a session on the workbook Office reports, lists it, and closes it in Graph', async () => {
      const wb = SEED_WORKBOOKS.forecast;
      // Office reports the document URL percent-encoded; the middle tier resolves it through /shares.
      const created = await api('/api/sessions', megan, {
        method: 'POST',
        body: { documentUrl: encodeURI(wb.webUrl), persistChanges: true },
      });
      expect(created.status).toBe(201);
      const { session } = created.body as SessionResponse;
      expect(session).toMatchObject({
        persistChanges: true,
        status: 'open',
        workbook: { driveId: wb.driveId, itemId: wb.itemId, name: wb.name },
      });
      expect(session.id).toMatch(/^[0-9a-f-]{36}$/);

      const listed = await api('/api/sessions', megan);
      expect(listed.status).toBe(200);
      expect((listed.body as ListSessionsResponse).sessions.map((s) => s.id)).toEqual([session.id]);

      let state = await emulatorState(stack);
      const graphSession = state.sessions.find((s) => s.workbook.itemId === wb.itemId && s.status === 'open');
      expect(graphSession).toMatchObject({ userOid: SEED_USERS.megan.oid, persistChanges: true });
      // The Graph session id is the middle tier's secret: it never appears in its answers.
      expect(JSON.stringify(listed.body)).not.toContain(graphSession?.id);

      const closed = await api(`/api/sessions/${session.id}`, megan, { method: 'DELETE' });
      expect(closed.status).toBe(200);
      expect(closed.body as CloseSessionResponse).toEqual({ id: session.id, outcome: 'closed' });

      state = await emulatorState(stack);
      expect(state.sessions.find((s) => s.id === graphSession?.id)?.status).toBe('closed');
      const closeCall = state.requests.find((r) => r.method === 'POST' && r.path.endsWith('/workbook/closeSession'));
      expect(closeCall?.status).toBe(204);
      expect(closeCall?.headers['workbook-session-id']).toBe(graphSession?.id);

      expect(((await api('/api/sessions', megan)).body as ListSessionsResponse).sessions).toEqual([]);
    });

    it('opens a view-only session by drive and item ids', async () => {
      const wb = SEED_WORKBOOKS.presupuesto;
      const created = await api('/api/sessions', ana, {
        method: 'POST',
        body: { driveId: wb.driveId, itemId: wb.itemId, persistChanges: false },
      });
      expect(created.status).toBe(201);
      expect((created.body as SessionResponse).session).toMatchObject({
        persistChanges: false,
        workbook: { name: wb.name },
      });
      const refreshed = await api(`/api/sessions/${(created.body as SessionResponse).session.id}/refresh`, ana, {
        method: 'POST',
      });
      expect(refreshed.status).toBe(200);
    });

    it("keeps each user's sessions private: another user's id is a plain 404", async () => {
      const created = await api('/api/sessions', megan, {
        method: 'POST',
        body: { documentUrl: SEED_WORKBOOKS.presupuesto.webUrl, persistChanges: true },
      });
      const { id } = (created.body as SessionResponse).session;
      const listedByAna = (await api('/api/sessions', ana)).body as ListSessionsResponse;
      expect(listedByAna.sessions.map((s) => s.id)).not.toContain(id);

      const stolen = await api(`/api/sessions/${id}`, ana, { method: 'DELETE' });
      const missing = await api('/api/sessions/00000000-0000-4000-8000-000000000000', ana, { method: 'DELETE' });
      expect(stolen.status).toBe(404);
      expect((stolen.body as { error: { code: string } }).error.code).toBe('sessionNotFound');
      expect(missing.status).toBe(stolen.status);
      expect((missing.body as { error: { code: string } }).error.code).toBe('sessionNotFound');
      expect((await api(`/api/sessions/${id}`, megan, { method: 'DELETE' })).status).toBe(200);
    });

    it("cannot open a session on another user's OneDrive file: Graph's 403 becomes workbookAccessDenied", async () => {
      const res = await api('/api/sessions', megan, {
        method: 'POST',
        body: { documentUrl: SEED_WORKBOOKS.gastos.webUrl, persistChanges: true },
      });
      expect(res.status).toBe(403);
      expect((res.body as { error: { code: string } }).error.code).toBe('workbookAccessDenied');
    });

    it('reports a session Graph already dropped as already gone, and removes it', async () => {
      const created = await api('/api/sessions', megan, {
        method: 'POST',
        body: { documentUrl: SEED_WORKBOOKS.forecast.webUrl, persistChanges: true },
      });
      const { id } = (created.body as SessionResponse).session;
      await resetEmulator(stack);
      const closed = await api(`/api/sessions/${id}`, megan, { method: 'DELETE' });
      expect(closed.body).toEqual({ id, outcome: 'alreadyGone' });
      expect(
        ((await api('/api/sessions', megan)).body as ListSessionsResponse).sessions.map((s) => s.id),
      ).not.toContain(id);
    });

    it('answers 401 with the envelope without a token or with a token for another audience', async () => {
      const none = await api('/api/sessions', undefined);
      expect(none.status).toBe(401);
      expect((none.body as { error: { code: string } }).error.code).toBe('missingToken');
      const garbage = await api('/api/sessions', 'not.a.jwt');
      expect(garbage.status).toBe(401);
      expect((garbage.body as { error: { code: string } }).error.code).toBe('invalidToken');
    });
  });
});

/**
 * Multi-tenant validation end to end: the middle tier configured for two tenants
 * (TENANT_ID=organizations, ALLOWED_TENANTS=Contoso,Fabrikam) serves users of both against the
 * emulator's two tenants — each token checked against its own tenant's issuer and keys, each
 * on-behalf-of exchange in the user's own tenant — and still refuses a tenant it does not list.
 * With the default single-tenant configuration the second tenant's users are refused.
 */
import {
  FABRIKAM_TENANT_ID,
  FABRIKAM_USERS,
  FABRIKAM_WORKBOOKS,
  SEED_USERS,
  SEED_WORKBOOKS,
} from '../../src/emulator/directory/seed';
import type { ListSessionsResponse, SessionResponse } from '../../src/shared/api';
import { parseApiErrorEnvelope } from '../../src/shared/errors';
import { LOCAL_MODE } from '../../src/shared/localMode';
import { EmulatorControl, ssoTokenFor } from '../support/emulatorControl';
import { httpsJson, startLocalStack, type LocalStack } from '../support/localStack';

const DIEGO = FABRIKAM_USERS.diego.oid;
const MEGAN = SEED_USERS.megan.oid;

async function api(
  stack: LocalStack,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  return httpsJson(stack, `${stack.addinUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });
}

describe('a middle tier that serves two tenants', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({
      serverEnv: { TENANT_ID: 'organizations', ALLOWED_TENANTS: `${LOCAL_MODE.tenantId},${FABRIKAM_TENANT_ID}` },
    });
  }, 30_000);
  afterAll(async () => stack?.close());

  it("opens, lists and closes sessions for a user of each tenant, each in their own tenant's Graph", async () => {
    for (const [user, workbook] of [
      [DIEGO, FABRIKAM_WORKBOOKS.orders],
      [MEGAN, SEED_WORKBOOKS.presupuesto],
    ] as const) {
      const token = await ssoTokenFor(stack, user);
      const opened = await api(stack, token, '/api/sessions', {
        method: 'POST',
        body: { documentUrl: workbook.webUrl, persistChanges: false },
      });
      expect(opened.status).toBe(201);
      const { id } = (opened.body as SessionResponse).session;
      expect(
        ((await api(stack, token, '/api/sessions')).body as ListSessionsResponse).sessions.map((s) => s.id),
      ).toEqual([id]);
      expect((await api(stack, token, `/api/sessions/${id}`, { method: 'DELETE' })).body).toEqual({
        id,
        outcome: 'closed',
      });
    }
    // Each Graph session was created with a Graph token of the user's own tenant.
    const creates = (await EmulatorControl.of(stack).state()).requests.filter(
      (r) => r.path.endsWith('/createSession') && r.status === 201,
    );
    expect(creates).toHaveLength(2);
  });

  it('keeps the tenants apart: a Fabrikam user cannot open a Contoso workbook', async () => {
    const res = await api(stack, await ssoTokenFor(stack, DIEGO), '/api/sessions', {
      method: 'POST',
      body: { documentUrl: SEED_WORKBOOKS.presupuesto.webUrl, persistChanges: false },
    });
    expect(res.status).toBe(403);
    expect(parseApiErrorEnvelope(res.body)?.error.code).toBe('workbookAccessDenied');
  });

  it('refuses a token of a tenant it does not list, even one the issuer signed', async () => {
    const stranger = await EmulatorControl.of(stack).mintToken({
      userOid: MEGAN,
      audience: 'addin',
      tenantId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    });
    const res = await api(stack, stranger, '/api/sessions');
    // Signed by the issuer for a tenant this deployment does not serve: a new token cannot help.
    expect(res.status).toBe(403);
    expect(parseApiErrorEnvelope(res.body)?.error.code).toBe('tenantNotAllowed');
  });
});

describe('a single-tenant middle tier', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  }, 30_000);
  afterAll(async () => stack?.close());

  it("refuses the second tenant's users with 403 tenantNotAllowed and serves its own", async () => {
    const refused = await api(stack, await ssoTokenFor(stack, DIEGO), '/api/sessions');
    expect(refused.status).toBe(403);
    expect(parseApiErrorEnvelope(refused.body)?.error.code).toBe('tenantNotAllowed');
    expect((await api(stack, await ssoTokenFor(stack, MEGAN), '/api/sessions')).status).toBe(200);
  });
});

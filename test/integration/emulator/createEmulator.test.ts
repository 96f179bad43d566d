// Drives the running emulator over real HTTPS, as the middle tier and the Office host would.
import { encodeSharingUrl } from '../../../src/shared/sharesEncoding';
import { graphErrorCodes } from '../../../src/shared/graph';
import { SEED_USERS, SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';
import {
  startTestEmulator,
  TEST_CLIENT as CLIENT,
  TEST_SECRET as SECRET,
  TEST_TENANT as TENANT,
  type TestEmulator,
} from '../../support/testEmulator';

const ADDIN = 'https://localhost:3000';

let started: TestEmulator;
let clockMs = Date.parse('2027-03-01T09:00:00Z');

beforeAll(async () => {
  started = await startTestEmulator({ addinOrigin: ADDIN, now: () => clockMs });
});

afterAll(() => started.close());

beforeEach(() => started.emulator.reset());

const call: TestEmulator['call'] = (path, init) => started.call(path, init);

async function ssoToken(): Promise<string> {
  const response = await call('/_emulator/host/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as { accessToken: string };
  return body.accessToken;
}

async function graphToken(
  scope = 'https://graph.microsoft.com/Files.ReadWrite openid profile offline_access',
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    client_id: CLIENT,
    client_secret: SECRET,
    assertion: await ssoToken(),
    scope,
    requested_token_use: 'on_behalf_of',
    client_info: '1',
  });
  const response = await call(`/${TENANT}/oauth2/v2.0/token?client-request-id=abc`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const wb = SEED_WORKBOOKS.presupuesto;
const workbookPath = `/v1.0/drives/${wb.driveId}/items/${wb.itemId}/workbook`;

describe('workbook sessions over HTTPS', () => {
  it('creates, refreshes and closes a session, then 404s a second close', async () => {
    const token = await graphToken();
    const auth = { authorization: `Bearer ${token}` };

    const created = await call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: {
        ...auth,
        'content-type': 'application/json',
        'client-request-id': 'c0ffee11-2222-4333-8444-555566667777',
      },
      body: JSON.stringify({ persistChanges: true }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('client-request-id')).toBe('c0ffee11-2222-4333-8444-555566667777');
    expect(created.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const info = (await created.json()) as { id: string; persistChanges: boolean; '@odata.context': string };
    expect(info.persistChanges).toBe(true);
    expect(info['@odata.context']).toBe(
      `${started.emulator.origins.graph}/v1.0/$metadata#microsoft.graph.workbookSessionInfo`,
    );
    for (const c of ['=', '&', '%', '.', '/', '+']) expect(info.id).toContain(c);

    const refreshed = await call(`${workbookPath}/refreshSession`, {
      method: 'POST',
      headers: { ...auth, 'workbook-session-id': info.id },
    });
    expect(refreshed.status).toBe(204);
    const closed = await call(`${workbookPath}/closeSession`, {
      method: 'POST',
      headers: { ...auth, 'workbook-session-id': info.id },
    });
    expect(closed.status).toBe(204);
    const again = await call(`${workbookPath}/closeSession`, {
      method: 'POST',
      headers: { ...auth, 'workbook-session-id': info.id },
    });
    expect(again.status).toBe(404);
    expect(graphErrorCodes(await again.json())).toContain('invalidsessionrecreatable');

    const state = (await (await call('/_emulator/state')).json()) as {
      sessions: { id: string; status: string; closedAt?: string }[];
      requests: { path: string; status: number; headers: Record<string, string> }[];
    };
    expect(state.sessions).toEqual([
      expect.objectContaining({ id: info.id, status: 'closed', closedAt: expect.any(String) }),
    ]);
    const refreshLog = state.requests.find((r) => r.path.endsWith('/refreshSession'));
    expect(refreshLog?.headers['workbook-session-id']).toBe(info.id);
    expect(refreshLog?.headers.authorization).toBe('Bearer <redacted>');
    expect(JSON.stringify(state.requests)).not.toContain(token);
  });

  it('answers 400 without the workbook-session-id header and 400 for a body without persistChanges', async () => {
    const auth = { authorization: `Bearer ${await graphToken()}` };
    const refresh = await call(`${workbookPath}/refreshSession`, { method: 'POST', headers: auth });
    expect(refresh.status).toBe(400);
    const body = (await refresh.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.innerError['request-id']).toBe(refresh.headers.get('request-id'));
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

    for (const text of ['', 'not json', '{}', '{"persistChanges":"yes"}']) {
      const created = await call(`${workbookPath}/createSession`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: text,
      });
      expect(created.status).toBe(400);
      expect(graphErrorCodes(await created.json())).toEqual(['invalidrequest', 'invalidargument']);
    }
  });

  it('expires an idle session on the injected clock', async () => {
    const auth = { authorization: `Bearer ${await graphToken()}` };
    const created = await call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: auth,
      body: '{"persistChanges":true}',
    });
    const { id } = (await created.json()) as { id: string };
    clockMs += 5 * 60 * 1000;
    const refresh = await call(`${workbookPath}/refreshSession`, {
      method: 'POST',
      headers: { ...auth, 'workbook-session-id': id },
    });
    expect(refresh.status).toBe(404);
    const state = (await (await call('/_emulator/state')).json()) as { sessions: { status: string }[] };
    expect(state.sessions[0]?.status).toBe('expired');
  });

  it('rejects Graph calls without a valid token (401) or without Files.ReadWrite (403)', async () => {
    const none = await call(`${workbookPath}/createSession`, { method: 'POST', body: '{"persistChanges":true}' });
    expect(none.status).toBe(401);
    expect(graphErrorCodes(await none.json())).toEqual(['invalidauthenticationtoken']);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);

    const sso = await call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await ssoToken()}` },
      body: '{"persistChanges":true}',
    });
    expect(sso.status).toBe(401);

    const readOnly = await graphToken('https://graph.microsoft.com/Files.Read');
    const forbidden = await call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly}` },
      body: '{"persistChanges":true}',
    });
    expect(forbidden.status).toBe(403);
    expect(graphErrorCodes(await forbidden.json())[0]).toBe('accessdenied');
  });

  it('resolves document URLs through /shares, percent-encoded or not, and hides OneDrive files of others', async () => {
    const auth = { authorization: `Bearer ${await graphToken()}` };
    const raw = await call(`/v1.0/shares/${encodeSharingUrl(wb.webUrl)}/driveItem`, { headers: auth });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({
      id: wb.itemId,
      name: wb.name,
      parentReference: { driveId: wb.driveId, driveType: 'documentLibrary' },
    });

    const escaped = await call(`/v1.0/shares/${encodeSharingUrl(wb.webUrl.replace(/ /g, '%20'))}/driveItem`, {
      headers: auth,
    });
    expect(escaped.status).toBe(200);

    const bad = await call('/v1.0/shares/u!not*base64/driveItem', { headers: auth });
    expect(bad.status).toBe(400);

    const unknown = await call(
      `/v1.0/shares/${encodeSharingUrl('https://contoso.sharepoint.com/sites/Nada/x.xlsx')}/driveItem`,
      { headers: auth },
    );
    expect(unknown.status).toBe(404);

    // Megan (the default host user) may not open Ana's OneDrive file: Graph's /shares refusal.
    const foreign = await call(`/v1.0/shares/${encodeSharingUrl(SEED_WORKBOOKS.gastos.webUrl)}/driveItem`, {
      headers: auth,
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'accessDenied',
      message: 'The sharing link no longer exists, or you do not have permission to access it.',
    });
  });

  it('serves a driveItem by drive and item ids to the users who may see it', async () => {
    const auth = { authorization: `Bearer ${await graphToken()}` };
    const item = await call(`/v1.0/drives/${wb.driveId}/items/${wb.itemId}`, { headers: auth });
    expect(item.status).toBe(200);
    expect(await item.json()).toMatchObject({ id: wb.itemId, name: wb.name, parentReference: { driveId: wb.driveId } });

    const foreign = await call(`/v1.0/drives/${SEED_WORKBOOKS.gastos.driveId}/items/${SEED_WORKBOOKS.gastos.itemId}`, {
      headers: auth,
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('accessDenied');
    const anonymous = await call(`/v1.0/drives/${wb.driveId}/items/${wb.itemId}`);
    expect(anonymous.status).toBe(401);
  });

  it('keeps sessions per user: another user presenting the id gets 404', async () => {
    const megan = { authorization: `Bearer ${await graphToken()}` };
    const created = await call(`${workbookPath}/createSession`, {
      method: 'POST',
      headers: megan,
      body: '{"persistChanges":false}',
    });
    const { id } = (await created.json()) as { id: string };

    const switched = await call('/_emulator/host/context', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userOid: SEED_USERS.ana.oid, workbookItemId: null }),
    });
    expect(await switched.json()).toMatchObject({
      user: { oid: SEED_USERS.ana.oid, name: 'Ana García', upn: 'ana@contoso.onmicrosoft.com' },
      documentUrl: null,
      displayLanguage: 'es-ES',
      ssoBehaviour: 'ok',
    });
    const ana = { authorization: `Bearer ${await graphToken()}` };
    const refresh = await call(`${workbookPath}/refreshSession`, {
      method: 'POST',
      headers: { ...ana, 'workbook-session-id': id },
    });
    expect(refresh.status).toBe(404);
  });

  it('answers 501 for unknown Graph routes, 404 for unknown other routes, 405 for a wrong method', async () => {
    const graph = await call('/v1.0/me/drive/root/children');
    expect(graph.status).toBe(501);
    expect(graphErrorCodes(await graph.json())[0]).toBe('notimplemented');
    const other = await call('/nothing-here');
    expect(other.status).toBe(404);
    const wrongMethod = await call(`${workbookPath}/createSession`);
    expect(wrongMethod.status).toBe(405);
  });
});

describe('issuer', () => {
  it('publishes metadata and keys for its tenant only', async () => {
    const metadata = (await (await call(`/${TENANT}/v2.0/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(metadata.issuer).toBe(`${started.emulator.origins.entra}/${TENANT}/v2.0`);
    expect(metadata.token_endpoint).toBe(`${started.emulator.origins.entra}/${TENANT}/oauth2/v2.0/token`);
    const jwks = (await (await call(`/${TENANT}/discovery/v2.0/keys`)).json()) as {
      keys: { kid: string; use: string; kty: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', kid: expect.any(String) });
    const other = await call('/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration');
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });
});

describe('host endpoints', () => {
  it('allows CORS for the add-in origin only', async () => {
    const preflight = await call('/_emulator/host/token', {
      method: 'OPTIONS',
      headers: { origin: ADDIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ADDIN);
    const foreign = await call('/_emulator/host/context', { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reports an Office error code chosen by the dev host, and lifts 13001 when sign-in is allowed', async () => {
    await call('/_emulator/host/context', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userOid: SEED_USERS.megan.oid, workbookItemId: wb.itemId, ssoBehaviour: 13001 }),
    });
    const silent = await call('/_emulator/host/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await silent.json()).toEqual({ officeError: { code: 13001 } });
    const prompted = await call('/_emulator/host/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"allowSignInPrompt":true}',
    });
    expect(await prompted.json()).toEqual({ accessToken: expect.any(String) });
  });

  it('rejects an invalid host context with a 400 naming the field', async () => {
    const response = await call('/_emulator/host/context', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"userOid":"x","workbookItemId":null}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('userOid');
  });

  it('serves the dev host page with the task pane iframe, and a 503 naming the build for a host script not built', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`src="${ADDIN}/taskpane.html?_host_Info=`);
    expect(html).toContain('<label for="user">');
    for (const name of ['excel-web-host.js', 'naa-bridge.js']) {
      const script = await call(`/_host/${name}`);
      expect([name, script.status, ((await script.json()) as { error: { code: string } }).error.code]).toEqual([
        name,
        503,
        'officeHostNotBuilt',
      ]);
    }
    // The emulator's former Office shim is gone.
    expect((await call('/_host/office.js')).status).toBe(404);
  });
});

// The host endpoints as the emulated Excel on the web (the dev host page) and the NAA bridge use them: the context the
// dev host chooses, the token or Office error getAccessToken gets, and the page's controls.
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { request } from 'undici';
import { installErrorHandling } from '../common/errorHandler';
import { Issuer } from '../entra/Issuer';
import { KeyRing } from '../entra/KeyRing';
import { EntraSwitchStore } from '../entra/EntraSwitchStore';
import { directorySeed, SEED_USERS, SEED_WORKBOOKS } from '../directory/seed';
import { InMemoryDirectoryStore } from '../directory/DirectoryStore';
import { HostContextStore } from './HostContextStore';
import { registerDevHostPage } from './devHostPage';
import { FAULT_PRESETS } from './faultPresets';
import { registerHostRoutes } from './hostRoutes';

const TENANT = '6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const CLIENT = 'c0ffee00-1d2e-4f3a-9b8c-7d6e5f4a3b2c';
const ADDIN = 'https://localhost:3000';

let app: FastifyInstance;
let base = '';
let hostContext: HostContextStore;
const switches = new EntraSwitchStore();

/** fastify's inject() cannot load under jest (an ESM-only dependency), so this is real HTTP on loopback. */
async function send(
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string; json(): Record<string, unknown> }> {
  const res = await request(`${base}${path}`, {
    method,
    body,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  const text = await res.body.text();
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body: text,
    json: () => JSON.parse(text) as Record<string, unknown>,
  };
}

beforeAll(async () => {
  const directory = new InMemoryDirectoryStore(() => directorySeed(TENANT));
  hostContext = new HostContextStore(() => ({
    userOid: SEED_USERS.megan.oid,
    workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
    displayLanguage: 'en-US',
    ssoBehaviour: 'ok',
  }));
  const issuer = new Issuer(
    {
      baseUrl: () => 'https://localhost:3100',
      tenantId: TENANT,
      clientId: CLIENT,
      addinOrigin: ADDIN,
      now: Date.now,
      isKnownTenant: (id: string) => directory.isKnownTenant(id),
    },
    new KeyRing(),
  );
  app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  registerHostRoutes(app, {
    issuer,
    directory,
    hostContext,
    switches,
    addinOrigin: ADDIN,
    hostScriptsDir: '/nonexistent/emulator-public',
  });
  registerDevHostPage(app, { directory, hostContext, addinOrigin: ADDIN });
  installErrorHandling(app, Date.now);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(() => app.close());
beforeEach(() => hostContext.reset());

async function choose(body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await send(
    'POST',
    '/_emulator/host/context',
    JSON.stringify({ userOid: SEED_USERS.ana.oid, workbookItemId: null, ...body }),
  );
  return { status: res.statusCode, body: res.json() };
}

async function token(options: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await send('POST', '/_emulator/host/token', JSON.stringify(options));
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('host context', () => {
  it('defaults to no NestedAppAuth and consented Graph scopes, and reports choices back', async () => {
    const initial = await send('GET', '/_emulator/host/context');
    expect(initial.json()).toMatchObject({ nestedAppAuth: false, graphScopesConsented: true });
    const chosen = await choose({ nestedAppAuth: true, graphScopesConsented: false, displayLanguage: 'es-ES' });
    expect(chosen).toEqual({
      status: 200,
      body: expect.objectContaining({
        documentUrl: null,
        displayLanguage: 'es-ES',
        nestedAppAuth: true,
        graphScopesConsented: false,
      }),
    });
  });

  it('reports the document URL in the form of where Excel opened the file, and how late it arrives', async () => {
    const url = async (body: Record<string, unknown>): Promise<unknown> =>
      ((await choose({ workbookItemId: SEED_WORKBOOKS.presupuesto.itemId, ...body })).body as { documentUrl: unknown })
        .documentUrl;
    expect(await url({})).toBe(SEED_WORKBOOKS.presupuesto.webUrl);
    expect(await url({ documentLocation: 'desktop' })).toBe('C:\\Users\\ana\\Documents\\Presupuesto 2027.xlsx');
    expect(await url({ documentLocation: 'personalOneDrive' })).toMatch(
      /^https:\/\/d\.docs\.live\.net\/[0-9a-f]{16}\/Documents\/Presupuesto 2027\.xlsx$/,
    );
    const late = await choose({ workbookItemId: SEED_WORKBOOKS.presupuesto.itemId, documentUrlDelayMs: 3000 });
    expect(late.body).toMatchObject({
      documentUrl: SEED_WORKBOOKS.presupuesto.webUrl,
      documentUrlDelayMs: 3000,
      documentLocation: 'cloud',
    });
  });

  it.each([
    [{ documentLocation: 'usb-stick' }, 'documentLocation'],
    [{ documentUrlDelayMs: -1 }, 'documentUrlDelayMs'],
    [{ documentUrlDelayMs: 60_001 }, 'documentUrlDelayMs'],
    [{ nestedAppAuth: 'yes' }, 'nestedAppAuth'],
    [{ graphScopesConsented: 1 }, 'graphScopesConsented'],
    [{ ssoBehaviour: 13009 }, 'ssoBehaviour'],
  ])('rejects %j with a 400 naming the field', async (body, field) => {
    const res = await choose(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(field);
  });
});

describe('host token', () => {
  it('mints a v2 SSO token (no amr) for the chosen user; with authChallenge the user has passed MFA', async () => {
    await choose({});
    const plain = decodeJwt(String((await token()).accessToken));
    expect(plain).toMatchObject({
      oid: SEED_USERS.ana.oid,
      aud: CLIENT,
      scp: 'access_as_user',
      ver: '2.0',
      tid: TENANT,
    });
    expect(plain.amr).toBeUndefined();
    expect(switches.hasPassedMfa(SEED_USERS.ana.oid)).toBe(false);
    const stepped = decodeJwt(
      String(
        (await token({ authChallenge: '{"access_token":{"capolids":{"essential":true,"values":["x"]}}}' })).accessToken,
      ),
    );
    expect(stepped.amr).toBeUndefined();
    expect(switches.hasPassedMfa(SEED_USERS.ana.oid)).toBe(true);
  });

  it('fails forMSGraphAccess calls with 13012 only when the dev host says Graph consent is missing', async () => {
    await choose({ graphScopesConsented: false });
    expect(await token({ forMSGraphAccess: true })).toEqual({ officeError: { code: 13012 } });
    expect(await token({ forMSGraphAccess: false })).toHaveProperty('accessToken');
    await choose({ graphScopesConsented: true });
    expect(await token({ forMSGraphAccess: true })).toHaveProperty('accessToken');
  });

  it.each([13000, 13002, 13003, 13004, 13006, 13007, 13008, 13010, 13012, 13013, 50001])(
    'answers %i when chosen, whatever the prompts allow',
    async (code) => {
      await choose({ ssoBehaviour: code });
      expect(await token({ allowSignInPrompt: true, allowConsentPrompt: true })).toEqual({ officeError: { code } });
    },
  );

  it('lifts 13005 only with allowConsentPrompt', async () => {
    await choose({ ssoBehaviour: 13005 });
    expect(await token({ allowSignInPrompt: true })).toEqual({ officeError: { code: 13005 } });
    expect(await token({ allowConsentPrompt: true })).toHaveProperty('accessToken');
  });
});

describe('dev host page', () => {
  it('labels every control, offers the fault presets, and runs its script under the CSP nonce', async () => {
    const res = await send('GET', '/');
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain(`connect-src 'self' ${ADDIN}`);
    expect(csp).toContain("frame-ancestors 'none'");
    const html = res.body;
    for (const id of ['user', 'workbook', 'language', 'sso', 'graph-consent', 'naa', 'clock-seconds', 'fault-preset']) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toMatch(new RegExp(`id="${id}"`));
    }
    expect(html).toContain('value="13010"');
    for (const preset of FAULT_PRESETS) expect(html).toContain(`value="${preset.id}"`);
    expect(html).toContain(`<script nonce="${nonce}">`);
    // The emulated Excel on the web's own script, same origin, under the nonce too.
    expect(html).toContain(`<script nonce="${nonce}" src="/_host/excel-web-host.js"></script>`);
    // The pane is framed as Excel on the web frames it: _host_Info in its URL, _xdm_Info in its name.
    const frameSrc = /<iframe id="taskpane"[^>]* src="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(frameSrc).toMatch(new RegExp(`^${ADDIN}/taskpane\\.html\\?_host_Info=Excel%24Web%2416\\.01%24en-US%24`));
    const frameName = /<iframe id="taskpane"[^>]* name="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(JSON.parse(frameName.replace(/&quot;/g, '"'))).toMatchObject({
      xdmInfo: expect.stringMatching(/^[0-9a-f-]{36}\$[0-9a-f-]{36}\$https?:\/\/(localhost|127\.0\.0\.1):\d+$/),
    });
    expect(html).toContain("'/_emulator/clock/advance'");
    expect(html).toContain("call('DELETE', '/_emulator/faults')");
    // No external resources: every URL in the page is the add-in's, the page's own or relative.
    const urls = html.match(/https?:\/\/[^"' )]+/g) ?? [];
    expect(
      urls.filter(
        (u) =>
          !u.startsWith(ADDIN) &&
          !u.startsWith(base) &&
          !u.startsWith('https://contoso') &&
          !u.startsWith('https://fabrikam'),
      ),
    ).toEqual([]);
  });

  it('frames the pane at the width asked for in its address (320, 350 by default, 450), and says how to get high contrast', async () => {
    const byDefault = (await send('GET', '/')).body;
    expect(byDefault).toContain('<label for="pane-width">');
    expect(byDefault).toMatch(/aside \{ flex: none; width: 350px;/);
    expect(byDefault).toContain('<option value="350" selected>');
    expect(byDefault).toContain('forced-colors');
    const narrow = (await send('GET', '/?paneWidth=320')).body;
    expect(narrow).toMatch(/aside \{ flex: none; width: 320px;/);
    expect(narrow).toContain('<option value="320" selected>');
    for (const bad of ['200', 'wide', '350px', '']) {
      const res = await send('GET', `/?paneWidth=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toBe('paneWidth must be one of 320, 350, 450 (CSS pixels).');
    }
  });

  it('shows the current choices as selected', async () => {
    await choose({ displayLanguage: 'es-ES', nestedAppAuth: true, graphScopesConsented: false });
    const html = (await send('GET', '/')).body;
    expect(html).toContain('<option value="es-ES" selected>');
    expect(html).toMatch(/id="naa" name="nestedAppAuth" type="checkbox" checked>/);
    expect(html).toMatch(
      /id="graph-consent" name="graphScopesConsented" type="checkbox" aria-describedby="graph-consent-help">/,
    );
  });
});

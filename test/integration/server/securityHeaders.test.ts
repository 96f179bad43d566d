import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type RunningServer } from '../../../src/server/app';
import { loadConfig, OFFICE_JS_CDN_URL } from '../../../src/server/config';
import { parsePolicy, policyAllows, policyAllowsAncestor } from '../../support/cspMatch';
import { TEST_CLIENT, TEST_TENANT } from '../../support/fakeUpstream';
import { call, closeTestAgent } from '../../support/httpsCall';
import { testCertificate } from '../../../src/server/testSupport/selfSignedCert';
import {
  OFFICE_WEB_FRAME_ANCESTORS,
  readOfficeWebOrigins,
  securityHeaders,
  type SecurityHeaderSettings,
} from '../../../src/server/http/securityHeaders';

const MICROSOFT = 'https://login.microsoftonline.com';
const PRODUCTION: SecurityHeaderSettings = {
  authorityHost: MICROSOFT,
  officeJsUrl: OFFICE_JS_CDN_URL,
  officeWebOrigins: OFFICE_WEB_FRAME_ANCESTORS,
  officeHostBridgeUrl: null,
};
const LOCAL: SecurityHeaderSettings = {
  authorityHost: 'https://localhost:3101',
  officeJsUrl: 'https://localhost:3103/lib/1/hosted/office.js',
  officeWebOrigins: ['https://localhost:3100'],
  officeHostBridgeUrl: 'https://localhost:3100/_host/naa-bridge.js',
};
const PANE = 'https://localhost:3000';

/** What MSAL.js fetches for a sign-in against `authority`: the tenant's metadata and token endpoint. */
const msalFetches = (authorityHost: string): string[] => [
  `${authorityHost}/${TEST_TENANT}/v2.0/.well-known/openid-configuration`,
  `${authorityHost}/${TEST_TENANT}/oauth2/v2.0/token`,
];

describe('securityHeaders', () => {
  it.each([
    ['production', PRODUCTION, 'https://contoso-my.sharepoint.com'],
    ['local mode', LOCAL, 'https://localhost:3100'],
  ])(
    'lets both add-in pages reach Entra and office.js, and be framed by Office on the web, in %s',
    (_label, settings, webHost) => {
      const headers = securityHeaders(settings);
      for (const page of [headers.taskpane, headers.dialog]) {
        const policy = parsePolicy(page['content-security-policy']);
        for (const url of msalFetches(settings.authorityHost))
          expect(policyAllows(policy, 'connect-src', url, PANE)).toBe(true);
        expect(policyAllows(policy, 'script-src', settings.officeJsUrl, PANE)).toBe(true);
        expect(policyAllows(policy, 'script-src', `${PANE}/taskpane.js`, PANE)).toBe(true);
        expect(policyAllows(policy, 'connect-src', `${PANE}/api/sessions`, PANE)).toBe(true);
        expect(policyAllowsAncestor(policy, webHost, PANE)).toBe(true);
      }
    },
  );

  it.each([
    ['production', PRODUCTION],
    ['local mode', LOCAL],
  ])('forbids every other origin on the add-in pages in %s', (_label, settings) => {
    for (const page of [securityHeaders(settings).taskpane, securityHeaders(settings).dialog]) {
      const policy = parsePolicy(page['content-security-policy']);
      // Graph tokens stay in the middle tier: the pages never call Graph themselves.
      for (const url of [
        'https://graph.microsoft.com/v1.0/me',
        'https://localhost:3102/v1.0/me',
        'https://evil.example/x',
        `http://${new URL(settings.authorityHost).host}/token`,
      ]) {
        expect(policyAllows(policy, 'connect-src', url, PANE)).toBe(false);
      }
      expect(policyAllows(policy, 'script-src', 'https://evil.example/x.js', PANE)).toBe(false);
      expect(policyAllows(policy, 'object-src', `${PANE}/x.swf`, PANE)).toBe(false);
      expect(policyAllowsAncestor(policy, 'https://evil.example', PANE)).toBe(false);
      expect(policyAllowsAncestor(policy, 'https://localhost:3199', PANE)).toBe(false);
    }
  });

  it("lets the task pane load local mode's bridge script and call its broker, and nothing of it in production", () => {
    const bridge = 'https://localhost:3100/_host/naa-bridge.js';
    const local = parsePolicy(securityHeaders(LOCAL).taskpane['content-security-policy']);
    expect(policyAllows(local, 'script-src', bridge, PANE)).toBe(true);
    expect(policyAllows(local, 'connect-src', 'https://localhost:3100/_emulator/host/naa/requests', PANE)).toBe(true);
    const production = parsePolicy(securityHeaders(PRODUCTION).taskpane['content-security-policy']);
    expect(policyAllows(production, 'script-src', bridge, PANE)).toBe(false);
  });

  it('is the same policy in local mode and production except for the origins', () => {
    const shape = (settings: SecurityHeaderSettings, page: 'taskpane' | 'dialog'): string =>
      (securityHeaders(settings)[page]['content-security-policy'] ?? '')
        .replace(settings.officeWebOrigins.join(' '), '<office web>')
        .replaceAll(new URL(settings.officeJsUrl).origin, '<office.js>')
        .replaceAll(settings.authorityHost, '<authority>');
    // The bridge script is local mode's one addition (checked above).
    const local = { ...LOCAL, officeHostBridgeUrl: null };
    for (const page of ['taskpane', 'dialog'] as const) expect(shape(local, page)).toBe(shape(PRODUCTION, page));
    expect(securityHeaders(LOCAL).everyAnswer).toEqual(securityHeaders(PRODUCTION).everyAnswer);
  });

  it('lets nothing else run, connect or be framed, and keeps HSTS, nosniff and the referrer policy everywhere', () => {
    const headers = securityHeaders(PRODUCTION);
    const policy = parsePolicy(headers.everyAnswer['content-security-policy']);
    expect(policyAllows(policy, 'script-src', `${PANE}/taskpane.js`, PANE)).toBe(false);
    expect(policyAllows(policy, 'connect-src', `${PANE}/api/sessions`, PANE)).toBe(false);
    expect(policyAllowsAncestor(policy, 'https://contoso.sharepoint.com', PANE)).toBe(false);
    for (const set of [headers.everyAnswer, headers.taskpane, headers.dialog]) {
      expect(set['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
      expect(set['x-content-type-options']).toBe('nosniff');
      expect(set['referrer-policy']).toBe('strict-origin-when-cross-origin');
    }
  });
});

describe('OFFICE_WEB_ORIGINS', () => {
  it("defaults to Microsoft's web hosts and reads a list separated by spaces or commas", () => {
    const problems: string[] = [];
    expect(readOfficeWebOrigins('', problems)).toEqual([...OFFICE_WEB_FRAME_ANCESTORS]);
    expect(readOfficeWebOrigins('https://localhost:3100/, https://*.contoso.com', problems)).toEqual([
      'https://localhost:3100',
      'https://*.contoso.com',
    ]);
    expect(problems).toEqual([]);
  });

  it.each(['http://localhost:3100', 'https://localhost:3100/path', "'self'", '*', 'https://*'])(
    'refuses %s, naming the variable',
    (entry) => {
      const problems: string[] = [];
      readOfficeWebOrigins(`https://localhost:3100 ${entry}`, problems);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^OFFICE_WEB_ORIGINS /);
    },
  );
});

describe("the middle tier with Microsoft's authority and office.js CDN", () => {
  const dir = mkdtempSync(join(tmpdir(), 'production-headers-'));
  let server: RunningServer;
  let base = '';

  beforeAll(async () => {
    const { certPem, keyPem } = testCertificate();
    writeFileSync(join(dir, 'tls.crt'), certPem);
    writeFileSync(join(dir, 'tls.key'), keyPem, { mode: 0o600 });
    for (const page of ['taskpane.html', 'dialog.html'])
      writeFileSync(join(dir, page), `<!doctype html><script src="${OFFICE_JS_CDN_URL}"></script>`);
    // The production defaults: AUTHORITY_HOST named for clarity, OFFICE_JS_URL and OFFICE_WEB_ORIGINS left out.
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      TLS_CERT_FILE: join(dir, 'tls.crt'),
      TLS_KEY_FILE: join(dir, 'tls.key'),
      TENANT_ID: TEST_TENANT,
      CLIENT_ID: TEST_CLIENT,
      CLIENT_SECRET: 'not-used-here',
      SEALING_KEY: Buffer.alloc(32, 3).toString('base64'),
      REGISTRY_PATH: ':memory:',
      STATIC_DIR: dir,
      LOG_LEVEL: 'silent',
      AUTHORITY_HOST: MICROSOFT,
    });
    server = await createServer(config);
    base = await server.listen();
  });

  afterAll(async () => {
    await server.close();
    await closeTestAgent();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/dialog.html', '/taskpane.html', '/'])(
    'serves %s with a policy that lets MSAL.js reach Entra and nothing else',
    async (path) => {
      const res = await call(base, 'GET', path);
      expect(res.status).toBe(200);
      const policy = parsePolicy(res.headers['content-security-policy']);
      const origin = 'https://addin.contoso.com';
      for (const url of msalFetches(MICROSOFT)) expect(policyAllows(policy, 'connect-src', url, origin)).toBe(true);
      expect(policyAllows(policy, 'script-src', OFFICE_JS_CDN_URL, origin)).toBe(true);
      expect(policyAllowsAncestor(policy, 'https://excel.officeapps.live.com', origin)).toBe(true);
      for (const url of [
        'https://graph.microsoft.com/v1.0/me',
        'https://login.evil.example/token',
        'https://localhost:3100/x',
      ]) {
        expect(policyAllows(policy, 'connect-src', url, origin)).toBe(false);
      }
      expect(policyAllowsAncestor(policy, 'https://localhost:3100', origin)).toBe(false);
    },
  );

  it('sends the strict policy with everything that is not an add-in page', async () => {
    for (const path of ['/api/sessions', '/support', '/nothing-here.js']) {
      const res = await call(base, 'GET', path);
      const policy = parsePolicy(res.headers['content-security-policy']);
      expect(policy.get('default-src')).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

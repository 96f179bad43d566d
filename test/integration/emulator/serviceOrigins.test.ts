import { type EmulatorService, EMULATOR_SERVICES, serviceOfPath } from '../../../src/emulator/common/serviceOrigins';
import { startTestEmulator, TEST_TENANT, type TestEmulator } from '../../support/testEmulator';
import { fetch } from 'undici';
import { SEED_WORKBOOKS } from '../../../src/emulator/directory/seed';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

/** One request each service answers itself, and what its answer looks like. */
const OWN: Record<EmulatorService, { path: string; status: number }> = {
  webHost: { path: '/_emulator/state', status: 200 },
  entra: { path: `/${TEST_TENANT}/v2.0/.well-known/openid-configuration`, status: 200 },
  // Without a token: Graph's own 401.
  graph: {
    path: `/v1.0/drives/${SEED_WORKBOOKS.presupuesto.driveId}/items/${SEED_WORKBOOKS.presupuesto.itemId}`,
    status: 401,
  },
  cdn: { path: '/lib/1/hosted/office.js', status: 200 },
};

async function get(service: EmulatorService, path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`${t.emulator.origins[service]}${path}`, { dispatcher: t.dispatcher });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The 404 an origin gives a path that is not its service's. */
function expectForeign404(arrived: EmulatorService, answer: { status: number; type: string; body: string }): void {
  expect(answer.status).toBe(404);
  if (arrived === 'graph')
    expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe('routeNotFound');
  else if (arrived === 'entra')
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request', error_codes: expect.any(Array) });
  else expect([answer.type, answer.body]).toEqual(['text/plain; charset=utf-8', 'Not found']);
}

describe('one origin per service', () => {
  it('gives each service an https origin of its own on localhost', () => {
    const origins = EMULATOR_SERVICES.map((service) => new URL(t.emulator.origins[service]));
    expect(new Set(origins.map((o) => o.port)).size).toBe(4);
    for (const origin of origins) expect([origin.protocol, origin.hostname]).toEqual(['https:', 'localhost']);
    expect(t.emulator.origins.webHost).toBe(t.emulator.url);
  });

  it.each(EMULATOR_SERVICES)("answers %s's paths on its origin and 404 on every other", async (service) => {
    const { path, status } = OWN[service];
    const own = await get(service, path);
    expect(own.status).toBe(status);
    for (const other of EMULATOR_SERVICES.filter((s) => s !== service)) expectForeign404(other, await get(other, path));
  });

  it('refuses a POST to the token endpoint on the Graph and web host origins', async () => {
    for (const service of ['graph', 'webHost'] as const) {
      const res = await fetch(`${t.emulator.origins[service]}/${TEST_TENANT}/oauth2/v2.0/token`, {
        method: 'POST',
        body: 'grant_type=client_credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        dispatcher: t.dispatcher,
      });
      expect(res.status).toBe(404);
      await res.body?.cancel();
    }
  });

  it('names its own origins in what it emits: the issuer, the metadata endpoints, Graph contexts', async () => {
    const metadata = (await (await t.call(OWN.entra.path)).json()) as Record<string, string>;
    expect(metadata.issuer).toBe(`${t.emulator.origins.entra}/${TEST_TENANT}/v2.0`);
    for (const key of ['token_endpoint', 'authorization_endpoint', 'jwks_uri'])
      expect(metadata[key]?.startsWith(`${t.emulator.origins.entra}/`)).toBe(true);
  });
});

describe('serviceOfPath', () => {
  it.each([
    ['/v1.0', 'graph'],
    ['/v1.0/me/drive', 'graph'],
    ['/v1.0x', 'entra'],
    ['/lib/1/hosted/office.js', 'cdn'],
    ['/', 'webHost'],
    ['/_host/office.js', 'webHost'],
    ['/_emulator/host/context', 'webHost'],
    ['/_emulatorx', 'entra'],
    ['/common/discovery/instance', 'entra'],
    [`/${TEST_TENANT}/oauth2/v2.0/authorize`, 'entra'],
  ] as const)('%s belongs to %s', (path, service) => {
    expect(serviceOfPath(path)).toBe(service);
  });
});

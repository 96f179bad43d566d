// The control API refuses what a web page on another origin can make a browser send, and keeps
// answering the dev host page, the NAA bridge on the add-in's origin, and plain clients.
import { SEED_USERS } from '../../../src/emulator/directory/seed';
import { startTestEmulator, type TestEmulator } from '../../support/testEmulator';

const ADDIN = 'https://localhost:3000';
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ addinOrigin: ADDIN });
});
afterAll(async () => t.close());
beforeEach(() => t.emulator.reset());

const post = (path: string, headers: Record<string, string>, body = ''): ReturnType<TestEmulator['call']> =>
  t.call(path, { method: 'POST', headers, body });
const errorCode = async (response: Awaited<ReturnType<TestEmulator['call']>>): Promise<unknown> =>
  ((await response.json()) as { error: { code: unknown } }).error.code;

describe('cross-origin requests to the control API', () => {
  it('refuses a simple cross-origin POST (a form or no-cors fetch from another site) and changes nothing', async () => {
    await t.ctl.setFaults({ rules: [{ route: 'createSession', kind: 'throttle' }] });
    const attack = await post(
      '/_emulator/reset',
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      '{}',
    );
    expect(attack.status).toBe(403);
    expect(await errorCode(attack)).toBe('crossOriginRefused');
    expect((await t.ctl.state()).faults.rules).toHaveLength(1);
  });

  it('refuses a POST without a JSON content type even when no Origin is sent', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    ]) {
      const answer = await post('/_emulator/keys/rotate', headers, '');
      expect(answer.status).toBe(415);
      expect(await errorCode(answer)).toBe('unsupportedMediaType');
    }
    expect((await t.ctl.state()).keys.retiring).toBeUndefined();
  });

  it('refuses Origin: null (sandboxed frames) and other origins on every method, preflights included', async () => {
    expect(
      (await post('/_emulator/clock/advance', { origin: 'null', 'content-type': 'application/json' }, '{"seconds":1}'))
        .status,
    ).toBe(403);
    expect(
      (await t.call('/_emulator/faults', { method: 'DELETE', headers: { origin: 'https://evil.example' } })).status,
    ).toBe(403);
    expect((await t.call('/_emulator/state', { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    const preflight = await t.call('/_emulator/host/token', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("refuses pages of the emulator's other origins (Entra's sign-in page, Graph, the CDN)", async () => {
    for (const origin of [t.emulator.origins.entra, t.emulator.origins.graph, t.emulator.origins.cdn]) {
      expect((await post('/_emulator/reset', { origin, 'content-type': 'application/json' })).status).toBe(403);
      expect((await post('/_emulator/host/context', { origin, 'content-type': 'application/json' }, '{}')).status).toBe(
        403,
      );
    }
  });

  it('refuses the add-in origin outside the Office host routes', async () => {
    expect((await post('/_emulator/reset', { origin: ADDIN, 'content-type': 'application/json' })).status).toBe(403);
  });

  it('answers the dev host page (same origin), the Office host on the add-in origin, and clients without Origin', async () => {
    const own = await post(
      '/_emulator/clock/advance',
      { origin: t.emulator.url, 'content-type': 'application/json' },
      '{"seconds":1}',
    );
    expect(own.status).toBe(200);
    const host = await post(
      '/_emulator/host/context',
      { origin: ADDIN, 'content-type': 'application/json; charset=utf-8' },
      JSON.stringify({ userOid: SEED_USERS.ana.oid, workbookItemId: null }),
    );
    expect(host.status).toBe(200);
    expect(host.headers.get('access-control-allow-origin')).toBe(ADDIN);
    const preflight = await t.call('/_emulator/host/token', {
      method: 'OPTIONS',
      headers: {
        origin: ADDIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ADDIN);
    expect((await t.ctl.hostToken()).split('.')).toHaveLength(3);
  });
});

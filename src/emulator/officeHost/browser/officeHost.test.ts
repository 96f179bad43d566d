// The emulated Office host as the task pane sees it, with a fake emulator behind `fetch`.
import { type DialogChildPlatform, type DialogPlatform } from './officeDialog';
import { createOfficeHost, emulatorOriginFromScript, type FetchLike } from './officeHost';

const E = 'https://localhost:3100';

/** The dialog side of the browser; these tests do not open dialogs (officeDialog.test.ts does). */
function browser(): { dialog: DialogPlatform; dialogChild: DialogChildPlatform } {
  return {
    dialog: { pageUrl: 'https://localhost:3000/taskpane.html', openWindow: () => null, document, onMessage: () => () => undefined, every: () => () => undefined, pageLoads: async () => true },
    dialogChild: { windowName: '', opener: null, parent: null },
  };
}

interface Call {
  url: string;
  body: unknown;
}

function fakeEmulator(answers: { context?: unknown; token?: () => Promise<{ status: number; body: unknown }> } = {}): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, body: init?.body === undefined ? undefined : JSON.parse(init.body) });
    if (url === `${E}/_emulator/host/context`) {
      return { ok: true, status: 200, json: async () => answers.context ?? { documentUrl: 'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto 2027.xlsx', displayLanguage: 'es-ES' } };
    }
    if (url === `${E}/_emulator/host/token`) {
      const answer = answers.token ? await answers.token() : { status: 200, body: { accessToken: 'header.payload.signature' } };
      return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => answer.body };
    }
    throw new TypeError('network error');
  };
  return { fetch, calls };
}

describe('Office host emulator', () => {
  it('resolves onReady with Excel on the web and the host context, calling the callback too', async () => {
    const { fetch, calls } = fakeEmulator();
    const office = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch });
    const seen: unknown[] = [];
    const info = await office.onReady((i) => seen.push(i));
    expect(info).toEqual({ host: office.HostType.Excel, platform: office.PlatformType.OfficeOnline });
    expect(seen).toEqual([info]);
    expect(office.context.document.url).toBe('https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto 2027.xlsx');
    expect(office.context.displayLanguage).toBe('es-ES');
    await office.onReady();
    expect(calls.filter((c) => c.url.endsWith('/context'))).toHaveLength(1);
  });

  it('reports an empty document URL at onReady and the real one after the delay the dev host chose', async () => {
    const url = 'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto 2027.xlsx';
    const scheduled: { ms: number; task: () => void }[] = [];
    const office = createOfficeHost({
      ...browser(),
      emulatorOrigin: E,
      fetch: fakeEmulator({ context: { documentUrl: url, documentUrlDelayMs: 3000, displayLanguage: 'en-US' } }).fetch,
      later: (ms, task) => scheduled.push({ ms, task }),
    });
    await office.onReady();
    expect(office.context.document.url).toBe('');
    expect(scheduled.map((s) => s.ms)).toEqual([3000]);
    scheduled[0]?.task();
    expect(office.context.document.url).toBe(url);
  });

  it('reports a null document URL for an unsaved workbook, and still becomes ready when the emulator is down', async () => {
    const unsaved = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ context: { documentUrl: null, displayLanguage: 'en-US' } }).fetch });
    await unsaved.onReady();
    expect(unsaved.context.document.url).toBeNull();

    const warnings: string[] = [];
    const down = createOfficeHost({ ...browser(), emulatorOrigin: 'https://localhost:1', fetch: fakeEmulator().fetch, warn: (m) => warnings.push(m) });
    await expect(down.onReady()).resolves.toEqual({ host: 'Excel', platform: 'OfficeOnline' });
    expect(down.context.document.url).toBeNull();
    expect(warnings).toHaveLength(1);
  });

  it('returns the token and forwards the options to the emulator', async () => {
    const { fetch, calls } = fakeEmulator();
    const office = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch });
    await expect(office.auth.getAccessToken({ allowSignInPrompt: true, forMSGraphAccess: true, authChallenge: 'claims' })).resolves.toBe('header.payload.signature');
    expect(calls.at(-1)).toEqual({ url: `${E}/_emulator/host/token`, body: { allowSignInPrompt: true, forMSGraphAccess: true, authChallenge: 'claims' } });
  });

  it('rejects with the office.js error shape for the code the emulator chose', async () => {
    const office = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ token: async () => ({ status: 200, body: { officeError: { code: 13001 } } }) }).fetch });
    await expect(office.auth.getAccessToken()).rejects.toEqual({ code: 13001, name: expect.any(String), message: expect.any(String) });
  });

  it('rejects a second call made while one is in flight with 13008, and allows a call after it settles', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const office = createOfficeHost({
      ...browser(),
      emulatorOrigin: E,
      fetch: fakeEmulator({
        token: async () => {
          await gate;
          return { status: 200, body: { accessToken: 't1' } };
        },
      }).fetch,
    });
    const first = office.auth.getAccessToken();
    await expect(office.auth.getAccessToken()).rejects.toMatchObject({ code: 13008 });
    release();
    await expect(first).resolves.toBe('t1');
    await expect(office.auth.getAccessToken()).resolves.toBe('t1');
  });

  it('maps an unreachable or misbehaving emulator to 13007', async () => {
    const broken = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ token: async () => ({ status: 500, body: {} }) }).fetch, warn: () => undefined });
    await expect(broken.auth.getAccessToken()).rejects.toMatchObject({ code: 13007 });
    const odd = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ token: async () => ({ status: 200, body: { officeError: { code: 4242 } } }) }).fetch });
    await expect(odd.auth.getAccessToken()).rejects.toMatchObject({ code: 13007 });
  });

  it('claims the IdentityAPI 1.3 requirement set and nothing it does not back', () => {
    const office = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator().fetch });
    expect(office.context.requirements.isSetSupported('IdentityAPI', '1.3')).toBe(true);
    expect(office.context.requirements.isSetSupported('identityapi')).toBe(true);
    expect(office.context.requirements.isSetSupported('IdentityAPI', '1.4')).toBe(false);
    expect(office.context.requirements.isSetSupported('ExcelApi', '1.1')).toBe(false);
  });

  it('reports the dev host theme as an Office.OfficeTheme, light when the emulator says nothing', async () => {
    const dark = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ context: { documentUrl: null, displayLanguage: 'en-US', theme: 'dark' } }).fetch });
    expect(dark.context.officeTheme.isDarkTheme).toBe(false);
    await dark.onReady();
    expect(dark.context.officeTheme).toEqual({
      bodyBackgroundColor: expect.stringMatching(/^#[0-9A-F]{6}$/),
      bodyForegroundColor: expect.stringMatching(/^#[0-9A-F]{6}$/),
      controlBackgroundColor: expect.stringMatching(/^#[0-9A-F]{6}$/),
      controlForegroundColor: expect.stringMatching(/^#[0-9A-F]{6}$/),
      isDarkTheme: true,
      themeId: 0,
    });
    const light = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ context: { documentUrl: null } }).fetch });
    await light.onReady();
    expect(light.context.officeTheme.isDarkTheme).toBe(false);
    expect(light.context.officeTheme.bodyBackgroundColor).not.toBe(dark.context.officeTheme.bodyBackgroundColor);
  });

  it('claims NestedAppAuth only when the dev host turns it on, and DialogApi 1.1 but not 1.2', async () => {
    const off = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ context: { documentUrl: null } }).fetch });
    await off.onReady();
    expect(off.context.requirements.isSetSupported('NestedAppAuth', '1.1')).toBe(false);
    expect(off.context.requirements.isSetSupported('DialogApi', '1.1')).toBe(true);
    expect(off.context.requirements.isSetSupported('DialogApi', '1.2')).toBe(false);
    const on = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ context: { documentUrl: null, nestedAppAuth: true } }).fetch });
    await on.onReady();
    expect(on.context.requirements.isSetSupported('NestedAppAuth', '1.1')).toBe(true);
    expect(on.context.requirements.isSetSupported('nestedappauth')).toBe(true);
    expect(on.context.requirements.isSetSupported('NestedAppAuth', '1.2')).toBe(false);
  });

  it.each([13000, 13001, 13002, 13003, 13004, 13005, 13006, 13007, 13008, 13010, 13012, 13013, 50001])('passes Office error %i through with its own name and message', async (code) => {
    const office = createOfficeHost({ ...browser(), emulatorOrigin: E, fetch: fakeEmulator({ token: async () => ({ status: 200, body: { officeError: { code } } }) }).fetch });
    const failure: unknown = await office.auth.getAccessToken().catch((e: unknown) => e);
    expect(failure).toEqual({ code, name: expect.any(String), message: expect.any(String) });
    expect((failure as { message: string }).message.length).toBeGreaterThan(10);
  });

  it('finds the emulator origin from its script URL', () => {
    expect(emulatorOriginFromScript('https://localhost:3100/_host/office.js', 'https://localhost:3000/taskpane.html')).toBe(E);
    expect(emulatorOriginFromScript(undefined, 'https://localhost:3000/taskpane.html')).toBeUndefined();
  });
});

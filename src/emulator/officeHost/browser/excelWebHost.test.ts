import { createExcelWebHost, DISPID, type HostPlatform, type MessageTarget } from './excelWebHost';
import { ACTION_TYPE, MESSAGE_TYPE } from './xdmWire';

const ADDIN = 'https://localhost:3000';
const HOST = 'https://localhost:3100';
const CONVERSATION = 'conv-1';
const BUDGET = 'https://contoso.sharepoint.com/sites/Finanzas/Shared%20Documents/Presupuesto.xlsx';

interface Harness {
  platform: HostPlatform;
  sent: Record<string, unknown>[];
  calls: { path: string; body: unknown }[];
  pane: MessageTarget;
  clock: { now: number };
  answers: Map<string, () => Promise<unknown>>;
}

function harness(): Harness {
  const sent: Record<string, unknown>[] = [];
  const calls: { path: string; body: unknown }[] = [];
  const clock = { now: 1_000 };
  const answers = new Map<string, () => Promise<unknown>>();
  const pane: MessageTarget = { postMessage: () => undefined };
  const platform: HostPlatform = {
    hostOrigin: HOST,
    addinOrigin: ADDIN,
    conversationId: CONVERSATION,
    appId: 'app-1',
    fetchJson: (path, body) => {
      calls.push({ path, body });
      const answer = answers.get(path);
      return answer === undefined ? Promise.reject(new Error('no answer')) : answer();
    },
    post: (target, text) => {
      expect(target).toBe(pane);
      sent.push(JSON.parse(text) as Record<string, unknown>);
    },
    now: () => clock.now,
    newCorrelationId: () => 'corr-1',
    warn: () => undefined,
  };
  return { platform, sent, calls, pane, clock, answers };
}

function request(actionName: string, data: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    _messageType: MESSAGE_TYPE.request,
    _actionName: actionName,
    _actionType: ACTION_TYPE.invoke,
    _conversationId: CONVERSATION,
    _correlationId: 7,
    _origin: ADDIN,
    _data: data,
    ...extra,
  });
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function exchange(h: Harness, text: string): Promise<Record<string, unknown>> {
  const host = createExcelWebHost(h.platform);
  expect(host.receive({ data: text, origin: ADDIN, source: h.pane })).toBe(true);
  await flush();
  const answer = h.sent.at(-1);
  if (answer === undefined) throw new Error('no answer');
  return answer;
}

describe('the emulated Excel on the web host', () => {
  it('ignores messages from another origin, another conversation, without a source, or that are not office.js requests', () => {
    const h = harness();
    const host = createExcelWebHost(h.platform);
    expect(host.receive({ data: request('executeMethod', {}), origin: 'https://evil.example', source: h.pane })).toBe(
      false,
    );
    expect(
      host.receive({ data: request('executeMethod', {}, { _conversationId: 'other' }), origin: ADDIN, source: h.pane }),
    ).toBe(false);
    expect(host.receive({ data: request('executeMethod', {}), origin: ADDIN, source: null })).toBe(false);
    expect(host.receive({ data: '{"messageType":"NestedAppAuthRequest"}', origin: ADDIN, source: h.pane })).toBe(false);
    expect(host.receive({ data: { _messageType: 0 }, origin: ADDIN, source: h.pane })).toBe(false);
    expect(h.sent).toEqual([]);
  });

  it('answers getAppContextAsync with the host choices: Excel on the web, language, document URL, requirement sets', async () => {
    const h = harness();
    h.answers.set('/_emulator/host/context', () =>
      Promise.resolve({ documentUrl: BUDGET, documentUrlDelayMs: 0, displayLanguage: 'es-ES', nestedAppAuth: true }),
    );
    const answer = await exchange(h, request('ContextActivationManager_getAppContextAsync', 'app-1'));
    expect(answer).toMatchObject({
      _messageType: MESSAGE_TYPE.response,
      _conversationId: CONVERSATION,
      _correlationId: 7,
      _errorCode: 0,
      _responseType: 0,
      _origin: HOST,
    });
    const context = answer._data as Record<string, unknown>;
    expect(context).toMatchObject({
      _id: 'app-1',
      _appName: 16,
      _appUILocale: 'es-ES',
      _dataLocale: 'es-ES',
      _docUrl: BUDGET,
      _clientMode: 1,
      _settings: [],
      _reason: 'documentOpened',
      _appDomains: [ADDIN],
    });
    expect(typeof context._hostFullVersion).toBe('string');
    expect(JSON.parse(String(context._requirementMatrix))).toMatchObject({
      ExcelApi: '1.20',
      IdentityAPI: '1.3',
      DialogApi: '1.2',
      NestedAppAuth: '1.1',
    });
  });

  it('a late document URL: empty in the context, then given by getFilePropertiesAsync once the delay has passed', async () => {
    const h = harness();
    h.answers.set('/_emulator/host/context', () => Promise.resolve({ documentUrl: BUDGET, documentUrlDelayMs: 3000 }));
    const host = createExcelWebHost(h.platform);
    host.receive({
      data: request('ContextActivationManager_getAppContextAsync', 'app-1'),
      origin: ADDIN,
      source: h.pane,
    });
    await flush();
    expect((h.sent[0]?._data as Record<string, unknown>)._docUrl).toBe('');
    const fileProperties = request('executeMethod', {
      DdaMethod: { ControlId: 'app-1', Version: 1, DispatchId: DISPID.getFileProperties },
    });
    host.receive({ data: fileProperties, origin: ADDIN, source: h.pane });
    await flush();
    expect(h.sent[1]?._data).toEqual({ Version: 1, Error: 0, 0: { 1: '' } });
    h.clock.now += 3000;
    host.receive({ data: fileProperties, origin: ADDIN, source: h.pane });
    await flush();
    expect(h.sent[2]?._data).toEqual({ Version: 1, Error: 0, 0: { 1: BUDGET } });
  });

  it("getAccessToken passes the add-in's options on and answers the token", async () => {
    const h = harness();
    h.answers.set('/_emulator/host/token', () => Promise.resolve({ accessToken: 'header.payload.signature' }));
    const data = {
      allowSignInPrompt: true,
      allowConsentPrompt: false,
      forMSGraphAccess: true,
      authChallenge: '',
      forceConsent: false,
      DdaMethod: { ControlId: 'app-1', Version: 1, DispatchId: DISPID.getAccessToken },
    };
    const answer = await exchange(h, request('executeMethod', data));
    expect(h.calls).toEqual([
      {
        path: '/_emulator/host/token',
        body: { allowSignInPrompt: true, allowConsentPrompt: false, forMSGraphAccess: true },
      },
    ]);
    expect(answer._data).toEqual({ Version: 1, Error: 0, accessToken: 'header.payload.signature' });
  });

  it.each([
    [{ officeError: { code: 13001 } }, 13001],
    [{ officeError: { code: 50001 } }, 50001],
    [{ officeError: { code: 99999 } }, 13007],
    [{ accessToken: '' }, 13007],
  ])('getAccessToken: the emulator answering %j is Office error %d', async (body, code) => {
    const h = harness();
    h.answers.set('/_emulator/host/token', () => Promise.resolve(body));
    const answer = await exchange(h, request('executeMethod', { DdaMethod: { DispatchId: DISPID.getAccessToken } }));
    expect(answer._data).toEqual({ Version: 1, Error: code });
  });

  it('getAccessToken: an unreachable emulator is 13007, and a second call while one is pending is 13008', async () => {
    const h = harness();
    let release: (value: unknown) => void = () => undefined;
    h.answers.set('/_emulator/host/token', () => new Promise((resolve) => (release = resolve)));
    const host = createExcelWebHost(h.platform);
    const call = request('executeMethod', { DdaMethod: { DispatchId: DISPID.getAccessToken } });
    host.receive({ data: call, origin: ADDIN, source: h.pane });
    host.receive({ data: call, origin: ADDIN, source: h.pane });
    await flush();
    expect(h.sent.map((m) => m._data)).toEqual([{ Version: 1, Error: 13008 }]);
    release({ accessToken: 't.o.k' });
    await flush();
    expect(h.sent[1]?._data).toEqual({ Version: 1, Error: 0, accessToken: 't.o.k' });
    h.answers.delete('/_emulator/host/token');
    host.receive({ data: call, origin: ADDIN, source: h.pane });
    await flush();
    expect(h.sent[2]?._data).toEqual({ Version: 1, Error: 13007 });
  });

  it('a method the host does not play fails with office.js\'s "not supported" code; an unknown action is an XDM error', async () => {
    const h = harness();
    expect((await exchange(h, request('executeMethod', { DdaMethod: { DispatchId: 1 } })))._data).toEqual({
      Version: 1,
      Error: 5000,
    });
    expect((await exchange(h, request('ContextActivationManager_somethingElse', null)))._errorCode).toBe(-2);
  });

  it('acknowledges the events office.js registers on its own', async () => {
    const h = harness();
    const answer = await exchange(
      h,
      request(
        'appCommandInvoked',
        { controlId: 'app-1', eventDispId: 39, targetId: '' },
        { _actionType: ACTION_TYPE.registerEvent },
      ),
    );
    expect(answer).toMatchObject({ _errorCode: 0, _data: { Error: 0 } });
  });

  it("rich API: acknowledges office.js's add-in service notice, refuses Excel.run with a 501", async () => {
    const h = harness();
    const notice = JSON.stringify({
      Actions: [
        { Id: 2, ActionType: 1, Name: '' },
        { Id: 3, ActionType: 3, Name: 'NotifyActionHandlerReady' },
      ],
      ObjectPaths: { 1: { Id: 1, Name: 'Microsoft.InternalService.AddinInternalService' } },
    });
    const ok = await exchange(
      h,
      request('executeMethod', {
        ArrayData: ['WacPartition', 'POST', 'ProcessQuery', [], notice],
        DdaMethod: { DispatchId: DISPID.executeRichApiRequest },
      }),
    );
    expect(ok._data).toMatchObject({ Error: 0, Data: [200, expect.any(Array), '{"Results":[]}'] });
    const query = JSON.stringify({ Actions: [{ Id: 1, Name: 'GetRange' }], ObjectPaths: { 1: { Name: 'Workbook' } } });
    const refused = await exchange(
      h,
      request('executeMethod', {
        ArrayData: ['', 'POST', 'ProcessQuery', [], query],
        DdaMethod: { DispatchId: DISPID.executeRichApiRequest },
      }),
    );
    expect((refused._data as { Data: unknown[] }).Data[0]).toBe(501);
  });
});

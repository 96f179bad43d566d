import { createDialogHost, DIALOG_EVENT, type DialogHostPlatform } from './dialogHost';
import { DISPID, type MessageTarget } from './excelWebHost';
import { ACTION_TYPE, MESSAGE_TYPE, type XdmRequest } from './xdmWire';

const ADDIN = 'https://localhost:3000';
const HOST = 'https://localhost:3100';

function setup(reachable = true): {
  platform: DialogHostPlatform;
  toPane: Record<string, unknown>[];
  toDialog: Record<string, unknown>[];
  pane: MessageTarget;
} {
  document.body.innerHTML = '';
  const toPane: Record<string, unknown>[] = [];
  const toDialog: Record<string, unknown>[] = [];
  const pane: MessageTarget = { postMessage: () => undefined };
  let ids = 0;
  const platform: DialogHostPlatform = {
    hostOrigin: HOST,
    addinOrigin: ADDIN,
    paneConversationId: 'pane-conv',
    appId: 'app-1',
    document,
    fetchJson: () => Promise.resolve({ documentUrl: null, displayLanguage: 'en-US' }),
    post: (target, text) => (target === pane ? toPane : toDialog).push(JSON.parse(text) as Record<string, unknown>),
    warn: () => undefined,
    newConversationId: () => `dialog-conv-${++ids}`,
    reachable: () => Promise.resolve(reachable),
    hostInfo: () => ({ displayLanguage: 'en-US', correlationId: 'app-1' }),
  };
  return { platform, toPane, toDialog, pane };
}

const registration = (url: string, register = true): [XdmRequest, boolean] => [
  {
    actionName: DIALOG_EVENT,
    actionType: register ? ACTION_TYPE.registerEvent : ACTION_TYPE.unregisterEvent,
    conversationId: 'pane-conv',
    correlationId: 1,
    data: {
      controlId: 'app-1',
      eventDispId: 10,
      targetId: JSON.stringify({ url, width: 50, height: 60, displayInIframe: true }),
    },
  },
  register,
];

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const overlay = (): HTMLElement | null => document.querySelector('[role="dialog"]');

describe("the host's iframe dialog", () => {
  it('shows the page over the host, framed with its own conversation and isDialog host info', async () => {
    const { platform, pane } = setup();
    const host = createDialogHost(platform, () => pane);
    await expect(host.onEventRegistration(...registration(`${ADDIN}/dialog.html#x`))).resolves.toEqual({ Error: 0 });
    const frame = overlay()?.querySelector('iframe');
    expect(frame?.getAttribute('src')).toMatch(
      /^https:\/\/localhost:3000\/dialog\.html\?_host_Info=Excel%24Web%2416\.01%24en-US%24app-1%24isDialog%24disableLogging%240#x$/,
    );
    expect(JSON.parse(frame?.name ?? '{}')).toMatchObject({ xdmInfo: `dialog-conv-1$app-1$${HOST}` });
  });

  it('refuses another origin (12004) and a second dialog (12007); an event it does not play is left to the caller', async () => {
    const { platform, pane } = setup();
    const host = createDialogHost(platform, () => pane);
    await expect(host.onEventRegistration(...registration('https://localhost:3100/'))).resolves.toEqual({
      Error: 12004,
    });
    await expect(host.onEventRegistration(...registration(`${ADDIN}/dialog.html`))).resolves.toEqual({ Error: 0 });
    await expect(host.onEventRegistration(...registration(`${ADDIN}/dialog.html`))).resolves.toEqual({ Error: 12007 });
    expect(host.onEventRegistration({ ...registration('')[0], actionName: 'appCommandInvoked' }, true)).toBeUndefined();
  });

  it("the user closing it raises 12006 in the pane; the pane's close() removes it without an event", async () => {
    const { platform, toPane, pane } = setup();
    const host = createDialogHost(platform, () => pane);
    await host.onEventRegistration(...registration(`${ADDIN}/dialog.html`));
    overlay()?.querySelector('button')?.click();
    expect(overlay()).toBeNull();
    expect(toPane).toEqual([
      expect.objectContaining({
        _messageType: MESSAGE_TYPE.response,
        _actionName: DIALOG_EVENT,
        _conversationId: 'pane-conv',
        _responseType: 1,
        _data: { messageType: 12006 },
      }),
    ]);
    await host.onEventRegistration(...registration(`${ADDIN}/dialog.html`));
    await host.onEventRegistration(...registration(`${ADDIN}/dialog.html`, false));
    expect(overlay()).toBeNull();
    expect(toPane).toHaveLength(1);
  });

  it('a page that cannot be reached raises 12002', async () => {
    const { platform, toPane, pane } = setup(false);
    const host = createDialogHost(platform, () => pane);
    await host.onEventRegistration(...registration(`${ADDIN}/dialog.html`));
    await flush();
    expect(toPane.map((m) => m._data)).toEqual([{ messageType: 12002 }]);
  });

  it("relays the dialog page's messageParent to the pane with its origin, only from its own frame and conversation", async () => {
    const { platform, toPane, toDialog, pane } = setup();
    const host = createDialogHost(platform, () => pane);
    await host.onEventRegistration(...registration(`${ADDIN}/dialog.html`));
    const frameWindow = overlay()?.querySelector('iframe')?.contentWindow as unknown as MessageTarget;
    const message = (conversation: string): string =>
      JSON.stringify({
        _messageType: 0,
        _actionName: 'executeMethod',
        _actionType: 0,
        _conversationId: conversation,
        _correlationId: 4,
        _data: { messageToParent: 'token:abc', DdaMethod: { DispatchId: DISPID.messageParent } },
      });
    expect(host.receive({ data: message('dialog-conv-1'), origin: ADDIN, source: pane })).toBe(false);
    expect(host.receive({ data: message('pane-conv'), origin: ADDIN, source: frameWindow })).toBe(false);
    expect(host.receive({ data: message('dialog-conv-1'), origin: ADDIN, source: frameWindow })).toBe(true);
    await flush();
    expect(toPane.map((m) => m._data)).toEqual([{ messageType: 0, messageContent: 'token:abc', messageOrigin: ADDIN }]);
    expect(toDialog.map((m) => m._data)).toEqual([{ Version: 1, Error: 0 }]);
  });
});

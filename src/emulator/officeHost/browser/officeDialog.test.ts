// The dialog API as an add-in meets it: displayDialogAsync's AsyncResult, the Dialog's events,
// and messageParent from the dialog page reaching the opener's handler.
import { ASYNC_RESULT_STATUS, createDialogOpener, createMessageParent, type AsyncResult, type DialogEventArgs, type DialogPlatform, type OfficeDialog } from './officeDialog';

const PAGE = 'https://localhost:3000/taskpane.html';
const ORIGIN = 'https://localhost:3000';

interface FakePopup {
  url: string;
  name: string;
  closed: boolean;
  close(): void;
}

function fakeBrowser(overrides: Partial<DialogPlatform> = {}): {
  platform: DialogPlatform;
  popups: FakePopup[];
  send(data: unknown, origin: string, source: unknown): void;
  tick(): void;
} {
  const popups: FakePopup[] = [];
  const listeners: ((event: { data: unknown; origin: string; source: unknown }) => void)[] = [];
  const ticks: (() => void)[] = [];
  const platform: DialogPlatform = {
    pageUrl: PAGE,
    openWindow(url, name) {
      const popup: FakePopup = { url, name, closed: false, close: () => (popup.closed = true) };
      popups.push(popup);
      return popup;
    },
    document,
    onMessage(listener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    every(_ms, tick) {
      ticks.push(tick);
      return () => ticks.splice(ticks.indexOf(tick), 1);
    },
    pageLoads: async () => true,
    ...overrides,
  };
  return {
    platform,
    popups,
    send: (data, origin, source) => listeners.slice().forEach((l) => l({ data, origin, source })),
    tick: () => ticks.slice().forEach((t) => t()),
  };
}

function open(platform: DialogPlatform, url: string, options: Parameters<ReturnType<typeof createDialogOpener>>[1] = {}, opener = createDialogOpener(platform)): Promise<AsyncResult<OfficeDialog>> {
  return new Promise((resolve) => opener(url, options, resolve));
}

async function openOk(platform: DialogPlatform, url = `${ORIGIN}/dialog.html`, opener = createDialogOpener(platform)): Promise<OfficeDialog> {
  const result = await open(platform, url, { height: 60, width: 30 }, opener);
  if (result.status !== ASYNC_RESULT_STATUS.Succeeded) throw new Error(`dialog failed: ${JSON.stringify(result)}`);
  return result.value;
}

describe('displayDialogAsync', () => {
  it('opens the URL in a popup and hands back a Dialog in a succeeded AsyncResult (asynchronously, with asyncContext)', async () => {
    const { platform, popups } = fakeBrowser();
    let calledBack = false;
    const result = new Promise<AsyncResult<OfficeDialog>>((resolve) =>
      createDialogOpener(platform)(`${ORIGIN}/dialog.html?x=1`, { width: 50, asyncContext: 'ctx' }, (r) => {
        calledBack = true;
        resolve(r);
      }),
    );
    expect(calledBack).toBe(false);
    const answer = await result;
    expect(answer).toMatchObject({ status: 'succeeded', asyncContext: 'ctx' });
    expect(typeof answer.value?.close).toBe('function');
    expect(popups).toHaveLength(1);
    expect(popups[0]?.url).toBe(`${ORIGIN}/dialog.html?x=1`);
    expect(popups[0]?.name.startsWith('office-emulator-dialog;')).toBe(true);
  });

  it.each([
    ['http://localhost:3000/dialog.html', {}, 12005],
    ['https://localhost:3100/dialog.html', {}, 12004],
    ['https://evil.example/dialog.html', {}, 12004],
    ['https://localhost:3000/dialog.html', { width: 0 }, 12000],
    ['https://localhost:3000/dialog.html', { height: 101 }, 12001],
  ])('refuses %s %j with %i and opens nothing', async (url, options, code) => {
    const { platform, popups } = fakeBrowser();
    const result = await open(platform, url, options);
    expect(result).toMatchObject({ status: 'failed', error: { code, name: expect.any(String), message: expect.any(String) } });
    expect(popups).toHaveLength(0);
  });

  it('refuses a second dialog while one is open (12007), and allows one after close()', async () => {
    const { platform } = fakeBrowser();
    const opener = createDialogOpener(platform);
    const first = await openOk(platform, undefined, opener);
    await expect(open(platform, `${ORIGIN}/dialog.html`, {}, opener)).resolves.toMatchObject({ status: 'failed', error: { code: 12007 } });
    first.close();
    await expect(open(platform, `${ORIGIN}/dialog.html`, {}, opener)).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('reports a blocked popup as 12009', async () => {
    const { platform } = fakeBrowser({ openWindow: () => null });
    await expect(open(platform, `${ORIGIN}/dialog.html`)).resolves.toMatchObject({ status: 'failed', error: { code: 12009 } });
  });

  it('delivers messageParent from the dialog page to DialogMessageReceived, and nothing from other windows or origins', async () => {
    const browser = fakeBrowser();
    const dialog = await openOk(browser.platform);
    const popup = browser.popups[0];
    if (popup === undefined) throw new Error('no popup');
    const seen: DialogEventArgs[] = [];
    dialog.addEventHandler('dialogMessageReceived', (args) => seen.push(args));

    // The dialog page's side, wired to the fake popup's opener.
    const messageParent = createMessageParent({
      windowName: popup.name,
      opener: { postMessage: (data, targetOrigin) => browser.send(data, targetOrigin === ORIGIN ? ORIGIN : 'https://wrong.example', popup) },
      parent: null,
    });
    messageParent('{"status":"signedIn"}');
    browser.send({ officeEmulatorDialog: popup.name, message: 'from elsewhere' }, 'https://localhost:3100', popup);
    browser.send({ officeEmulatorDialog: popup.name, message: 'from another window' }, ORIGIN, {});
    browser.send({ officeEmulatorDialog: 'office-emulator-dialog;999;x', message: 'another dialog' }, ORIGIN, popup);
    expect(seen).toEqual([{ type: 'dialogMessageReceived', message: '{"status":"signedIn"}', origin: ORIGIN }]);
  });

  it('raises DialogEventReceived 12006 when the user closes the popup, once, and not after close()', async () => {
    const browser = fakeBrowser();
    const dialog = await openOk(browser.platform);
    const events: DialogEventArgs[] = [];
    dialog.addEventHandler('dialogEventReceived', (args) => events.push(args));
    browser.tick();
    expect(events).toEqual([]);
    if (browser.popups[0]) browser.popups[0].closed = true;
    browser.tick();
    browser.tick();
    expect(events).toEqual([{ type: 'dialogEventReceived', error: 12006 }]);

    const second = await openOk(browser.platform);
    const later: DialogEventArgs[] = [];
    second.addEventHandler('dialogEventReceived', (args) => later.push(args));
    second.close();
    expect(browser.popups[1]?.closed).toBe(true);
    browser.tick();
    expect(later).toEqual([]);
  });

  it('raises DialogEventReceived 12002 when the start page does not load', async () => {
    const browser = fakeBrowser({ pageLoads: async () => false });
    const dialog = await openOk(browser.platform);
    const events: DialogEventArgs[] = [];
    dialog.addEventHandler('dialogEventReceived', (args) => events.push(args));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual([{ type: 'dialogEventReceived', error: 12002 }]);
  });

  it('shows an iframe overlay with displayInIframe, closable by the user (12006)', async () => {
    const browser = fakeBrowser();
    const result = await open(browser.platform, `${ORIGIN}/dialog.html`, { displayInIframe: true });
    if (result.status !== 'succeeded') throw new Error('dialog failed');
    const overlay = document.querySelector('[role="dialog"]');
    expect(overlay?.querySelector('iframe')?.getAttribute('src')).toBe(`${ORIGIN}/dialog.html`);
    expect(browser.popups).toHaveLength(0);
    const events: DialogEventArgs[] = [];
    result.value.addEventHandler('dialogEventReceived', (args) => events.push(args));
    (overlay?.querySelector('button') as HTMLButtonElement).click();
    browser.tick();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(events).toEqual([{ type: 'dialogEventReceived', error: 12006 }]);
  });

  it('rejects handlers for events the emulated dialog does not raise', async () => {
    const { platform } = fakeBrowser();
    const dialog = await openOk(platform);
    expect(() => dialog.addEventHandler('dialogParentMessageReceived', () => undefined)).toThrow(TypeError);
  });
});

describe('messageParent', () => {
  it('throws outside a dialog page', () => {
    const messageParent = createMessageParent({ windowName: '', opener: null, parent: { postMessage: () => undefined } });
    expect(() => messageParent('hello')).toThrow(/displayDialogAsync/);
  });

  it('posts to the iframe overlay parent with the origin from the window name, or the one given', () => {
    const posts: [unknown, string][] = [];
    const messageParent = createMessageParent({ windowName: `office-emulator-dialog;3;${ORIGIN}`, opener: null, parent: { postMessage: (m, o) => posts.push([m, o]) } });
    messageParent('a');
    messageParent('b', { targetOrigin: 'https://localhost:4000' });
    expect(posts).toEqual([
      [{ officeEmulatorDialog: `office-emulator-dialog;3;${ORIGIN}`, message: 'a' }, ORIGIN],
      [{ officeEmulatorDialog: `office-emulator-dialog;3;${ORIGIN}`, message: 'b' }, 'https://localhost:4000'],
    ]);
  });
});

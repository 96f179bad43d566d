/**
 * The emulated Office dialog API in Chromium, called from the real task pane frame (local mode):
 * displayDialogAsync → AsyncResult with a Dialog; messageParent in the dialog page →
 * DialogMessageReceived in the pane; close(); and the documented error codes for bad URLs.
 */
import type { Frame, Page } from 'playwright-core';
import { taskPaneFrame } from '../helpers/devHostPage';
import { useDevHostSuite } from '../helpers/devHostSuite';
import type { LocalStack } from '../helpers/localStack';
import { eventually } from '../helpers/eventually';

jest.setTimeout(60_000);

/** The slice of office.js's dialog API these tests call, as seen inside a page. */
interface DialogWindow {
  Office: {
    onReady(): Promise<unknown>;
    EventType: { DialogMessageReceived: string; DialogEventReceived: string };
    context: {
      ui: {
        displayDialogAsync(url: string, options: Record<string, unknown>, callback: (result: { status: string; value?: TestDialog; error?: { code: number; name: string; message: string }; asyncContext?: unknown }) => void): void;
        messageParent(message: string): void;
      };
    };
  };
  dialogUnderTest?: TestDialog;
  dialogArgs: unknown[];
}
interface TestDialog {
  addEventHandler(type: string, handler: (args: unknown) => void): void;
  close(): void;
}
interface OpenOutcome {
  status: string;
  error?: { code: number; name: string; message: string };
  asyncContext?: unknown;
}

// Dialog tests provoke Office errors on purpose; uncaught page errors are not this suite's check.
const suite = useDevHostSuite({ failOnPageErrors: false });
let pane: Frame;

beforeEach(async () => {
  pane = await taskPaneFrame(suite.page, suite.stack);
  await pane.evaluate(() => (globalThis as unknown as DialogWindow).Office.onReady());
});

/** Calls displayDialogAsync in the task pane frame; on success keeps the Dialog and records its events. */
function openDialog(frame: Frame, url: string, options: Record<string, unknown>): Promise<OpenOutcome> {
  return frame.evaluate(
    ([dialogUrl, dialogOptions]) =>
      new Promise<OpenOutcome>((resolve) => {
        const w = globalThis as unknown as DialogWindow;
        w.dialogArgs = [];
        w.Office.context.ui.displayDialogAsync(dialogUrl, dialogOptions, (result) => {
          if (result.status === 'succeeded' && result.value !== undefined) {
            const dialog = result.value;
            w.dialogUnderTest = dialog;
            dialog.addEventHandler(w.Office.EventType.DialogMessageReceived, (args) => w.dialogArgs.push(args));
            dialog.addEventHandler(w.Office.EventType.DialogEventReceived, (args) => w.dialogArgs.push(args));
          }
          const outcome: OpenOutcome = { status: result.status };
          if (result.error !== undefined) outcome.error = result.error;
          if (result.asyncContext !== undefined) outcome.asyncContext = result.asyncContext;
          resolve(outcome);
        });
      }),
    [url, options] as const,
  );
}

const dialogArgs = (): Promise<unknown[]> => pane.evaluate(() => (globalThis as unknown as DialogWindow).dialogArgs);

/** Inside the dialog page: wait for the emulated Office, then message the opener. */
async function messageParentFrom(frame: Frame, message: string): Promise<void> {
  await frame.waitForFunction(() => typeof (globalThis as unknown as Partial<DialogWindow>).Office?.context?.ui?.messageParent === 'function');
  await frame.evaluate((text) => (globalThis as unknown as DialogWindow).Office.context.ui.messageParent(text), message);
}

it('displayInIframe: the dialog opens over the pane, its messageParent reaches DialogMessageReceived, and close() removes it', async () => {
  const outcome = await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html?dialog=1`, { displayInIframe: true, width: 60, height: 60, asyncContext: 'ctx-1' });
  expect(outcome).toEqual({ status: 'succeeded', asyncContext: 'ctx-1' });

  const overlay = suite.page.frameLocator('iframe[title="Workbook Sessions task pane"]').getByRole('dialog', { name: 'Add-in dialog' });
  await overlay.waitFor();
  const dialogFrame = await eventuallyFrame(suite.page, (f) => f.name().startsWith('office-emulator-dialog;'));
  expect(dialogFrame.url()).toBe(`${suite.stack.addinUrl}/taskpane.html?dialog=1`);

  await messageParentFrom(dialogFrame, 'signed-in:megan');
  await eventually(dialogArgs, [{ type: 'dialogMessageReceived', message: 'signed-in:megan', origin: suite.stack.addinUrl }]);

  await pane.evaluate(() => (globalThis as unknown as DialogWindow).dialogUnderTest?.close());
  await overlay.waitFor({ state: 'detached' });
  // close() raises no event (office.js does not either).
  expect(await dialogArgs()).toHaveLength(1);
});

it('popup (the default on the web): window.open, messageParent from the popup, close() closes the window', async () => {
  const popupOpened = suite.page.context().waitForEvent('page');
  const outcome = await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html?popup=1`, { width: 40, height: 50 });
  expect(outcome).toEqual({ status: 'succeeded' });
  const popup = await popupOpened;
  await popup.waitForLoadState('domcontentloaded');
  expect(popup.url()).toBe(`${suite.stack.addinUrl}/taskpane.html?popup=1`);

  await messageParentFrom(popup.mainFrame(), '{"token":"opaque"}');
  await eventually(dialogArgs, [{ type: 'dialogMessageReceived', message: '{"token":"opaque"}', origin: suite.stack.addinUrl }]);

  const closed = popup.waitForEvent('close');
  await pane.evaluate(() => (globalThis as unknown as DialogWindow).dialogUnderTest?.close());
  await closed;
});

it('a popup the user closes raises DialogEventReceived 12006', async () => {
  const popupOpened = suite.page.context().waitForEvent('page');
  await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, {});
  const popup = await popupOpened;
  await popup.close();
  await eventually(dialogArgs, [{ type: 'dialogEventReceived', error: 12006 }]);
});

it.each([
  ['an http URL', (s: LocalStack) => s.addinUrl.replace('https:', 'http:') + '/taskpane.html', 12005],
  ["another origin (the emulator's sign-in page)", (s: LocalStack) => `${s.emulatorUrl}/`, 12004],
  ['a width over 100%', (s: LocalStack) => `${s.addinUrl}/taskpane.html`, 12000],
])('%s fails with the documented code', async (_name, urlOf, code) => {
  const outcome = await openDialog(pane, urlOf(suite.stack), code === 12000 ? { width: 150 } : {});
  expect(outcome).toMatchObject({ status: 'failed', error: { code, name: expect.any(String), message: expect.any(String) } });
  expect(await suite.page.frameLocator('iframe[title="Workbook Sessions task pane"]').getByRole('dialog').count()).toBe(0);
});

it('a second dialog while one is open fails with 12007', async () => {
  expect(await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, { displayInIframe: true })).toEqual({ status: 'succeeded' });
  expect(await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, { displayInIframe: true })).toMatchObject({ status: 'failed', error: { code: 12007 } });
});

async function eventuallyFrame(target: Page, match: (frame: Frame) => boolean): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = target.frames().find(match);
    if (frame !== undefined) return frame;
    await target.waitForTimeout(100);
  }
  throw new Error('the dialog frame did not appear');
}

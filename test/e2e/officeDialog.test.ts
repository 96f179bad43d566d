/**
 * office.js's dialog API in the emulated Excel on the web, called from the real task pane frame:
 * displayDialogAsync → (office.js's "wants to display a new window" notice →) AsyncResult with a
 * Dialog; messageParent in the dialog page → DialogMessageReceived in the pane; close(); the
 * user closing it (12006) or declining it (12009); and the documented codes for bad URLs. The
 * window dialog is office.js's own work in the pane; the iframe dialog is the host's.
 */
import type { Frame, Page } from 'playwright-core';
import { taskPaneFrame } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import type { LocalStack } from '../support/localStack';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

/** The slice of office.js's dialog API these tests call, as seen inside a page. */
interface DialogWindow {
  Office: {
    onReady(): Promise<unknown>;
    EventType: { DialogMessageReceived: string; DialogEventReceived: string };
    context: {
      ui: {
        displayDialogAsync(
          url: string,
          options: Record<string, unknown>,
          callback: (result: {
            status: string;
            value?: TestDialog;
            error?: { code: number; name: string; message: string };
            asyncContext?: unknown;
          }) => void,
        ): void;
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
            // office.js's event objects, reduced to their documented fields.
            const record = (args: unknown): void => {
              const { type, message, origin, error } = args as Record<string, unknown>;
              w.dialogArgs.push(
                Object.fromEntries(Object.entries({ type, message, origin, error }).filter(([, v]) => v !== undefined)),
              );
            };
            dialog.addEventHandler(w.Office.EventType.DialogMessageReceived, record);
            dialog.addEventHandler(w.Office.EventType.DialogEventReceived, record);
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

/** Inside the dialog page: wait for office.js, then message the pane. */
async function messageParentFrom(frame: Frame, message: string): Promise<void> {
  await frame.waitForFunction(
    () => typeof (globalThis as unknown as Partial<DialogWindow>).Office?.onReady === 'function',
  );
  await frame.evaluate(async (text) => {
    const office = (globalThis as unknown as DialogWindow).Office;
    await office.onReady();
    office.context.ui.messageParent(text);
  }, message);
}

/** office.js's notice in the pane before a dialog window; the person answers it. */
async function answerNotice(answer: 'Allow' | 'Ignore'): Promise<void> {
  await suite.pane.getByRole('button', { name: answer, exact: true }).click();
}

const withHostInfo = (url: string): RegExp =>
  new RegExp(`^${url.replace(/[.?]/g, '\\$&')}[?&]_host_Info=[^#]*isDialog`);

it('displayInIframe: the host shows the page over itself, its messageParent reaches DialogMessageReceived, and close() removes it', async () => {
  const url = `${suite.stack.addinUrl}/taskpane.html?dialog=1`;
  const outcome = await openDialog(pane, url, { displayInIframe: true, width: 60, height: 60, asyncContext: 'ctx-1' });
  expect(outcome).toEqual({ status: 'succeeded', asyncContext: 'ctx-1' });

  const overlay = suite.page.getByRole('dialog', { name: 'Add-in dialog' });
  await overlay.waitFor();
  const dialogFrame = await eventuallyFrame(suite.page, (f) => f.url().startsWith(url));
  expect(dialogFrame.url()).toMatch(withHostInfo(url));

  await messageParentFrom(dialogFrame, 'signed-in:megan');
  await eventually(dialogArgs, [
    { type: 'dialogMessageReceived', message: 'signed-in:megan', origin: suite.stack.addinUrl },
  ]);

  await pane.evaluate(() => (globalThis as unknown as DialogWindow).dialogUnderTest?.close());
  await overlay.waitFor({ state: 'detached' });
  // close() raises no event (office.js does not either).
  expect(await dialogArgs()).toHaveLength(1);
});

it("displayInIframe: the user closing the host's dialog raises DialogEventReceived 12006", async () => {
  await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, { displayInIframe: true });
  await suite.page.getByRole('dialog', { name: 'Add-in dialog' }).getByRole('button', { name: 'Close dialog' }).click();
  await eventually(dialogArgs, [{ type: 'dialogEventReceived', error: 12006 }]);
});

it('window (the default on the web): after "Allow", office.js opens the page with office.js in it; messageParent arrives; close() closes the window', async () => {
  const url = `${suite.stack.addinUrl}/taskpane.html?popup=1`;
  const popupOpened = suite.page.context().waitForEvent('page');
  const outcome = openDialog(pane, url, { width: 40, height: 50 });
  await answerNotice('Allow');
  expect(await outcome).toEqual({ status: 'succeeded' });
  const popup = await popupOpened;
  await popup.waitForLoadState('domcontentloaded');
  expect(popup.url()).toMatch(withHostInfo(url));

  await messageParentFrom(popup.mainFrame(), '{"token":"opaque"}');
  await eventually(dialogArgs, [
    { type: 'dialogMessageReceived', message: '{"token":"opaque"}', origin: suite.stack.addinUrl },
  ]);

  const closed = popup.waitForEvent('close');
  await pane.evaluate(() => (globalThis as unknown as DialogWindow).dialogUnderTest?.close());
  await closed;
});

it('a window the user closes raises DialogEventReceived 12006', async () => {
  const popupOpened = suite.page.context().waitForEvent('page');
  const outcome = openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, {});
  await answerNotice('Allow');
  await outcome;
  const popup = await popupOpened;
  await popup.close();
  await eventually(dialogArgs, [{ type: 'dialogEventReceived', error: 12006 }]);
});

it('"Ignore" on the notice fails with 12009 and opens nothing', async () => {
  const outcome = openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, {});
  await answerNotice('Ignore');
  expect(await outcome).toMatchObject({
    status: 'failed',
    error: { code: 12009, name: expect.any(String), message: expect.any(String) },
  });
  expect(suite.page.context().pages()).toHaveLength(1);
});

it.each([
  ['an http URL', (s: LocalStack) => s.addinUrl.replace('https:', 'http:') + '/taskpane.html', 12005, false],
  ["another origin (the emulator's sign-in page)", (s: LocalStack) => `${s.emulatorUrl}/`, 12004, false],
  ["another origin, in the host's iframe", (s: LocalStack) => `${s.emulatorUrl}/`, 12004, true],
])('%s fails with the documented code', async (_name, urlOf, code, displayInIframe) => {
  const outcome = await openDialog(pane, urlOf(suite.stack), { displayInIframe });
  expect(outcome).toMatchObject({
    status: 'failed',
    error: { code, name: expect.any(String), message: expect.any(String) },
  });
  expect(await suite.page.getByRole('dialog').count()).toBe(0);
});

it('a second dialog while one is open fails with 12007', async () => {
  expect(await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, { displayInIframe: true })).toEqual({
    status: 'succeeded',
  });
  expect(await openDialog(pane, `${suite.stack.addinUrl}/taskpane.html`, { displayInIframe: true })).toMatchObject({
    status: 'failed',
    error: { code: 12007 },
  });
});

async function eventuallyFrame(target: Page, match: (frame: Frame) => boolean): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = target.frames().find(match);
    if (frame !== undefined) return frame;
    await target.waitForTimeout(100);
  }
  throw new Error('the dialog frame did not appear');
}

import { DialogError, type DialogEvent } from './OfficeHost';
import { openOfficeDialog } from './officeDialog';

type Handler = (args: unknown) => void;

/** The part of office.js openOfficeDialog uses: a dialog whose events the test delivers. */
function fakeOffice(result: { succeeded: boolean; errorCode?: number }): {
  office: typeof Office;
  deliver: (event: 'message' | 'event', args: unknown) => void;
  closed: () => boolean;
} {
  const handlers = new Map<string, Handler>();
  let closed = false;
  const dialog = {
    addEventHandler: (type: string, handler: Handler) => handlers.set(type, handler),
    close: () => {
      closed = true;
    },
  };
  const office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    context: {
      ui: {
        displayDialogAsync: (_url: string, _options: unknown, callback: (r: unknown) => void) =>
          callback(
            result.succeeded
              ? { status: 'succeeded', value: dialog }
              : { status: 'failed', error: result.errorCode === undefined ? undefined : { code: result.errorCode } },
          ),
      },
    },
  } as unknown as typeof Office;
  return {
    office,
    deliver: (event, args) =>
      handlers.get(event === 'message' ? 'dialogMessageReceived' : 'dialogEventReceived')?.(args),
    closed: () => closed,
  };
}

describe('openOfficeDialog', () => {
  it("reports the dialog's string messages and its event codes, and closes it on request", async () => {
    const host = fakeOffice({ succeeded: true });
    const events: DialogEvent[] = [];
    const handle = await openOfficeDialog(
      host.office,
      'https://localhost/dialog.html',
      { width: 40, height: 60 },
      (e) => events.push(e),
    );
    host.deliver('message', { message: '{"kind":"token"}' });
    host.deliver('event', { error: 12006 });
    handle.close();
    expect(events).toEqual([
      { kind: 'message', message: '{"kind":"token"}' },
      { kind: 'event', code: 12006 },
    ]);
    expect(host.closed()).toBe(true);
  });

  it('ignores malformed event arguments from the host instead of throwing: no message, an event without a code', async () => {
    const host = fakeOffice({ succeeded: true });
    const events: DialogEvent[] = [];
    await openOfficeDialog(host.office, 'https://localhost/dialog.html', { width: 40, height: 60 }, (e) =>
      events.push(e),
    );
    for (const args of [null, undefined, 'text', { message: 42 }])
      expect(() => host.deliver('message', args)).not.toThrow();
    expect(() => host.deliver('event', null)).not.toThrow();
    expect(events).toEqual([{ kind: 'event', code: 0 }]);
  });

  it('rejects with the Office error code when the dialog cannot open, and with 0 when Office gives none', async () => {
    await expect(
      openOfficeDialog(
        fakeOffice({ succeeded: false, errorCode: 12009 }).office,
        'https://localhost/d',
        { width: 40, height: 60 },
        () => undefined,
      ),
    ).rejects.toMatchObject({ code: 12009 });
    await expect(
      openOfficeDialog(
        fakeOffice({ succeeded: false }).office,
        'https://localhost/d',
        { width: 40, height: 60 },
        () => undefined,
      ),
    ).rejects.toBeInstanceOf(DialogError);
    await expect(
      openOfficeDialog(undefined, 'https://localhost/d', { width: 40, height: 60 }, () => undefined),
    ).rejects.toMatchObject({ code: 0 });
  });
});

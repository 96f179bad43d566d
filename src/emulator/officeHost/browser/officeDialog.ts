/**
 * The Office dialog API for a plain browser: `Office.context.ui.displayDialogAsync` on the page
 * that opens the dialog, and `Office.context.ui.messageParent` inside the dialog page.
 *
 * Like Office on the web, the dialog is a popup window (`window.open`); with
 * `displayInIframe: true` it is an iframe overlay on the opening page. The dialog learns that it
 * is one from its window name (office.js also keeps its host info in `window.name`), which
 * survives the dialog's navigations between same-site origins (the add-in and the emulator's
 * sign-in page are both on localhost). A message reaches the opener only from the add-in's own
 * origin and only from the window it opened.
 *
 * Error codes (office.js `ooe*` numbers, "Handle errors and events in the Office dialog box"):
 * from displayDialogAsync 12000/12001 (width/height not a percentage), 12005 (http URL),
 * 12004 (another origin), 12007 (one already open), 12009 (the browser did not open the popup);
 * as DialogEventReceived 12006 (closed by the user) and 12002 (the start page does not load).
 * 12003 (the dialog later navigates to http) is not detectable from here (DEVIATIONS.md).
 */

export const DIALOG_WINDOW_PREFIX = 'office-emulator-dialog';

export const EVENT_TYPES = {
  DialogMessageReceived: 'dialogMessageReceived',
  DialogEventReceived: 'dialogEventReceived',
  DialogParentMessageReceived: 'dialogParentMessageReceived',
} as const;

export const ASYNC_RESULT_STATUS = { Succeeded: 'succeeded', Failed: 'failed' } as const;

export interface AsyncError {
  code: number;
  name: string;
  message: string;
}

export type AsyncResult<T> =
  | { status: 'succeeded'; value: T; asyncContext?: unknown }
  | { status: 'failed'; value: undefined; error: AsyncError; asyncContext?: unknown };

export type DialogEventArgs = { type: 'dialogMessageReceived'; message: string; origin: string } | { type: 'dialogEventReceived'; error: number };

export interface OfficeDialog {
  addEventHandler(eventType: string, handler: (args: DialogEventArgs) => void): void;
  close(): void;
}

export interface DialogOptions {
  width?: number;
  height?: number;
  displayInIframe?: boolean;
  promptBeforeOpen?: boolean;
  asyncContext?: unknown;
}

/** What the dialog code needs from the browser; index.ts passes the real window. */
export interface DialogPlatform {
  /** The opening page's URL (the add-in's task pane). */
  pageUrl: string;
  openWindow(url: string, name: string, features: string): { closed: boolean; close(): void } | null;
  /** The page's document, for the iframe overlay. */
  document: Document;
  onMessage(listener: (event: { data: unknown; origin: string; source: unknown }) => void): () => void;
  /** A repeating timer (popup-closed polling); returns its canceller. */
  every(ms: number, tick: () => void): () => void;
  /** Whether the start page loads (same origin as the page, so the page may fetch it). */
  pageLoads(url: string): Promise<boolean>;
}

const DIALOG_ERRORS: Readonly<Record<number, { name: string; message: string }>> = {
  12000: { name: 'Display Dialog Error', message: 'The width must be a percentage of the screen from 1 to 100.' },
  12001: { name: 'Display Dialog Error', message: 'The height must be a percentage of the screen from 1 to 100.' },
  12004: { name: 'Display Dialog Error', message: "The dialog URL's domain is not the add-in's domain (protocol, host and port must match)." },
  12005: { name: 'Display Dialog Error', message: 'The dialog URL must use HTTPS.' },
  12007: { name: 'Display Dialog Error', message: 'A dialog is already open from this page.' },
  12009: { name: 'Display Dialog Error', message: 'The dialog was not shown: the browser blocked the popup window.' },
};

function dialogError(code: 12000 | 12001 | 12004 | 12005 | 12007 | 12009): AsyncError {
  const known = DIALOG_ERRORS[code] ?? { name: 'Display Dialog Error', message: 'The dialog could not be opened.' };
  return { code, ...known };
}

const POPUP_POLL_MS = 500;
let nextDialogNumber = 1;

/** `displayDialogAsync(url, options?, callback?)` for the opening page. */
export function createDialogOpener(platform: DialogPlatform): (url: string, optionsOrCallback?: DialogOptions | ((r: AsyncResult<OfficeDialog>) => void), callback?: (r: AsyncResult<OfficeDialog>) => void) => void {
  let openDialog: { close(): void } | undefined;

  return function displayDialogAsync(url, optionsOrCallback, maybeCallback) {
    const options = typeof optionsOrCallback === 'object' && optionsOrCallback !== null ? optionsOrCallback : {};
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    const reply = (result: AsyncResult<OfficeDialog>): void => {
      // office.js calls back asynchronously; so does the emulator.
      if (callback !== undefined) queueMicrotask(() => callback(options.asyncContext === undefined ? result : { ...result, asyncContext: options.asyncContext }));
    };
    const fail = (code: 12000 | 12001 | 12004 | 12005 | 12007 | 12009): void => reply({ status: 'failed', value: undefined, error: dialogError(code) });

    if (!isPercentage(options.width)) return fail(12000);
    if (!isPercentage(options.height)) return fail(12001);
    let target: URL;
    try {
      target = new URL(url, platform.pageUrl);
    } catch {
      return fail(12004);
    }
    if (target.protocol !== 'https:') return fail(12005);
    const pageOrigin = new URL(platform.pageUrl).origin;
    if (target.origin !== pageOrigin) return fail(12004);
    if (openDialog !== undefined) return fail(12007);

    const windowName = `${DIALOG_WINDOW_PREFIX};${nextDialogNumber++};${pageOrigin}`;
    const handlers: { [type: string]: ((args: DialogEventArgs) => void)[] } = {};
    const emit = (args: DialogEventArgs): void => (handlers[args.type] ?? []).slice().forEach((h) => h(args));
    const surface = options.displayInIframe === true ? openOverlay(platform.document, target.href, windowName, options) : openPopup(platform, target.href, windowName, options);
    if (surface === undefined) return fail(12009);

    let closed = false;
    const finish = (): void => {
      closed = true;
      openDialog = undefined;
      stopListening();
      stopPolling();
    };
    const stopListening = platform.onMessage((event) => {
      if (closed || event.source !== surface.window() || event.origin !== pageOrigin) return;
      const data = event.data;
      if (typeof data !== 'object' || data === null) return;
      const { officeEmulatorDialog, message } = data as { officeEmulatorDialog?: unknown; message?: unknown };
      if (officeEmulatorDialog !== windowName || typeof message !== 'string') return;
      emit({ type: 'dialogMessageReceived', message, origin: event.origin });
    });
    const stopPolling = platform.every(POPUP_POLL_MS, () => {
      if (!closed && surface.closedByUser()) {
        finish();
        emit({ type: 'dialogEventReceived', error: 12006 });
      }
    });
    const dialog: OfficeDialog = {
      addEventHandler(eventType, handler) {
        if (eventType !== EVENT_TYPES.DialogMessageReceived && eventType !== EVENT_TYPES.DialogEventReceived) {
          throw new TypeError(`The emulated Office dialog has no event '${String(eventType)}'.`);
        }
        (handlers[eventType] ??= []).push(handler);
      },
      close() {
        if (closed) return;
        finish();
        surface.close();
      },
    };
    openDialog = dialog;
    // Probe after the callback has run, so handlers added there see a 12002.
    setTimeout(() => {
      void platform.pageLoads(target.href).then((loads) => {
        if (!loads && !closed) emit({ type: 'dialogEventReceived', error: 12002 });
      });
    }, 0);
    reply({ status: 'succeeded', value: dialog });
  };
}

interface DialogSurface {
  window(): unknown;
  closedByUser(): boolean;
  close(): void;
}

function isPercentage(value: number | undefined): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 100);
}

function openPopup(platform: DialogPlatform, url: string, name: string, options: DialogOptions): DialogSurface | undefined {
  // Office sizes dialogs in percent of the screen; a popup takes pixels, so use a 1280×800 screen.
  const features = `popup,width=${Math.round(12.8 * (options.width ?? 80))},height=${Math.round(8 * (options.height ?? 80))}`;
  const popup = platform.openWindow(url, name, features);
  if (popup === null) return undefined;
  return { window: () => popup, closedByUser: () => popup.closed, close: () => popup.close() };
}

function openOverlay(document: Document, url: string, name: string, options: DialogOptions): DialogSurface {
  const backdrop = document.createElement('div');
  backdrop.setAttribute('role', 'dialog');
  backdrop.setAttribute('aria-modal', 'true');
  backdrop.setAttribute('aria-label', 'Add-in dialog');
  backdrop.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,0.4);display:flex;align-items:center;justify-content:center;z-index:2147483647';
  const frame = document.createElement('iframe');
  frame.name = name;
  frame.title = 'Add-in dialog';
  frame.src = url;
  frame.style.cssText = `width:${options.width ?? 80}%;height:${options.height ?? 80}%;border:0;background:#fff`;
  const closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.textContent = 'Close dialog';
  closeButton.style.cssText = 'position:absolute;top:0.5rem;right:0.5rem';
  let userClosed = false;
  closeButton.addEventListener('click', () => {
    userClosed = true;
    backdrop.remove();
  });
  backdrop.append(frame, closeButton);
  document.body.append(backdrop);
  return { window: () => frame.contentWindow, closedByUser: () => userClosed, close: () => backdrop.remove() };
}

/** What a dialog page needs to reach its opener. */
export interface DialogChildPlatform {
  windowName: string;
  /** `window.opener` for a popup, `window.parent` for the iframe overlay. */
  opener: { postMessage(message: unknown, targetOrigin: string): void } | null;
  parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
}

/** `Office.context.ui.messageParent(message, { targetOrigin? })` inside a dialog page. */
export function createMessageParent(platform: DialogChildPlatform): (message: string, options?: { targetOrigin?: string }) => void {
  return function messageParent(message, options) {
    const [prefix, , parentOrigin] = platform.windowName.split(';');
    const target = platform.opener ?? platform.parent;
    if (prefix !== DIALOG_WINDOW_PREFIX || parentOrigin === undefined || target === null) {
      throw new Error('messageParent works only in a page opened by Office.context.ui.displayDialogAsync.');
    }
    if (typeof message !== 'string') throw new TypeError('messageParent takes a string message.');
    target.postMessage({ officeEmulatorDialog: platform.windowName, message }, options?.targetOrigin ?? parentOrigin);
  };
}

/**
 * The host's side of office.js's dialog API on the web
 * (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/dialog-api-in-office-add-ins).
 *
 * With the default window transport office.js in the task pane opens the dialog window itself and
 * talks to it directly; the host only acknowledges the `dialogNotificationShown` registration
 * around office.js's "wants to display a new window" prompt (excelWebHost.ts does).
 *
 * With `displayInIframe: true` the pane asks the host: it registers the `dialogMessageReceived`
 * event with the dialog's options as `targetId`. The host then shows the page in an iframe over
 * itself, framed like the pane (its own `_xdm_Info` conversation and a `_host_Info` marked
 * `isDialog`), answers that page's office.js (a second excelWebHost on the dialog's conversation),
 * relays its `messageParent` to the pane as a `dialogMessageReceived` event, and reports the
 * outcomes as events too: 12006 when the user closes it, 12002 when the page cannot be reached.
 * Unregistering the event (the pane's `dialog.close()`) removes the iframe.
 */
import { buildHostInfo, type HostInfoChoices } from './hostInfo';
import { createExcelWebHost, type IncomingMessage, type MessageTarget } from './excelWebHost';
import { type XdmRequest, xdmEvent } from './xdmWire';

export const DIALOG_EVENT = 'dialogMessageReceived';
/** office.js's dialog error codes (`ooe*`) the iframe host produces. */
export const DIALOG_ERROR = {
  pageUnreachable: 12002,
  notAppDomain: 12004,
  closedByUser: 12006,
  alreadyOpen: 12007,
} as const;

export interface DialogHostPlatform {
  hostOrigin: string;
  addinOrigin: string;
  paneConversationId: string;
  appId: string;
  document: Document;
  fetchJson(path: string, body?: unknown): Promise<unknown>;
  post(target: MessageTarget, text: string): void;
  warn(message: string): void;
  newConversationId(): string;
  /** Whether the page answers at all (a network failure, not an HTTP status). */
  reachable(url: string): Promise<boolean>;
  hostInfo(): HostInfoChoices;
}

export interface DialogRequest {
  url: string;
  width: number;
  height: number;
}

/** The dialog's options from the event's `targetId` (JSON of office.js's call arguments); undefined when unusable. */
export function readDialogRequest(data: unknown): DialogRequest | undefined {
  const targetId = typeof data === 'object' && data !== null ? (data as { targetId?: unknown }).targetId : undefined;
  if (typeof targetId !== 'string' || targetId.length > 16_384) return undefined;
  let args: unknown;
  try {
    args = JSON.parse(targetId);
  } catch {
    return undefined;
  }
  if (typeof args !== 'object' || args === null) return undefined;
  const { url, width, height } = args as { url?: unknown; width?: unknown; height?: unknown };
  if (typeof url !== 'string') return undefined;
  const percent = (value: unknown): number =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 1), 100) : 80;
  return { url, width: percent(width), height: percent(height) };
}

/** The dialog URL with the host info office.js in the dialog needs, before any fragment. */
export function dialogUrlWithHostInfo(url: string, hostInfo: string): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}_host_Info=${encodeURIComponent(hostInfo)}${fragment}`;
}

interface OpenDialog {
  conversationId: string;
  frame: HTMLIFrameElement;
  overlay: HTMLElement;
  origin: string;
  receive(event: IncomingMessage): boolean;
}

export interface DialogHost {
  /** The pane's (un)registration of `dialogMessageReceived`; undefined for any other event. */
  onEventRegistration(request: XdmRequest, register: boolean): Promise<Record<string, unknown>> | undefined;
  /** A message from the open dialog's frame; true when it was the dialog's. */
  receive(event: IncomingMessage): boolean;
}

export function createDialogHost(platform: DialogHostPlatform, paneWindow: () => MessageTarget | null): DialogHost {
  let open: OpenDialog | undefined;

  const raise = (data: Record<string, unknown>): void => {
    const pane = paneWindow();
    if (pane !== null)
      platform.post(pane, xdmEvent(platform.paneConversationId, DIALOG_EVENT, platform.hostOrigin, data));
  };
  const remove = (): void => {
    open?.overlay.remove();
    open = undefined;
  };

  async function show(request: DialogRequest): Promise<Record<string, unknown>> {
    if (open !== undefined) return { Error: DIALOG_ERROR.alreadyOpen };
    let target: URL;
    try {
      target = new URL(request.url);
    } catch {
      return { Error: DIALOG_ERROR.notAppDomain };
    }
    // The add-in's own origin is its only app domain here (office.js checked https already).
    if (target.origin !== platform.addinOrigin) return { Error: DIALOG_ERROR.notAppDomain };
    const conversationId = platform.newConversationId();
    const { overlay, frame, closeButton } = buildOverlay(platform.document, request);
    const dialogHost = createExcelWebHost({
      hostOrigin: platform.hostOrigin,
      addinOrigin: platform.addinOrigin,
      conversationId,
      appId: platform.appId,
      fetchJson: platform.fetchJson,
      post: platform.post,
      now: () => Date.now(),
      newCorrelationId: platform.newConversationId,
      warn: platform.warn,
      onMessageParent(message, targetOrigin, senderOrigin) {
        if (typeof message !== 'string' && typeof message !== 'number' && typeof message !== 'boolean') return 0;
        // messageParent's targetOrigin (DialogApi 1.2) must name the pane's origin, else the message goes nowhere.
        if (
          typeof targetOrigin === 'string' &&
          targetOrigin !== '' &&
          targetOrigin !== '*' &&
          targetOrigin !== platform.addinOrigin
        )
          return 0;
        raise({ messageType: 0, messageContent: String(message), messageOrigin: senderOrigin });
        return 0;
      },
    });
    frame.name = JSON.stringify({
      baseFrameName: `_xdm_${conversationId}`,
      xdmInfo: [conversationId, platform.appId, platform.hostOrigin].join('$'),
      serializerVersion: '1',
    });
    frame.src = dialogUrlWithHostInfo(target.href, buildHostInfo({ ...platform.hostInfo(), isDialog: true }));
    closeButton.addEventListener('click', () => {
      if (open?.conversationId !== conversationId) return;
      remove();
      raise({ messageType: DIALOG_ERROR.closedByUser });
    });
    platform.document.body.append(overlay);
    open = { conversationId, frame, overlay, origin: target.origin, receive: (event) => dialogHost.receive(event) };
    void platform.reachable(target.href).then((ok) => {
      if (!ok && open?.conversationId === conversationId) raise({ messageType: DIALOG_ERROR.pageUnreachable });
    });
    return { Error: 0 };
  }

  return {
    onEventRegistration(request, register) {
      if (request.actionName !== DIALOG_EVENT) return undefined;
      if (!register) {
        remove();
        return Promise.resolve({ Error: 0 });
      }
      const dialog = readDialogRequest(request.data);
      if (dialog === undefined) return Promise.resolve({ Error: DIALOG_ERROR.notAppDomain });
      return show(dialog);
    },
    receive(event) {
      if (open === undefined || event.source !== open.frame.contentWindow) return false;
      return open.receive(event);
    },
  };
}

function buildOverlay(
  document: Document,
  request: DialogRequest,
): { overlay: HTMLElement; frame: HTMLIFrameElement; closeButton: HTMLButtonElement } {
  const overlay = document.createElement('div');
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  overlay.setAttribute('aria-label', 'Add-in dialog');
  overlay.className = 'addin-dialog';
  const frame = document.createElement('iframe');
  frame.title = 'Add-in dialog';
  frame.style.width = `${request.width}%`;
  frame.style.height = `${request.height}%`;
  const closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.textContent = 'Close dialog';
  overlay.append(frame, closeButton);
  return { overlay, frame, closeButton };
}

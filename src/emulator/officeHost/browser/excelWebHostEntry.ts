/**
 * Entry of the emulated Excel on the web's page script (built to
 * build/emulator-public/excel-web-host.js, served by the emulator at /_host/excel-web-host.js and
 * loaded by the dev host page). The page renders the task pane frame with the conversation it
 * announced to office.js (`data-*` attributes on the frame); this script answers office.js's
 * messages from that frame (excelWebHost.ts) and the dialogs it opens (dialogHost.ts).
 */
import { createDialogHost } from './dialogHost';
import { createExcelWebHost, type MessageTarget } from './excelWebHost';

const frame = document.getElementById('taskpane');
const addinOrigin = frame?.dataset.addinOrigin;
const conversationId = frame?.dataset.conversationId;
const appId = frame?.dataset.appId;

if (
  !(frame instanceof HTMLIFrameElement) ||
  addinOrigin === undefined ||
  conversationId === undefined ||
  appId === undefined
) {
  console.error('Excel on the web (emulated): the task pane frame and its conversation attributes are missing.');
} else {
  const fetchJson = async (path: string, body?: unknown): Promise<unknown> => {
    const response = await window.fetch(
      path,
      body === undefined
        ? { cache: 'no-store' }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
            cache: 'no-store',
          },
    );
    if (!response.ok) throw new Error(`status ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const post = (target: MessageTarget, text: string): void => target.postMessage(text, addinOrigin);
  const warn = (message: string): void => console.warn(message);
  const newCorrelationId = (): string => window.crypto.randomUUID();
  const displayLanguage = frame.dataset.displayLanguage ?? 'en-US';
  const dialogs = createDialogHost(
    {
      hostOrigin: window.location.origin,
      addinOrigin,
      paneConversationId: conversationId,
      appId,
      document,
      fetchJson,
      post,
      warn,
      newConversationId: newCorrelationId,
      // An opaque answer is enough: only a network failure means the page cannot be shown.
      reachable: (url) =>
        window.fetch(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' }).then(
          () => true,
          () => false,
        ),
      hostInfo: () => ({ displayLanguage, correlationId: appId }),
    },
    () => frame.contentWindow,
  );
  const host = createExcelWebHost({
    hostOrigin: window.location.origin,
    addinOrigin,
    conversationId,
    appId,
    fetchJson,
    post,
    now: () => Date.now(),
    newCorrelationId,
    warn,
    onEventRegistration: (request, register) => dialogs.onEventRegistration(request, register),
  });
  window.addEventListener('message', (event: MessageEvent) => {
    const incoming = {
      data: event.data as unknown,
      origin: event.origin,
      source: event.source as MessageTarget | null,
    };
    if (dialogs.receive(incoming)) return;
    if (event.source === frame.contentWindow) host.receive(incoming);
  });
}

/**
 * Entry of the emulated Office host (built to build/emulator-public/office-host.js and served
 * by the emulator at /_host/office.js). The task pane page loads it instead of office.js in
 * local mode. It must run as a classic script so `document.currentScript` names it: that URL
 * is how it finds the emulator.
 */
import { type AuthBridge, createNestedAppAuthBridge } from './naaBridge';
import { createOfficeHost, emulatorOriginFromScript, type OfficeShim } from './officeHost';

declare global {
  interface Window {
    Office?: OfficeShim;
    nestedAppAuthBridge?: AuthBridge;
  }
}

const script = document.currentScript;
const src = script instanceof HTMLScriptElement ? script.src : undefined;
const emulatorOrigin = emulatorOriginFromScript(src, window.location.href);

if (emulatorOrigin === undefined) {
  console.error('Office host emulator: cannot tell the emulator origin (load this file with a <script src> tag).');
} else {
  window.Office = createOfficeHost({
    emulatorOrigin,
    fetch: (input, init) => window.fetch(input, init),
    warn: (message) => console.warn(message),
    dialog: {
      pageUrl: window.location.href,
      openWindow: (url, name, features) => window.open(url, name, features),
      document,
      onMessage(listener) {
        const handler = (event: MessageEvent): void => listener({ data: event.data as unknown, origin: event.origin, source: event.source });
        window.addEventListener('message', handler);
        return () => window.removeEventListener('message', handler);
      },
      every(ms, tick) {
        const id = window.setInterval(tick, ms);
        return () => window.clearInterval(id);
      },
      // The start page is on the page's own origin (12004 otherwise), so the page may fetch it.
      pageLoads: (url) =>
        window.fetch(url, { method: 'GET', credentials: 'same-origin', cache: 'no-store' }).then(
          (response) => response.ok,
          () => false,
        ),
    },
    installNestedAppAuthBridge() {
      window.nestedAppAuthBridge = createNestedAppAuthBridge({
        emulatorOrigin,
        fetch: (input, init) => window.fetch(input, init),
        openWindow: (url, name, features) => window.open(url, name, features),
        onMessage(listener) {
          const handler = (event: MessageEvent): void => listener({ data: event.data as unknown, origin: event.origin });
          window.addEventListener('message', handler);
          return () => window.removeEventListener('message', handler);
        },
        every(ms, tick) {
          const id = window.setInterval(tick, ms);
          return () => window.clearInterval(id);
        },
        warn: (message) => console.warn(message),
      });
    },
    dialogChild: { windowName: window.name, opener: window.opener as Window | null, parent: window.parent === window ? null : window.parent },
  });
}

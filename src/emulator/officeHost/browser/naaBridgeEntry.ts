/**
 * Entry of the nested app authentication bridge for local mode (built to
 * build/emulator-public/naa-bridge.js, served by the emulator at /_host/naa-bridge.js). Office
 * provides `window.nestedAppAuthBridge` to add-ins outside office.js, which the npm package does
 * not include; in local mode the middle tier adds this script to the task pane page, after
 * office.js (OFFICE_HOST_BRIDGE_URL). Whether the add-in may use it is the host's word:
 * `isSetSupported('NestedAppAuth')`. It must run as a classic script so `document.currentScript`
 * names it: that URL is how it finds the emulator's broker.
 */
import { type AuthBridge, createNestedAppAuthBridge } from './naaBridge';
import { emulatorOriginFromScript } from './emulatorFetch';

declare global {
  interface Window {
    nestedAppAuthBridge?: AuthBridge;
  }
}

const script = document.currentScript;
const emulatorOrigin = emulatorOriginFromScript(
  script instanceof HTMLScriptElement ? script.src : undefined,
  window.location.href,
);

if (emulatorOrigin === undefined) {
  console.error(
    'Nested app authentication bridge (local mode): cannot tell the emulator origin (load this file with a <script src> tag).',
  );
} else {
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
}

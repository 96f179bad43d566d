/**
 * Entry of the emulated Office host (built to build/emulator-public/office-host.js and served
 * by the emulator at /_host/office.js). The task pane page loads it instead of office.js in
 * local mode. It must run as a classic script so `document.currentScript` names it: that URL
 * is how it finds the emulator.
 */
import { createOfficeHost, emulatorOriginFromScript, type OfficeShim } from './officeHost';

declare global {
  interface Window {
    Office?: OfficeShim;
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
  });
}

/**
 * How the emulated Excel on the web frames the task pane so that Microsoft's office.js inside it
 * finds its host, as office.js's published debug files show it reading them:
 *
 * - `_host_Info` in the page's query: `$`-separated host type, platform, host version, UI locale,
 *   correlation id, dialog flag, logging flag and flags. office.js loads
 *   `excel-web-16.00.js` from its own base for `Excel$Web$16.01…`. Logging is turned off: the
 *   emulated host has no telemetry collector, and office.js then loads no telemetry script.
 * - `_xdm_Info` in the frame's `window.name` (JSON, key `xdmInfo`): conversation id, add-in
 *   instance id and the host page's origin, `$`-separated. office.js posts its requests to that
 *   origin and accepts it only over https on Microsoft's web domains or on the add-in's own host
 *   name, which is why the dev host shares the add-in's host name (another port).
 */
import { EXCEL_WEB_HOST_VERSION } from './browser/appContext';

export interface PaneFrameInit {
  addinOrigin: string;
  hostOrigin: string;
  displayLanguage: string;
  conversationId: string;
  appId: string;
}

export interface PaneFrame {
  src: string;
  name: string;
  conversationId: string;
  appId: string;
}

export function hostInfoOf(displayLanguage: string, correlationId: string, isDialog = false): string {
  return ['Excel', 'Web', EXCEL_WEB_HOST_VERSION, displayLanguage, correlationId, isDialog ? 'isDialog' : '', 'disableLogging', '0'].join('$');
}

export function paneFrameOf(init: PaneFrameInit): PaneFrame {
  const src = `${init.addinOrigin}/taskpane.html?_host_Info=${encodeURIComponent(hostInfoOf(init.displayLanguage, init.appId))}`;
  const name = JSON.stringify({ baseFrameName: `_xdm_${init.conversationId}`, xdmInfo: [init.conversationId, init.appId, init.hostOrigin].join('$'), serializerVersion: '1' });
  return { src, name, conversationId: init.conversationId, appId: init.appId };
}

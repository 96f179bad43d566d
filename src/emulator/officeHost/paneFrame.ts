/**
 * How the emulated Excel on the web frames the task pane so that Microsoft's office.js inside it
 * finds its host, as office.js's published debug files show it reading them:
 *
 * - `_host_Info` in the page's query (browser/hostInfo.ts).
 * - `_xdm_Info` in the frame's `window.name` (JSON, key `xdmInfo`): conversation id, add-in
 *   instance id and the host page's origin, `$`-separated. office.js posts its requests to that
 *   origin and accepts it only over https on Microsoft's web domains or on the add-in's own host
 *   name, which is why the dev host shares the add-in's host name (another port). office.js in a
 *   dialog window also takes its context from the pane's `window.name`, so it must be JSON.
 */
import { buildHostInfo } from './browser/hostInfo';

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

export function paneFrameOf(init: PaneFrameInit): PaneFrame {
  const hostInfo = buildHostInfo({ displayLanguage: init.displayLanguage, correlationId: init.appId });
  const src = `${init.addinOrigin}/taskpane.html?_host_Info=${encodeURIComponent(hostInfo)}`;
  const name = JSON.stringify({
    baseFrameName: `_xdm_${init.conversationId}`,
    xdmInfo: [init.conversationId, init.appId, init.hostOrigin].join('$'),
    serializerVersion: '1',
  });
  return { src, name, conversationId: init.conversationId, appId: init.appId };
}

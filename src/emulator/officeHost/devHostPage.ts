/**
 * The dev host page at `/`: plays Excel on the web around the task pane. It frames the pane the
 * width Excel gives it, as Excel on the web frames add-ins (paneFrame.ts), and loads the host's
 * script (browser/excelWebHostEntry.ts), which answers Microsoft's office.js in the pane. It lets
 * the developer pick the signed-in user, the open workbook, the UI language and how SSO behaves
 * (a host change updates the host context and reloads the task pane, like reopening the add-in),
 * advance the emulator's clock, and turn fault presets on and off through the control API. No
 * external resources; the scripts and the style run under a per-response CSP nonce.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { DISPLAY_LANGUAGES } from '../directory/seed';
import { type DirectoryStore } from '../directory/DirectoryStore';
import {
  type HostContextStore,
  NESTED_APP_AUTH_BEHAVIOURS,
  type NestedAppAuthBehaviour,
  SSO_FAILURE_CODES,
} from './HostContextStore';

/** The late document URL the dev host offers: empty at onReady, filled this much later. */
export const LATE_DOCUMENT_URL_MS = 3000;
/**
 * Task pane widths to try, in CSS px: Excel on the web's default pane is about 350 px wide; 320
 * is WCAG's reflow width (https://www.w3.org/WAI/WCAG22/Understanding/reflow), 450 a widened pane.
 */
export const PANE_WIDTHS = [320, 350, 450] as const;
export const DEFAULT_PANE_WIDTH = 350;
import { devHostScript } from './devHostScript';
import { FAULT_PRESETS } from './faultPresets';
import { escapeHtml } from '../../shared/html';
import { paneFrameOf } from './paneFrame';
import { EMPTY_ICON_IMG_SRC, EMPTY_ICON_LINK } from '../common/pageIcon';

export interface DevHostPageDeps {
  directory: DirectoryStore;
  hostContext: HostContextStore;
  addinOrigin: string;
}

export function registerDevHostPage(app: FastifyInstance, deps: DevHostPageDeps): void {
  app.get('/', async (request, reply) => {
    // The page's display choice lives in its address (`?paneWidth=320`), so a reload keeps it.
    const asked = (request.query as Record<string, unknown>).paneWidth;
    const paneWidth = asked === undefined ? DEFAULT_PANE_WIDTH : Number(asked);
    if (!(PANE_WIDTHS as readonly number[]).includes(paneWidth)) {
      return reply
        .code(400)
        .type('text/plain; charset=utf-8')
        .send(`paneWidth must be one of ${PANE_WIDTHS.join(', ')} (CSS pixels).`);
    }
    const nonce = randomBytes(16).toString('base64');
    const hostOrigin = `${request.protocol}://${request.host}`;
    const csp = [
      "default-src 'none'",
      EMPTY_ICON_IMG_SRC,
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      `connect-src 'self' ${deps.addinOrigin}`,
      `frame-src ${deps.addinOrigin}`,
      "base-uri 'none'",
      "form-action 'none'",
      // Excel on the web is a top-level page; nothing frames it.
      "frame-ancestors 'none'",
    ].join('; ');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .header('cache-control', 'no-store')
      .send(renderDevHostPage(deps, nonce, hostOrigin, paneWidth));
  });
}

function renderDevHostPage(deps: DevHostPageDeps, nonce: string, hostOrigin: string, paneWidth: number): string {
  const context = deps.hostContext.get();
  const option = (value: string, label: string, selected: boolean, extra = ''): string =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}${extra}>${escapeHtml(label)}</option>`;
  const users = deps.directory
    .users()
    .map((u) =>
      option(
        u.oid,
        `${u.displayName} (${u.upn})`,
        u.oid === context.userOid,
        ` data-language="${u.preferredLanguage}"`,
      ),
    )
    .join('');
  const workbooks = [
    option('', 'Unsaved workbook (no URL)', context.workbookItemId === null),
    ...deps.directory
      .workbooks()
      .map((w) => option(w.itemId, `${w.name} — ${w.webUrl}`, w.itemId === context.workbookItemId)),
  ].join('');
  const locations = [
    option('cloud', 'SharePoint or OneDrive for Business', context.documentLocation === 'cloud'),
    option('desktop', 'A copy on this computer (a desktop path)', context.documentLocation === 'desktop'),
    option('personalOneDrive', 'Personal OneDrive (d.docs.live.net)', context.documentLocation === 'personalOneDrive'),
  ].join('');
  const urlTimings = [
    option('0', 'Known when the add-in starts', context.documentUrlDelayMs === 0),
    option(
      String(LATE_DOCUMENT_URL_MS),
      `Empty at start, known ${LATE_DOCUMENT_URL_MS / 1000} s later`,
      context.documentUrlDelayMs > 0,
    ),
  ].join('');
  const languages = DISPLAY_LANGUAGES.map((l) => option(l, l, l === context.displayLanguage)).join('');
  const behaviours = [
    option('ok', 'Token granted', context.ssoBehaviour === 'ok'),
    ...SSO_FAILURE_CODES.map((c) => option(String(c), `Office error ${c}`, context.ssoBehaviour === c)),
  ].join('');
  const naaLabels: Record<NestedAppAuthBehaviour, string> = {
    ok: 'Answers (prompts only when consent or MFA is missing)',
    interactionRequired: 'Silent requests always need the prompt',
    unavailable: 'Unavailable (NESTED_APP_AUTH_UNAVAILABLE)',
    noNetwork: 'Offline (NO_NETWORK)',
  };
  const naaBehaviours = NESTED_APP_AUTH_BEHAVIOURS.map((b) =>
    option(b, naaLabels[b], context.nestedAppAuthBehaviour === b),
  ).join('');
  const presets = FAULT_PRESETS.map((p) => option(p.id, p.label, false)).join('');
  const widths = PANE_WIDTHS.map((w) =>
    option(String(w), w === DEFAULT_PANE_WIDTH ? `${w} px (Excel on the web's default)` : `${w} px`, w === paneWidth),
  ).join('');
  const checked = (on: boolean): string => (on ? ' checked' : '');
  // A fresh conversation per page: office.js in the pane talks to this page only on it.
  const pane = paneFrameOf({
    addinOrigin: deps.addinOrigin,
    hostOrigin,
    displayLanguage: context.displayLanguage,
    conversationId: randomUUID(),
    appId: randomUUID(),
  });
  const taskpaneUrl = pane.src;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${EMPTY_ICON_LINK}
<title>Local Excel host — Workbook Sessions</title>
<style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; margin: 0; display: flex; min-height: 100vh; background: #f3f2f1; }
  main { flex: 1; padding: 1rem 1.5rem; }
  form { display: grid; grid-template-columns: max-content minmax(12rem, 36rem); gap: 0.5rem 1rem; align-items: center; }
  fieldset { margin-top: 1rem; border: 1px solid #c8c6c4; }
  aside { flex: none; width: ${paneWidth}px; height: 700px; border-left: 1px solid #c8c6c4; background: #fff; }
  iframe { width: 100%; height: 700px; border: 0; display: block; }
  #status { min-height: 1.5rem; margin-top: 1rem; }
  .addin-dialog { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.4); display: flex; align-items: center; justify-content: center; z-index: 10; }
  .addin-dialog iframe { background: #fff; border: 0; }
  .addin-dialog button { position: absolute; top: 0.5rem; right: 0.5rem; }
</style>
</head>
<body>
<main>
  <h1>Local Excel host</h1>
  <p>Plays Excel on the web for the add-in. Changing a host choice reloads the task pane.</p>
  <form id="host-form" aria-labelledby="host-heading">
    <h2 id="host-heading">Office host</h2><span></span>
    <label for="user">Signed-in user</label>
    <select id="user" name="userOid">${users}</select>
    <label for="workbook">Open workbook</label>
    <select id="workbook" name="workbookItemId">${workbooks}</select>
    <label for="location">Opened from</label>
    <select id="location" name="documentLocation">${locations}</select>
    <label for="url-timing">Document URL</label>
    <select id="url-timing" name="documentUrlDelayMs">${urlTimings}</select>
    <label for="language">Office display language</label>
    <select id="language" name="displayLanguage">${languages}</select>
    <label for="sso">Office SSO behaviour</label>
    <select id="sso" name="ssoBehaviour" aria-describedby="sso-help">${behaviours}</select>
    <span></span><small id="sso-help">13001 is cured by allowSignInPrompt, 13005 by allowConsentPrompt; the others always fail.</small>
    <label for="graph-consent">Admin consented to the Graph scopes</label>
    <input id="graph-consent" name="graphScopesConsented" type="checkbox" aria-describedby="graph-consent-help"${checked(context.graphScopesConsented)}>
    <span></span><small id="graph-consent-help">When off, getAccessToken with forMSGraphAccess fails with 13012.</small>
    <label for="naa">Supports NestedAppAuth</label>
    <input id="naa" name="nestedAppAuth" type="checkbox"${checked(context.nestedAppAuth)}>
    <label for="naa-behaviour">Nested app authentication broker</label>
    <select id="naa-behaviour" name="nestedAppAuthBehaviour">${naaBehaviours}</select>
  </form>
  <form id="display-form" aria-labelledby="display-heading">
    <h2 id="display-heading">Display</h2><span></span>
    <label for="pane-width">Task pane width</label>
    <select id="pane-width" name="paneWidth">${widths}</select>
    <span>Windows high contrast</span>
    <small id="contrast-help">A page cannot switch the browser into forced colours itself. In Chromium or Edge: DevTools › More tools › Rendering › "Emulate CSS media feature forced-colors" › active (the pane switches to Fluent's high-contrast theme at once); on Windows, a contrast theme (Settings › Accessibility › Contrast themes) reaches the pane as it does in Excel. Dark mode: "prefers-color-scheme" in the same panel, or the system's setting.</small>
  </form>
  <form id="clock-form" aria-labelledby="clock-heading">
    <h2 id="clock-heading">Clock</h2><span></span>
    <span>Emulator time</span><output id="clock-now" aria-live="polite"></output>
    <label for="clock-seconds">Advance by (seconds)</label>
    <input id="clock-seconds" name="seconds" type="number" min="1" step="any" value="300" required>
    <span></span><button type="submit">Advance the clock</button>
  </form>
  <form id="faults-form" aria-labelledby="faults-heading">
    <h2 id="faults-heading">Faults</h2><span></span>
    <span>Active</span><output id="faults-now" aria-live="polite"></output>
    <label for="fault-preset">Fault preset</label>
    <select id="fault-preset" name="preset">${presets}</select>
    <span></span><span><button type="submit">Turn faults on</button> <button id="faults-clear" type="button">Turn faults off</button></span>
  </form>
  <form id="reset-form" aria-labelledby="reset-heading">
    <h2 id="reset-heading">Start over</h2><span></span>
    <span></span><button type="submit" aria-describedby="reset-help">Reset the local world</button>
    <span></span><small id="reset-help">Closes every session in the emulator and empties the task pane's list (local mode's registry); keeps the signing keys and the clock.</small>
  </form>
  <p id="status" role="status" aria-live="polite"></p>
</main>
<aside aria-label="Task pane">
  <iframe id="taskpane" title="Workbook Sessions task pane" name="${escapeHtml(pane.name)}" src="${escapeHtml(taskpaneUrl)}" data-addin-origin="${escapeHtml(deps.addinOrigin)}" data-conversation-id="${escapeHtml(pane.conversationId)}" data-app-id="${escapeHtml(pane.appId)}" data-display-language="${escapeHtml(context.displayLanguage)}"></iframe>
</aside>
<script nonce="${nonce}" src="/_host/excel-web-host.js"></script>
<script nonce="${nonce}">${devHostScript(taskpaneUrl, FAULT_PRESETS)}</script>
</body>
</html>
`;
}

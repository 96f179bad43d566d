/**
 * The dev host page at `/`: plays Excel on the web around the task pane. It shows the task
 * pane in an iframe the width Excel gives it, and lets the developer pick the signed-in user,
 * the open workbook, the UI language and how SSO behaves. A change updates the host context and
 * reloads the task pane, like reopening the add-in. No external resources; the inline script
 * and style run under a per-response CSP nonce.
 */
import { randomBytes } from 'node:crypto';
import { type FastifyInstance } from 'fastify';
import { DISPLAY_LANGUAGES } from '../seed';
import { type DirectoryStore } from '../store/DirectoryStore';
import { type HostContextStore, SSO_FAILURE_CODES } from '../store/HostContextStore';

export interface DevHostPageDeps {
  directory: DirectoryStore;
  hostContext: HostContextStore;
  addinOrigin: string;
}

export function registerDevHostPage(app: FastifyInstance, deps: DevHostPageDeps): void {
  app.get('/', async (_request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      "connect-src 'self'",
      `frame-src ${deps.addinOrigin}`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .header('cache-control', 'no-store')
      .send(renderDevHostPage(deps, nonce));
  });
}

export function renderDevHostPage(deps: DevHostPageDeps, nonce: string): string {
  const context = deps.hostContext.get();
  const option = (value: string, label: string, selected: boolean, extra = ''): string =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}${extra}>${escapeHtml(label)}</option>`;
  const users = deps.directory
    .users()
    .map((u) => option(u.oid, `${u.displayName} (${u.upn})`, u.oid === context.userOid, ` data-language="${u.preferredLanguage}"`))
    .join('');
  const workbooks = [
    option('', 'Unsaved workbook (no URL)', context.workbookItemId === null),
    ...deps.directory.workbooks().map((w) => option(w.itemId, `${w.name} — ${w.webUrl}`, w.itemId === context.workbookItemId)),
  ].join('');
  const languages = DISPLAY_LANGUAGES.map((l) => option(l, l, l === context.displayLanguage)).join('');
  const behaviours = [
    option('ok', 'Token granted', context.ssoBehaviour === 'ok'),
    ...SSO_FAILURE_CODES.map((c) => option(String(c), `Office error ${c}`, context.ssoBehaviour === c)),
  ].join('');
  const taskpaneUrl = `${deps.addinOrigin}/taskpane.html`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Local Excel host — Workbook Sessions</title>
<style nonce="${nonce}">
  body { font-family: system-ui, sans-serif; margin: 0; display: flex; min-height: 100vh; background: #f3f2f1; }
  main { flex: 1; padding: 1rem 1.5rem; }
  form { display: grid; grid-template-columns: max-content minmax(12rem, 36rem); gap: 0.5rem 1rem; align-items: center; }
  aside { width: 350px; height: 700px; border-left: 1px solid #c8c6c4; background: #fff; }
  iframe { width: 350px; height: 700px; border: 0; display: block; }
  #status { min-height: 1.5rem; margin-top: 1rem; }
</style>
</head>
<body>
<main>
  <h1>Local Excel host</h1>
  <p>Plays Excel on the web for the add-in. Changing a choice reloads the task pane.</p>
  <form id="host-form">
    <label for="user">Signed-in user</label>
    <select id="user" name="userOid">${users}</select>
    <label for="workbook">Open workbook</label>
    <select id="workbook" name="workbookItemId">${workbooks}</select>
    <label for="language">Office display language</label>
    <select id="language" name="displayLanguage">${languages}</select>
    <label for="sso">Office SSO behaviour</label>
    <select id="sso" name="ssoBehaviour">${behaviours}</select>
  </form>
  <p id="status" role="status" aria-live="polite"></p>
</main>
<aside aria-label="Task pane">
  <iframe id="taskpane" title="Workbook Sessions task pane" src="${escapeHtml(taskpaneUrl)}"></iframe>
</aside>
<script nonce="${nonce}">
(function () {
  var form = document.getElementById('host-form');
  var user = document.getElementById('user');
  var language = document.getElementById('language');
  var frame = document.getElementById('taskpane');
  var status = document.getElementById('status');
  user.addEventListener('change', function () {
    var chosen = user.options[user.selectedIndex];
    if (chosen && chosen.dataset.language) language.value = chosen.dataset.language;
  });
  form.addEventListener('change', function () {
    var sso = form.ssoBehaviour.value;
    var body = {
      userOid: form.userOid.value,
      workbookItemId: form.workbookItemId.value === '' ? null : form.workbookItemId.value,
      displayLanguage: form.displayLanguage.value,
      ssoBehaviour: sso === 'ok' ? 'ok' : Number(sso)
    };
    status.textContent = 'Updating…';
    fetch('/_emulator/host/context', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) throw new Error('The emulator answered ' + response.status);
        frame.src = ${JSON.stringify(taskpaneUrl)};
        status.textContent = 'Task pane reloaded.';
      })
      .catch(function (error) { status.textContent = 'Could not update the host: ' + error.message; });
  });
})();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

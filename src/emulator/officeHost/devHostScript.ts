/**
 * The dev host page's inline script (run under the page's CSP nonce). Plain ES5-style browser
 * code in a string: the page must work without a bundle. It posts the host form to
 * `/_emulator/host/context` (then reloads the task pane), and drives the control API for the
 * clock and the fault presets. Every outcome is announced in the page's status region.
 */
import { type FaultPreset } from './faultPresets';

export function devHostScript(taskpaneUrl: string, presets: readonly FaultPreset[]): string {
  const presetBodies = Object.fromEntries(presets.map((p) => [p.id, p.body]));
  // JSON inside a <script>: escape '<' so no value can close the element.
  const json = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
  return `
(function () {
  var TASKPANE_URL = ${json(taskpaneUrl)};
  var PRESETS = ${json(presetBodies)};
  var form = document.getElementById('host-form');
  var user = document.getElementById('user');
  var language = document.getElementById('language');
  var frame = document.getElementById('taskpane');
  var status = document.getElementById('status');
  var clockNow = document.getElementById('clock-now');
  var faultsNow = document.getElementById('faults-now');

  function say(text) { status.textContent = text; }
  function call(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        if (!response.ok) {
          var code = parsed && parsed.error && parsed.error.code ? ' (' + parsed.error.code + ')' : '';
          throw new Error('the emulator answered ' + response.status + code);
        }
        return parsed;
      });
    });
  }

  // The pane's width is the page's own choice (no reload of the pane: Office resizes it live),
  // kept in the address so a reload keeps it.
  var paneWidth = document.getElementById('pane-width');
  var paneBox = frame.parentElement;
  paneWidth.addEventListener('change', function () {
    paneBox.style.width = paneWidth.value + 'px';
    var url = new URL(location.href);
    url.searchParams.set('paneWidth', paneWidth.value);
    history.replaceState(null, '', url.pathname + url.search);
    say('Task pane ' + paneWidth.value + ' px wide.');
  });

  // What the emulator holds now (clock, fault rules): shown once at load, then after each change.
  call('GET', '/_emulator/state')
    .then(function (state) {
      if (state && state.now) clockNow.textContent = state.now;
      var rules = state && state.faults && state.faults.rules ? state.faults.rules : [];
      faultsNow.textContent = rules.length === 0 ? 'none' : rules.length + ' rule(s) set';
    })
    .catch(function () { clockNow.textContent = 'unknown'; });

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
      ssoBehaviour: sso === 'ok' ? 'ok' : Number(sso),
      nestedAppAuth: form.nestedAppAuth.checked,
      graphScopesConsented: form.graphScopesConsented.checked,
      documentLocation: form.documentLocation.value,
      documentUrlDelayMs: Number(form.documentUrlDelayMs.value),
      nestedAppAuthBehaviour: form.nestedAppAuthBehaviour.value
    };
    say('Updating the host…');
    call('POST', '/_emulator/host/context', body)
      .then(function () { frame.src = TASKPANE_URL; say('Task pane reloaded.'); })
      .catch(function (error) { say('Could not update the host: ' + error.message); });
  });

  document.getElementById('clock-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var seconds = Number(document.getElementById('clock-seconds').value);
    if (!isFinite(seconds) || seconds <= 0) { say('Enter a number of seconds greater than 0.'); return; }
    call('POST', '/_emulator/clock/advance', { seconds: seconds })
      .then(function (answer) {
        clockNow.textContent = answer && answer.now ? answer.now : '';
        say('Clock advanced by ' + seconds + ' s.');
      })
      .catch(function (error) { say('Could not advance the clock: ' + error.message); });
  });

  document.getElementById('faults-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var preset = document.getElementById('fault-preset').value;
    var body = PRESETS[preset];
    if (!body) { say('Choose a fault preset.'); return; }
    call('POST', '/_emulator/faults', body)
      .then(function () { faultsNow.textContent = document.getElementById('fault-preset').selectedOptions[0].textContent; say('Faults on.'); })
      .catch(function (error) { say('Could not turn the faults on: ' + error.message); });
  });
  document.getElementById('faults-clear').addEventListener('click', function () {
    call('DELETE', '/_emulator/faults')
      .then(function () { faultsNow.textContent = 'none'; say('Faults off.'); })
      .catch(function (error) { say('Could not turn the faults off: ' + error.message); });
  });

  // One reset for the emulator and local mode's registry (CONTROL_API.md, "Reset"); the page
  // reloads because the host context went back to its seed too.
  document.getElementById('reset-form').addEventListener('submit', function (event) {
    event.preventDefault();
    say('Resetting…');
    call('POST', '/_emulator/reset', {})
      .then(function () { location.reload(); })
      .catch(function (error) { say('Could not reset: ' + error.message); });
  });
})();
`;
}

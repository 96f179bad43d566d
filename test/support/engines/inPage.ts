/**
 * Code that runs inside the browser's documents, the same in every engine (sent as source text):
 * finding elements by role and accessible name (axe-core's own role and name computation, so
 * every engine resolves "the Close button of that row" with one definition), and reporting
 * Content-Security-Policy violations and uncaught errors.
 */
import { readFileSync } from 'node:fs';

export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * `(query) => Element[]`: every element the query names that assistive technology can see, in
 * document order. Needs axe-core loaded in the document (`ensureAxe`).
 */
export const FIND_ALL = `function findAll(query) {
  const ax = window.axe;
  try { ax.teardown(); } catch (e) { /* no tree yet */ }
  ax.setup(document);
  try {
    const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
    const nameMatches = (name, want, exact) => {
      if (want === undefined) return true;
      if (typeof want === 'object') return new RegExp(want.source, want.flags).test(name);
      return exact ? name === want : name.toLowerCase().includes(want.toLowerCase());
    };
    const roleOf = (el) => ax.commons.aria.getRole(el, { dpub: true });
    const nameOf = (el) => norm(ax.commons.text.accessibleText(el));
    // As a screen reader finds them: a visually hidden live region counts, aria-hidden content does not.
    const shown = (el) => ax.commons.dom.isVisibleToScreenReaders(el);
    let scopes = [document.documentElement];
    if (query.within) {
      scopes = Array.from(document.querySelectorAll('*')).filter(
        (el) => roleOf(el) === query.within.role && shown(el) && nameMatches(nameOf(el), query.within.name, false),
      );
    }
    const found = [];
    for (const scope of scopes) {
      for (const el of Array.from(scope.querySelectorAll('*'))) {
        if (found.includes(el) || !shown(el)) continue;
        if (query.role !== undefined) {
          if (
            roleOf(el) === query.role &&
            nameMatches(nameOf(el), query.name, query.exact) &&
            (query.hasText === undefined || norm(el.textContent).includes(query.hasText))
          )
            found.push(el);
        } else if (query.text !== undefined) {
          const has = (node) => norm(node.textContent).includes(query.text);
          if (has(el) && !Array.from(el.children).some(has)) found.push(el);
        }
      }
    }
    return found;
  } finally {
    ax.teardown();
  }
}`;

/** `(axeSource) => void`: loads axe-core into the document once (it defines window.axe). */
export const AXE_LOADED = `() => typeof window.axe === 'object'`;

/**
 * Installs listeners for CSP violations, uncaught errors and unhandled rejections. Each report
 * goes to `window.__engineReport` when the driver provides that channel (Chromium, Firefox),
 * and is kept in `window.__engineReports` for drivers that collect them (WebKit).
 * https://developer.mozilla.org/docs/Web/API/SecurityPolicyViolationEvent
 */
export const REPORTER = `(() => {
  if (window.__engineReports) return;
  const reports = (window.__engineReports = []);
  const report = (kind, text) => {
    const line = { kind, text: location.href + ': ' + text };
    if (typeof window.__engineReport === 'function') window.__engineReport(JSON.stringify(line));
    else reports.push(line);
  };
  document.addEventListener('securitypolicyviolation', (e) => report('csp',
    e.disposition + ' ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber), true);
  window.addEventListener('error', (e) => { if (e.error !== undefined || e.message) report('error', String(e.message)); });
  window.addEventListener('unhandledrejection', (e) => report('error', 'unhandled rejection: ' + String(e.reason && e.reason.message || e.reason)));
})()`;

/** `() => reports`: takes the reports kept in the document since the last call. */
export const TAKE_REPORTS = `() => (window.__engineReports || []).splice(0)`;

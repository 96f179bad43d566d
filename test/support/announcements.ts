/**
 * What a screen reader would be told in the task pane: every alert as it appears (or as its
 * words change) and every new text of a polite region (`role="status"`, `aria-live="polite"`),
 * recorded in the page by a MutationObserver, so a test can count announcements per event.
 */
import type { Frame } from 'playwright-core';

export interface Announcement {
  politeness: 'assertive' | 'polite';
  text: string;
}

// Runs in the pane (plain JavaScript: the test project's types know no DOM). A new alert element
// counts even when its words were there before; a region whose words did not change does not, nor
// does an alert the page already had that is moved (office.js re-attaches the pane's root when it
// shows its notice before a dialog window).
const RECORDER = `(() => {
  const said = [];
  const lastText = new WeakMap();
  const seen = new WeakSet();
  const LIVE = '[role="alert"], [role="status"], [aria-live="polite"], [aria-live="assertive"]';
  const regionOf = (node) => (node.nodeType === 1 ? node : node.parentElement)?.closest(LIVE) ?? null;
  const textOf = (region) => (region.textContent ?? '').replace(/\\u00a0/g, ' ').trim();
  const note = (region, inserted) => {
    const text = textOf(region);
    const fresh = inserted && !seen.has(region);
    seen.add(region);
    if (text.length === 0 || (!fresh && lastText.get(region) === text)) return;
    lastText.set(region, text);
    const assertive = region.getAttribute('role') === 'alert' || region.getAttribute('aria-live') === 'assertive';
    said.push({ politeness: assertive ? 'assertive' : 'polite', text });
  };
  for (const region of document.querySelectorAll(LIVE)) {
    seen.add(region);
    lastText.set(region, textOf(region));
  }
  new MutationObserver((mutations) => {
    const changed = new Map();
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches('[role="alert"]')) changed.set(node, true);
        for (const alert of node.querySelectorAll('[role="alert"]')) changed.set(alert, true);
      }
      const region = regionOf(mutation.target);
      if (region !== null && !changed.has(region)) changed.set(region, false);
    }
    for (const [region, inserted] of changed) if (region.isConnected) note(region, inserted);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  globalThis.__paneAnnouncements = said;
})()`;

/** Starts recording in the pane; the returned function reads what was said since. */
export async function recordAnnouncements(frame: Frame): Promise<() => Promise<Announcement[]>> {
  await frame.evaluate(RECORDER);
  return () =>
    frame.evaluate(() => [...(globalThis as unknown as { __paneAnnouncements: Announcement[] }).__paneAnnouncements]);
}

/** The announcements whose text contains `words`. */
export function saying(announcements: readonly Announcement[], words: string): Announcement[] {
  return announcements.filter((a) => a.text.includes(words));
}

/** The element that has focus in the pane: its role-less description (tag and text), for assertions. */
export function focusedText(frame: Frame): Promise<string> {
  return frame.evaluate(`(() => {
    const active = document.activeElement;
    return active === null || active === document.body ? '(nothing)' : (active.textContent ?? '').trim();
  })()`);
}

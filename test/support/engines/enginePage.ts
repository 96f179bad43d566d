/**
 * The dev host as a person meets it, in any engine: find things in the page, the task pane or
 * the dialog window by role and accessible name (or visible text), click them, press keys, wait
 * for text to appear or go, read focus, resize the pane, and run axe-core in the pane.
 */
import { AXE_LOADED, AXE_SOURCE, FIND_ALL } from './inPage';
import type { EngineDriver, Query, Scope, TextPattern } from './types';

const DEFAULT_WAIT_MS = 20_000;

/** A query by role and accessible name (a substring, case-insensitive, unless exact; or a RegExp). */
export function role(name: string, accessibleName?: string | RegExp, options: { exact?: boolean } = {}): Query {
  return { role: name, name: pattern(accessibleName), exact: options.exact };
}

/** An alert (the pane's error bar) whose text contains `message`. */
export function alert(message: string): Query {
  return { role: 'alert', hasText: message };
}

/** A query by visible text. */
export function text(visible: string): Query {
  return { text: visible };
}

/** The same query, restricted to inside an element of `withinRole` (e.g. a dialog). */
export function inside(query: Query, withinRole: string, withinName?: string): Query {
  return { ...query, within: { role: withinRole, name: withinName } };
}

function pattern(name: string | RegExp | undefined): string | TextPattern | undefined {
  return name instanceof RegExp ? { source: name.source, flags: name.flags } : name;
}

const COUNT = `function (q) { const findAll = ${FIND_ALL}; return findAll(q).length; }`;
const FIRST = `function (q) { const findAll = ${FIND_ALL}; return findAll(q)[0] || null; }`;
const NTH = `function (q, n) { const findAll = ${FIND_ALL}; return findAll(q)[n] || null; }`;
const READ = `function (q, n, attribute) {
  const findAll = ${FIND_ALL};
  const el = findAll(q)[n];
  if (!el) return null;
  return attribute === null ? el.textContent.replace(/\\s+/g, ' ').trim() : el.getAttribute(attribute);
}`;

export class EnginePage {
  constructor(readonly driver: EngineDriver) {}

  get engine(): EngineDriver['engine'] {
    return this.driver.engine;
  }

  async count(scope: Scope, query: Query): Promise<number> {
    await this.ensureAxe(scope);
    return this.driver.run<number>(scope, COUNT, [query]);
  }

  /** Waits until the query finds something (the pane may be reloading meanwhile). */
  async waitFor(scope: Scope, query: Query, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.until(
      async () => (await this.count(scope, query)) > 0,
      () => `${describe(query)} in the ${scope}`,
      timeoutMs,
    );
  }

  /** Waits until the query finds nothing. */
  async waitGone(scope: Scope, query: Query, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.until(
      async () => (await this.count(scope, query)) === 0,
      () => `${describe(query)} gone from the ${scope}`,
      timeoutMs,
    );
  }

  /** Waits for the element, then clicks it as a pointer would (the `nth` match, first by default). */
  async click(scope: Scope, query: Query, nth = 0): Promise<void> {
    await this.until(
      async () => (await this.count(scope, query)) > nth,
      () => `${describe(query)} in the ${scope}`,
    );
    await this.driver.click(scope, nth === 0 ? FIRST : NTH, nth === 0 ? [query] : [query, nth]);
  }

  /** The element's text (or an attribute), after waiting for it. */
  async read(scope: Scope, query: Query, attribute: string | null = null, nth = 0): Promise<string | null> {
    await this.until(
      async () => (await this.count(scope, query)) > nth,
      () => `${describe(query)} in the ${scope}`,
    );
    return this.driver.run<string | null>(scope, READ, [query, nth, attribute]);
  }

  /** Every match's attribute, in document order. */
  async readAll(scope: Scope, query: Query, attribute: string): Promise<(string | null)[]> {
    const n = await this.count(scope, query);
    const values: (string | null)[] = [];
    for (let i = 0; i < n; i++) values.push(await this.driver.run<string | null>(scope, READ, [query, i, attribute]));
    return values;
  }

  /** Puts keyboard focus on the element (as a person tabbing to it would end up). */
  async focus(scope: Scope, query: Query): Promise<void> {
    await this.read(scope, query);
    await this.driver.run(scope, `function (q) { const findAll = ${FIND_ALL}; findAll(q)[0].focus(); }`, [query]);
  }

  /** The accessible label of the focused element in the scope's document (null when nothing is). */
  focusedLabel(scope: Scope = 'pane'): Promise<string | null> {
    return this.driver.run<string | null>(
      scope,
      `function () {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        return el.getAttribute('aria-label') || el.textContent.replace(/\\s+/g, ' ').trim();
      }`,
      [],
    );
  }

  press(key: 'Tab' | 'Enter' | 'Escape' | 'Space'): Promise<void> {
    return this.driver.press(key);
  }

  /** Waits until `read` gives `expected` (compared as JSON). */
  async eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    let last: T | undefined;
    try {
      await this.until(
        async () => JSON.stringify((last = await read())) === JSON.stringify(expected),
        () => 'the expected value',
        timeoutMs,
      );
    } catch (error) {
      expect({ value: last, waited: String(error) }).toEqual({ value: expected, waited: expect.anything() });
    }
  }

  async waitForPopup(): Promise<void> {
    await this.until(
      async () => (await this.driver.popupCount()) > 0,
      () => 'a dialog window',
    );
  }

  async waitPopupsClosed(): Promise<void> {
    await this.until(
      async () => (await this.driver.popupCount()) === 0,
      () => 'every dialog window closed',
    );
  }

  /** axe-core over the whole pane document, once running transitions have ended: "rule (impact): targets" lines. */
  async axeViolations(scope: Scope = 'pane'): Promise<string[]> {
    await this.ensureAxe(scope);
    return this.driver.run<string[]>(
      scope,
      `async function () {
        // Fluent's transitions (about 100 ms) would be measured mid-way; infinite ones (spinners) never end.
        const finite = document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
        const settled = Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
        await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000))]);
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => v.id + ' (' + (v.impact || 'unknown') + '): ' +
          v.nodes.map((n) => n.target.map(String).join(' ')).join(', '));
      }`,
      [],
    );
  }

  /** What the pane says went wrong, for a failure message. */
  private async paneAlerts(): Promise<string> {
    try {
      const alerts = await this.driver.run<string[]>(
        'pane',
        `() => Array.from(document.querySelectorAll('[role="alert"]')).map((e) => e.textContent.trim())`,
        [],
      );
      return alerts.length === 0 ? 'no alert' : alerts.join(' | ');
    } catch (error) {
      return `(unreadable: ${String(error)})`;
    }
  }

  private async ensureAxe(scope: Scope): Promise<void> {
    if (await this.driver.run<boolean>(scope, AXE_LOADED, [])) return;
    await this.driver.run(scope, `function () {\n${AXE_SOURCE}\n;return true; }`, []);
  }

  /** Polls `done` (retrying through reloads of the document) until true or the time is up. */
  private async until(done: () => Promise<boolean>, what: () => string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        if (await done()) return;
        lastError = undefined;
      } catch (error) {
        // The document was being replaced (the pane reloads when the host context changes).
        lastError = error;
      }
      if (Date.now() > deadline)
        throw new Error(
          `${this.engine}: timed out after ${timeoutMs} ms waiting for ${what()}${lastError ? ` (${String(lastError)})` : ''}; ` +
            `the pane shows: ${await this.paneAlerts()}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function describe(query: Query): string {
  const name = typeof query.name === 'object' ? `/${query.name.source}/` : JSON.stringify(query.name ?? '');
  const where = query.within ? ` inside ${query.within.role} ${JSON.stringify(query.within.name ?? '')}` : '';
  const has = query.hasText === undefined ? '' : ` with text ${JSON.stringify(query.hasText)}`;
  return (query.role !== undefined ? `${query.role} ${name}${has}` : `text ${JSON.stringify(query.text)}`) + where;
}

/**
 * The few operations the engine suites need from a browser, implemented once per engine
 * (Chromium through playwright-core, Firefox ESR over WebDriver BiDi through puppeteer-core, WebKit
 * through WebKitWebDriver over W3C WebDriver). Everything above this interface (`enginePage.ts`,
 * `engineSuite.ts` and the suites in `test/e2e/engines/`) is written once.
 */

export const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Which document of the dev host a step acts in: the page, the task pane frame, or the dialog window. */
export type Scope = 'host' | 'pane' | 'popup';

/** A pattern that survives JSON (a RegExp does not). */
export interface TextPattern {
  source: string;
  flags: string;
}

/** What to find, as a person (or a screen reader) would name it; resolved in the page by `inPage.ts`. */
export interface Query {
  role?: string;
  /** The accessible name: a substring (case-insensitive) unless `exact`, or a pattern. */
  name?: string | TextPattern;
  exact?: boolean;
  /** Keep only elements whose text contains this (like an alert's message under its title). */
  hasText?: string;
  /** Visible text of the innermost element holding it (for elements without a useful role). */
  text?: string;
  /** Keep only matches inside an element with this role (e.g. the row's dialog). */
  within?: { role: string; name?: string };
}

export interface LaunchOptions {
  /** `prefers-color-scheme` for every page of the browser (Excel on the web gives add-ins no Office theme). */
  colorScheme: 'light' | 'dark';
}

/** One browser (per test file); each test gets a fresh, isolated driver from it. */
export interface EngineBrowser {
  readonly engine: EngineName;
  /** A new window with nothing remembered (cookies, storage, caches) from earlier drivers. */
  newDriver(): Promise<EngineDriver>;
  close(): Promise<void>;
}

/** One test's window (and the dialog windows it opens); close() leaves the browser running. */
export interface EngineDriver {
  readonly engine: EngineName;
  /** Opens `url` in the main window; `paneUrlPrefix` says which frame is the task pane. */
  goto(url: string, paneUrlPrefix: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Runs a self-contained function (its source text) with JSON arguments in the scope's document
   * and returns its JSON result (a returned promise is awaited). The function must not close over
   * anything: it is serialised.
   */
  run<T>(scope: Scope, fn: string, args: unknown[]): Promise<T>;
  /** Clicks, as a pointer would, the element that `pick` (a function source run like `run`) returns. */
  click(scope: Scope, pick: string, args: unknown[]): Promise<void>;
  /** Presses one key (WebDriver/Playwright names: "Tab", "Enter", "Escape") in the focused window. */
  press(key: 'Tab' | 'Enter' | 'Escape' | 'Space'): Promise<void>;
  /** How many windows besides the main one are open (office.js's dialog is one). */
  popupCount(): Promise<number>;
  screenshot(path: string): Promise<void>;
  /** Content-Security-Policy violations seen so far in any page, frame or window. */
  cspViolations(): Promise<string[]>;
  /** Uncaught errors and unhandled rejections seen so far in any frame. */
  pageErrors(): Promise<string[]>;
  close(): Promise<void>;
}

/** The expression that calls an in-page function (its source) with JSON arguments, for drivers that evaluate expressions. */
export const callExpression = (fn: string, args: unknown[]): string => `(${fn}).apply(null, ${JSON.stringify(args)})`;

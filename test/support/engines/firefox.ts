/**
 * Firefox (Gecko, the engine of Firefox for Excel on the web) from Debian's firefox-esr, over
 * WebDriver BiDi with puppeteer-core (no geckodriver: Firefox speaks BiDi itself). The reporter
 * runs before the page's own scripts in every document of the main window (a BiDi preload
 * script) and sends each report to this process; a dialog window gets it when it appears.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type BrowserContext, type Frame, type Page } from 'puppeteer-core';
import { REPORTER } from './inPage';
import { callExpression, type EngineBrowser, type EngineDriver, type LaunchOptions, type Scope } from './types';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

interface Report {
  kind: 'csp' | 'error';
  text: string;
}

export async function launchFirefox(options: LaunchOptions): Promise<EngineBrowser> {
  if (!existsSync(FIREFOX))
    throw new Error(
      `${FIREFOX} not found: install Debian's firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH`,
    );
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // The stack's certificates come from its own throwaway CA.
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'intl.accept_languages': 'en-US',
      'intl.locale.requested': 'en-US',
      // BiDi has no media emulation: the colour scheme is the browser's own (0 dark, 1 light).
      // https://firefox-source-docs.mozilla.org/ (layout.css.prefers-color-scheme.content-override)
      'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
      'ui.systemUsesDarkTheme': options.colorScheme === 'dark' ? 1 : 0,
    },
  });
  return {
    engine: 'firefox',
    async newDriver() {
      // A BiDi user context: storage, cookies and caches of its own, like a fresh profile.
      const context = await browser.createBrowserContext();
      const driver = new FirefoxDriver(context, await context.newPage());
      await driver.init();
      return driver;
    },
    close: () => browser.close(),
  };
}

class FirefoxDriver implements EngineDriver {
  readonly engine = 'firefox' as const;
  private paneUrlPrefix = '';
  private readonly reports: Report[] = [];
  private readonly watched = new WeakSet<Page>();

  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  async init(): Promise<void> {
    await this.page.setViewport({ width: 1000, height: 800 });
    await this.watch(this.page);
    this.context.on('targetcreated', (target) => {
      void target
        .page()
        .then((popup) => popup && this.watch(popup).then(() => popup.evaluate(REPORTER)))
        .catch(() => undefined);
    });
  }

  private async watch(page: Page): Promise<void> {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    await page.exposeFunction('__engineReport', (line: string) => {
      this.reports.push(JSON.parse(line) as Report);
    });
    await page.evaluateOnNewDocument(REPORTER);
  }

  async goto(url: string, paneUrlPrefix: string): Promise<void> {
    this.paneUrlPrefix = paneUrlPrefix;
    await this.page.goto(url);
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }

  async run<T>(scope: Scope, fn: string, args: unknown[]): Promise<T> {
    const frame = await this.frame(scope);
    return frame.evaluate(callExpression(fn, args)) as Promise<T>;
  }

  async click(scope: Scope, pick: string, args: unknown[]): Promise<void> {
    const frame = await this.frame(scope);
    const handle = await frame.evaluateHandle(callExpression(pick, args));
    const element = handle.asElement();
    if (element === null) throw new Error(`nothing to click in the ${scope}`);
    await element.click();
    await handle.dispose().catch(() => undefined);
  }

  async press(key: 'Tab' | 'Enter' | 'Escape' | 'Space'): Promise<void> {
    await this.page.keyboard.press(key === 'Space' ? ' ' : key);
  }

  async popupCount(): Promise<number> {
    return (await this.popups()).length;
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path: path as `${string}.png` });
  }

  async cspViolations(): Promise<string[]> {
    return this.reports.filter((r) => r.kind === 'csp').map((r) => r.text);
  }

  async pageErrors(): Promise<string[]> {
    return this.reports.filter((r) => r.kind === 'error').map((r) => r.text);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  private async popups(): Promise<Page[]> {
    return (await this.context.pages()).filter((p) => p !== this.page && !p.isClosed());
  }

  private async frame(scope: Scope): Promise<Frame> {
    if (scope === 'host') return this.page.mainFrame();
    if (scope === 'popup') {
      const popups = await this.popups();
      const popup = popups[popups.length - 1];
      if (popup === undefined) throw new Error('no dialog window is open');
      return popup.mainFrame();
    }
    const deadline = Date.now() + 15_000;
    for (;;) {
      const pane = this.page.frames().find((f) => f.url().startsWith(this.paneUrlPrefix));
      if (pane !== undefined) return pane;
      if (Date.now() >= deadline) throw new Error(`the task pane frame did not load ${this.paneUrlPrefix}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

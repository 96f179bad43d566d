/**
 * Chromium (the engine of WebView2, Edge and Chrome) from Debian's package through
 * playwright-core, with the loopback-only context every Chromium suite uses (`../browser.ts`):
 * its CSP recorder covers every page, frame and popup, and uncaught errors come from the page.
 */
import type { Frame, Page } from 'playwright-core';
import { launchChromium, loopbackContext, type LoopbackContext } from '../browser';
import { callExpression, type EngineBrowser, type EngineDriver, type LaunchOptions, type Scope } from './types';

export async function launchChromiumEngine(options: LaunchOptions): Promise<EngineBrowser> {
  const browser = await launchChromium();
  return {
    engine: 'chromium',
    async newDriver() {
      const loopback = await loopbackContext(browser);
      const page = await loopback.context.newPage();
      await page.emulateMedia({ colorScheme: options.colorScheme });
      return new ChromiumDriver(loopback, page);
    },
    close: () => browser.close(),
  };
}

class ChromiumDriver implements EngineDriver {
  readonly engine = 'chromium' as const;
  private paneUrlPrefix = '';
  private readonly errors: string[] = [];

  constructor(
    private readonly loopback: LoopbackContext,
    private readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.errors.push(error.message));
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
    await this.page.keyboard.press(key);
  }

  async popupCount(): Promise<number> {
    return this.popups().length;
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async cspViolations(): Promise<string[]> {
    return [...this.loopback.cspViolations];
  }

  async pageErrors(): Promise<string[]> {
    return [...this.errors];
  }

  async close(): Promise<void> {
    await this.loopback.context.close();
  }

  private popups(): Page[] {
    return this.loopback.context.pages().filter((p) => p !== this.page && !p.isClosed());
  }

  private async frame(scope: Scope): Promise<Frame> {
    if (scope === 'host') return this.page.mainFrame();
    if (scope === 'popup') {
      const popup = this.popups().at(-1);
      if (popup === undefined) throw new Error('no dialog window is open');
      return popup.mainFrame();
    }
    const deadline = Date.now() + 15_000;
    for (;;) {
      const pane = this.page.frames().find((f) => f.url().startsWith(this.paneUrlPrefix));
      if (pane !== undefined) return pane;
      if (Date.now() >= deadline) throw new Error(`the task pane frame did not load ${this.paneUrlPrefix}`);
      await this.page.waitForTimeout(100);
    }
  }
}

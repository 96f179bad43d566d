/**
 * WebKit (WebKitGTK, the engine of Safari and of Excel on Mac and iPad) through Debian's
 * WebKitWebDriver, which drives WebKitGTK's MiniBrowser in automation mode. It needs an X
 * display: each driver starts its own Xvfb on a display number the server picks (-displayfd),
 * and a WebKitWebDriver on a free loopback port; close() stops both.
 *
 * Classic WebDriver has no script that runs before a page's own, so the CSP and error reporter
 * is installed into each document the first time a step touches it (right after every
 * navigation): a violation in the first moments of a document's load is seen only by the
 * Chromium and Firefox runs of the same test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { freePort } from '../freePort';
import { TASK_PANE_FRAME } from '../devHostPage';
import { REPORTER, TAKE_REPORTS } from './inPage';
import type { EngineBrowser, EngineDriver, LaunchOptions, Scope } from './types';
import { WebDriverClient, WebDriverError, type ElementRef } from './webDriverClient';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
/** WebKitGTK's MiniBrowser, in the multiarch folder of libwebkit2gtk-4.1-0 (x86_64-linux-gnu, aarch64-linux-gnu…). */
export const MINIBROWSER = process.env.WEBKIT_BROWSER_PATH ?? findMiniBrowser();

function findMiniBrowser(): string {
  const fallback = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
  if (!existsSync('/usr/lib')) return fallback;
  const found = readdirSync('/usr/lib')
    .map((dir) => `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`)
    .find((path) => existsSync(path));
  return found ?? fallback;
}
const XVFB = '/usr/bin/Xvfb';

interface Report {
  kind: 'csp' | 'error';
  text: string;
}

export async function launchWebKit(options: LaunchOptions): Promise<EngineBrowser> {
  for (const [path, pkg] of [
    [WEBKIT_DRIVER, 'webkit2gtk-driver'],
    [MINIBROWSER, 'webkit2gtk-driver (MiniBrowser comes with libwebkit2gtk-4.1)'],
    [XVFB, 'xvfb'],
  ] as const) {
    if (!existsSync(path))
      throw new Error(`${path} not found: install Debian's ${pkg} (apt-get install ${pkg.split(' ')[0]})`);
  }
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let driver: ChildProcess | undefined;
  try {
    const display = await readDisplay(xvfb);
    const port = await freePort();
    driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      // A fixed locale: navigator.language would otherwise follow the machine's (often "C").
      env: { ...process.env, DISPLAY: `:${display}`, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const processes = [driver, xvfb];
    return {
      engine: 'webkit',
      async newDriver() {
        // Each WebDriver session is a new MiniBrowser process with an ephemeral website data store.
        const client = await newSession(port, options);
        await client.setWindowRect({ width: 1000, height: 800 });
        return new WebKitDriver(client, await client.windowHandle());
      },
      async close() {
        for (const child of processes) child.kill();
      },
    };
  } catch (error) {
    driver?.kill();
    xvfb.kill();
    throw error;
  }
}

function readDisplay(xvfb: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${err}`)), 10_000);
    xvfb.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err}`)));
  });
}

async function newSession(port: number, options: LaunchOptions): Promise<WebDriverClient> {
  const args = ['--automation', ...(options.colorScheme === 'dark' ? ['--dark-mode'] : [])];
  const capabilities = {
    // The stack's certificates come from its own throwaway CA.
    acceptInsecureCerts: true,
    // A page that does not load fails the step within a minute instead of WebDriver's default five.
    timeouts: { pageLoad: 60_000, script: 30_000 },
    'webkitgtk:browserOptions': { binary: MINIBROWSER, args },
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      return await WebDriverClient.newSession(port, capabilities);
    } catch (error) {
      // The driver is still starting (connection refused) until it listens.
      if (Date.now() > deadline || error instanceof WebDriverError) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

class WebKitDriver implements EngineDriver {
  readonly engine = 'webkit' as const;
  private paneUrlPrefix = '';
  private readonly reports: Report[] = [];

  constructor(
    private readonly client: WebDriverClient,
    private readonly mainWindow: string,
  ) {}

  async goto(url: string, paneUrlPrefix: string): Promise<void> {
    await this.collect();
    this.paneUrlPrefix = paneUrlPrefix;
    await this.enter('host');
    await this.client.navigate(url);
    await this.client.execute(REPORTER);
  }

  async reload(): Promise<void> {
    await this.collect();
    await this.enter('host');
    await this.client.refresh();
    await this.client.execute(REPORTER);
  }

  async run<T>(scope: Scope, fn: string, args: unknown[]): Promise<T> {
    await this.enter(scope);
    return this.client.execute<T>(`${REPORTER}; return (${fn}).apply(null, arguments);`, args);
  }

  async click(scope: Scope, pick: string, args: unknown[]): Promise<void> {
    // A click in the dialog window may close it: keep what it reported first.
    if (scope === 'popup') await this.collectFrom('popup');
    const element = await this.run<ElementRef | null>(scope, pick, args);
    if (element === null) throw new Error(`nothing to click in the ${scope}`);
    await this.client.clickElement(element);
  }

  async press(key: 'Tab' | 'Enter' | 'Escape' | 'Space'): Promise<void> {
    const codes = { Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Space: '\uE00D' };
    await this.client.pressKey(codes[key]);
  }

  async popupCount(): Promise<number> {
    return (await this.client.windowHandles()).length - 1;
  }

  async screenshot(path: string): Promise<void> {
    await this.enter('host');
    writeFileSync(path, Buffer.from(await this.client.screenshot(), 'base64'));
  }

  async cspViolations(): Promise<string[]> {
    await this.collect();
    return this.reports.filter((r) => r.kind === 'csp').map((r) => r.text);
  }

  async pageErrors(): Promise<string[]> {
    await this.collect();
    return this.reports.filter((r) => r.kind === 'error').map((r) => r.text);
  }

  async close(): Promise<void> {
    await this.client.deleteSession();
  }

  /** Takes the reports every open document kept (documents gone meanwhile are skipped). */
  private async collect(): Promise<void> {
    for (const scope of ['host', 'pane', 'popup'] as const) await this.collectFrom(scope);
  }

  private async collectFrom(scope: Scope): Promise<void> {
    try {
      if (scope === 'popup' && (await this.popupCount()) === 0) return;
      await this.enter(scope, 0);
      this.reports.push(...(await this.client.execute<Report[]>(`return (${TAKE_REPORTS})()`)));
    } catch {
      // That document is not there (no pane yet, or the window closed).
    }
  }

  /** Makes `scope` WebDriver's current browsing context, waiting up to `waitMs` for the pane frame. */
  private async enter(scope: Scope, waitMs = 15_000): Promise<void> {
    if (scope === 'popup') {
      const others = (await this.client.windowHandles()).filter((h) => h !== this.mainWindow);
      const popup = others[others.length - 1];
      if (popup === undefined) throw new Error('no dialog window is open');
      await this.client.switchToWindow(popup);
      return;
    }
    await this.client.switchToWindow(this.mainWindow);
    await this.client.switchToFrame(null);
    if (scope === 'host') return;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const frame = await this.client.execute<ElementRef | null>(
        `return document.querySelector(${JSON.stringify(TASK_PANE_FRAME)})`,
      );
      if (frame !== null) {
        await this.client.switchToFrame(frame);
        const href = await this.client.execute<string>('return location.href');
        if (href.startsWith(this.paneUrlPrefix)) return;
        await this.client.switchToFrame(null);
      }
      if (Date.now() >= deadline) throw new Error(`the task pane frame did not load ${this.paneUrlPrefix}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

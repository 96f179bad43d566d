/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this
 * machine needs, and a network that reaches loopback only: Microsoft's office.js CDN is served
 * from the local copy in @microsoft/office-js, everything else off-machine is refused.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/';
const OFFICE_LOCAL = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'office-js', 'dist');

const ROOT = join(__dirname, '..', '..');

/** The browser tests drive the production build: fail clearly when it is not there. */
export function requireProductionBuild(): void {
  for (const built of ['dist/taskpane.html', 'build/emulator-public/excel-web-host.js']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run "npm run build" first (npm test does it)`);
  }
}

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

export interface LoopbackContext {
  context: BrowserContext;
  /** Every URL the page tried to reach off this machine (refused). */
  refused: string[];
}

export async function loopbackContext(browser: Browser): Promise<LoopbackContext> {
  // The stack's certificate comes from a throwaway CA the browser does not know.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1000, height: 800 } });
  const refused: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const { hostname } = new URL(url);
    if (hostname === 'localhost' || hostname === '127.0.0.1') return route.continue();
    if (url.startsWith(OFFICE_CDN)) {
      const file = join(OFFICE_LOCAL, new URL(url).pathname.slice('/lib/1/hosted/'.length));
      if (file.startsWith(OFFICE_LOCAL) && existsSync(file)) return route.fulfill({ path: file, contentType: 'text/javascript' });
    }
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, refused };
}

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags this
 * machine needs, and a network that reaches loopback only: Microsoft's office.js CDN is served
 * from the local copy in @microsoft/office-js, everything else off-machine is refused. Every
 * context records Content-Security-Policy violations, which the suites assert are none.
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
    if (!existsSync(join(ROOT, built)))
      throw new Error(`${built} is missing: run "npm run build" first (npm test does it)`);
  }
}

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface LoopbackContext {
  context: BrowserContext;
  /** Every URL the page tried to reach off this machine (refused). */
  refused: string[];
  /** Every Content-Security-Policy violation in any page, frame or popup of the context. */
  cspViolations: string[];
}

/**
 * Runs first in every document of the context (pages, frames, dialog popups) and reports each
 * `securitypolicyviolation` event. https://developer.mozilla.org/docs/Web/API/SecurityPolicyViolationEvent
 * The binding is looked up when an event fires: it is installed in each document by the browser driver.
 */
const CSP_VIOLATION_REPORTER = `document.addEventListener('securitypolicyviolation', (event) => {
  globalThis.__reportCspViolation?.(location.href + ': ' + event.disposition + ' ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || '(inline)') + ' at ' + event.sourceFile + ':' + event.lineNumber);
}, true);`;

/**
 * Collects CSP violations two ways: the DOM event, and Chromium's console error, which is the
 * only trace of some (a refused frame-ancestors shows in the framing page's console).
 */
async function collectCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: unknown) => void violations.push(String(text)));
  await context.addInitScript({ content: CSP_VIOLATION_REPORTER });
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()))
      violations.push(`console of ${message.page()?.url() ?? 'a worker'}: ${message.text()}`);
  });
  return violations;
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
      if (file.startsWith(OFFICE_LOCAL) && existsSync(file))
        return route.fulfill({ path: file, contentType: 'text/javascript' });
    }
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, refused, cspViolations: await collectCspViolations(context) };
}

/**
 * What the task pane costs on the wire at start, measured in Chromium on the production build:
 * every response of the add-in's origin until the session list (or its empty state) shows, the
 * JavaScript among them re-compressed with gzip -9 (the budget's unit), and the bytes that
 * crossed the network (compressed bodies and headers; nothing for what came from the cache).
 */
import { createHash, createPublicKey } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, FrameLocator, Response } from 'playwright-core';
import { launchChromium } from './browser';
import { TASK_PANE_FRAME } from './devHostPage';
import { type LocalStack } from './localStack';

/**
 * The start JavaScript budget: 107 KB of gzip -9 output, in the bytes `wc -c` counts
 * (docs/decisions.md); the pane starts with about 106 KB (docs/benchmarks.md).
 */
export const START_JS_BUDGET_BYTES = 107_000;

export interface PaneStart {
  /** Every JavaScript file the pane loaded before the list showed, gzip -9 sizes. */
  js: { file: string; gzipBytes: number }[];
  startJsGzipBytes: number;
  /** Requests to the add-in's origin before the list showed (page, scripts, styles, API). */
  requests: number;
  /** Bytes over the network for the add-in's static files (bodies as sent, plus headers). */
  staticTransferBytes: number;
  /** From opening the dev host page to the list (or its empty state) on screen, in ms. */
  listVisibleMs: number;
}

/**
 * A browser whose HTTP cache works for the stack: Chromium caches nothing fetched over a
 * connection with a certificate error, so this one trusts the stack's certificate by its key
 * (`--ignore-certificate-errors-spki-list`) instead of ignoring errors; and its context sets no
 * route, because Playwright turns the cache off when one is set. In local mode every request
 * stays on loopback anyway (office.js is the emulator's); any that leaves is recorded.
 */
export async function cachingBrowser(
  stack: LocalStack,
): Promise<{ browser: Browser; context: BrowserContext; offMachine: string[] }> {
  const spki = createHash('sha256')
    .update(createPublicKey(stack.certPem).export({ type: 'spki', format: 'der' }))
    .digest('base64');
  const browser = await launchChromium([`--ignore-certificate-errors-spki-list=${spki}`]);
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const offMachine: string[] = [];
  context.on('request', (request) => {
    const { hostname, protocol } = new URL(request.url());
    if (protocol.startsWith('http') && hostname !== 'localhost' && hostname !== '127.0.0.1')
      offMachine.push(request.url());
  });
  return { browser, context, offMachine };
}

/** The list has shown: its rows, or the empty state. */
export async function listShown(pane: FrameLocator): Promise<void> {
  await pane
    .getByRole('list')
    .or(pane.getByText(/^(No open sessions|No hay sesiones de libro abiertas)$/))
    .first()
    .waitFor();
}

export async function measurePaneStart(
  context: BrowserContext,
  stack: LocalStack,
  shown: (pane: FrameLocator) => Promise<void> = listShown,
): Promise<PaneStart> {
  const page = await context.newPage();
  const responses: Response[] = [];
  const ours = (url: string): boolean => url.startsWith(`${stack.addinUrl}/`);
  page.on('response', (response) => {
    if (ours(response.url())) responses.push(response);
  });
  const started = performance.now();
  await page.goto(`${stack.emulatorUrl}/`);
  await shown(page.frameLocator(TASK_PANE_FRAME));
  const listVisibleMs = performance.now() - started;
  const seen = [...responses];
  // Resource Timing's transferSize: headers plus the body as sent, 0 when the cache answered
  // (https://www.w3.org/TR/resource-timing/#dom-performanceresourcetiming-transfersize).
  const frame = page.frames().find((f) => ours(f.url()));
  const transfer = frame
    ? await frame.evaluate((origin) => {
        const timing = (
          globalThis as unknown as {
            performance: { getEntries(): { entryType: string; name: string; transferSize?: number }[] };
          }
        ).performance;
        return timing
          .getEntries()
          .filter(
            (e) =>
              (e.entryType === 'navigation' || e.entryType === 'resource') &&
              e.name.startsWith(origin) &&
              !new URL(e.name).pathname.startsWith('/api/'),
          )
          .reduce((sum, e) => sum + (e.transferSize ?? 0), 0);
      }, stack.addinUrl)
    : Number.NaN;
  const js: PaneStart['js'] = [];
  for (const response of seen) {
    const path = new URL(response.url()).pathname;
    if (!path.endsWith('.js') || response.status() !== 200) continue;
    js.push({ file: path.slice(1), gzipBytes: gzipSync(await response.body(), { level: 9 }).length });
  }
  await page.close();
  return {
    js,
    startJsGzipBytes: js.reduce((a, f) => a + f.gzipBytes, 0),
    requests: seen.length,
    staticTransferBytes: transfer,
    listVisibleMs,
  };
}

/**
 * Cold "list visible" in each engine the pane runs in: from "the dev host page is opened" (a
 * fresh window with nothing remembered: a new browser context in Chromium, a new user context in
 * Firefox ESR, a new MiniBrowser process in WebKitGTK) to "the pane's empty session list is
 * visible". The same production build and stack for all three; runs alternate between engines so
 * each sees the same machine load. Needs `npm run build` first, and Debian's chromium,
 * firefox-esr, webkit2gtk-driver and xvfb.
 */
import { requireProductionBuild } from '../test/support/browser';
import { EnginePage, text } from '../test/support/engines/enginePage';
import { launchEngine } from '../test/support/engines/launch';
import { ENGINES, type EngineBrowser, type EngineName } from '../test/support/engines/types';
import { startLocalStack, type LocalStack } from '../test/support/localStack';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

async function coldListVisible(browser: EngineBrowser, stack: LocalStack): Promise<number> {
  const page = new EnginePage(await browser.newDriver());
  try {
    const started = performance.now();
    await page.driver.goto(`${stack.emulatorUrl}/`, `${stack.addinUrl}/taskpane.html`);
    await page.waitFor('pane', text('No open sessions'), 60_000);
    return performance.now() - started;
  } finally {
    await page.driver.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export async function run(): Promise<void> {
  requireProductionBuild();
  const stack = await startLocalStack({ serverEnv: { LOG_LEVEL: 'silent' } });
  const browsers = new Map<EngineName, EngineBrowser>();
  const times = new Map<EngineName, number[]>(ENGINES.map((engine) => [engine, []]));
  try {
    for (const engine of ENGINES) browsers.set(engine, await launchEngine(engine, { colorScheme: 'light' }));
    // One warm-up each (the browser's first window, the stack's first TLS handshakes), not counted.
    for (const browser of browsers.values()) await coldListVisible(browser, stack);
    for (let i = 0; i < RUNS; i++) {
      for (const [engine, browser] of browsers) times.get(engine)?.push(await coldListVisible(browser, stack));
    }
  } finally {
    for (const browser of browsers.values()) await browser.close();
    await stack.close();
  }
  console.log(`\ncold "list visible" per engine (dev host opened → the pane's empty list visible), ${RUNS} runs each`);
  for (const [engine, values] of times) {
    const ms = values.map((t) => Math.round(t));
    console.log(
      `  ${engine}: median ${Math.round(median(values))} ms (min ${Math.min(...ms)}, max ${Math.max(...ms)}; ${ms.join(', ')})`,
    );
  }
}

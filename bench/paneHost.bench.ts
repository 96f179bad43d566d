/**
 * Cold "list visible" time with Microsoft's office.js in the emulated Excel on the web, beside the
 * same figure with the emulator's former `Office` shim, measured in one run: from "the dev host
 * page is opened" (a fresh browser profile, so nothing is cached) to "the session list (its empty
 * state) is visible in the pane".
 *
 * The shim variant runs a build of the last commit that had it (BENCH_SHIM_COMMIT, default
 * 7487ea6), extracted with `git archive` into a temporary folder beside the system's temp
 * directory and built there once (it reuses this clone's node_modules). Runs alternate between
 * the two stacks so both see the same machine load. Needs `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, loopbackContext, requireProductionBuild } from '../test/support/browser';
import { startLocalStack, type LocalStack } from '../test/support/localStack';

const ROOT = join(__dirname, '..');
const SHIM_COMMIT = process.env.BENCH_SHIM_COMMIT ?? '7487ea6';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PANE = 'iframe[title="Workbook Sessions task pane"]';

interface Variant {
  label: string;
  stack: LocalStack;
  times: number[];
}

/** The shim's tree, extracted and built once. */
function shimTree(): string {
  const dir = join(tmpdir(), `wbs-shim-${SHIM_COMMIT}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${SHIM_COMMIT} | tar -x -C "${dir}"`], { stdio: 'inherit' });
  }
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (
    !existsSync(join(dir, 'dist', 'taskpane.html')) ||
    !existsSync(join(dir, 'build', 'emulator-public', 'office-host.js'))
  ) {
    console.log(`building ${SHIM_COMMIT} in ${dir} (once)…`);
    execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
  }
  return dir;
}

async function coldListVisible(browser: Browser, stack: LocalStack): Promise<number> {
  const { context } = await loopbackContext(browser);
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${stack.emulatorUrl}/`);
    await page.frameLocator(PANE).getByText('No open sessions').waitFor({ timeout: 60_000 });
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export async function run(): Promise<void> {
  requireProductionBuild();
  const shimRoot = shimTree();
  // The shim commit's own helpers start its own emulator and middle tier from its own build.
  const shimStack = (
    (await import(join(shimRoot, 'test', 'helpers', 'localStack.ts'))) as { startLocalStack: typeof startLocalStack }
  ).startLocalStack;
  const variants: Variant[] = [
    {
      label: "Microsoft's office.js in the emulated Excel on the web (this tree)",
      stack: await startLocalStack({ serverEnv: { LOG_LEVEL: 'silent' } }),
      times: [],
    },
    {
      label: `the emulator's former Office shim (${SHIM_COMMIT})`,
      stack: await shimStack({ serverEnv: { LOG_LEVEL: 'silent' } }),
      times: [],
    },
  ];
  const browser = await launchChromium();
  try {
    // One warm-up each (the middle tier's first page, the first TLS handshakes), not counted.
    for (const variant of variants) await coldListVisible(browser, variant.stack);
    for (let i = 0; i < RUNS; i++) {
      for (const variant of variants) variant.times.push(await coldListVisible(browser, variant.stack));
    }
  } finally {
    await browser.close();
    for (const variant of variants) await variant.stack.close();
  }
  console.log(
    `\ncold "list visible" (dev host opened → the pane's empty list visible), ${RUNS} runs each, alternating`,
  );
  for (const variant of variants) {
    const ms = variant.times.map((t) => Math.round(t));
    console.log(
      `  ${variant.label}: median ${Math.round(median(variant.times))} ms (min ${Math.min(...ms)}, max ${Math.max(...ms)}; ${ms.join(', ')})`,
    );
  }
}

/**
 * The lifecycle every dev-host browser suite shares, registered as jest hooks: the production
 * build must exist; one Chromium and one local stack per file; before each test a reset
 * emulator and a fresh loopback-only page on the dev host; after each test the page closes, no
 * Content-Security-Policy violation may have happened in any page, frame or dialog window, and,
 * unless the suite opts out, no uncaught error in any frame (a crash the UI would hide). Read the fields inside tests and hooks, not at module load.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium, loopbackContext, requireProductionBuild } from './browser';
import { resetEmulator, taskPane } from './devHostPage';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './localStack';

export interface DevHostSuite {
  browser: Browser;
  stack: LocalStack;
  page: Page;
  /** The task pane inside the dev host page. */
  pane: FrameLocator;
  /** Off-machine URLs the page tried to reach (refused). */
  refused: string[];
  /** Uncaught errors in any frame of the page. */
  pageErrors: string[];
  /** Content-Security-Policy violations in any page, frame or popup of the test's context. */
  cspViolations: string[];
}

export interface DevHostSuiteOptions {
  failOnPageErrors?: boolean;
  /** How the stack is started (e.g. the middle tier's clock). */
  stack?: LocalStackOptions;
  /** Runs on each fresh page before it opens the dev host (e.g. installing a fake clock). */
  beforeNavigate?: (page: Page) => Promise<void>;
}

export function useDevHostSuite(options: DevHostSuiteOptions = {}): DevHostSuite {
  const suite = { refused: [], pageErrors: [], cspViolations: [] } as unknown as DevHostSuite;

  beforeAll(async () => {
    requireProductionBuild();
    suite.browser = await launchChromium();
    // Every test of a file is the same person on one middle tier, tests follow each other faster
    // than anyone clicks, and the per-user limit would refuse a later test's calls as rateLimited:
    // the suites raise it (the limit has its own tests), unless a suite sets it itself.
    suite.stack = await startLocalStack({
      ...options.stack,
      serverEnv: { RATE_LIMIT_BURST: '600', RATE_LIMIT_PER_MINUTE: '600', ...options.stack?.serverEnv },
    });
  }, 30_000);
  afterAll(async () => {
    await suite.stack?.close();
    await suite.browser?.close();
  });

  beforeEach(async () => {
    await resetEmulator(suite.stack);
    const loopback = await loopbackContext(suite.browser);
    suite.refused = loopback.refused;
    suite.cspViolations = loopback.cspViolations;
    suite.page = await loopback.context.newPage();
    const errors: string[] = [];
    suite.pageErrors = errors;
    suite.page.on('pageerror', (error) => errors.push(error.message));
    await options.beforeNavigate?.(suite.page);
    await suite.page.goto(`${suite.stack.emulatorUrl}/`);
    suite.pane = taskPane(suite.page);
  });
  afterEach(async () => {
    await suite.page?.context().close();
    expect(suite.cspViolations).toEqual([]);
    if (options.failOnPageErrors !== false) expect(suite.pageErrors).toEqual([]);
  });

  return suite;
}

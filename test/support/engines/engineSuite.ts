/**
 * The lifecycle of an engine suite (`test/e2e/engines/`), registered as jest hooks: the
 * production build must exist; one browser of the project's engine and one local stack per
 * file; before each test a reset emulator and a fresh, isolated window on the dev host; after
 * each test the window closes and no Content-Security-Policy violation and no uncaught error may
 * have happened in the page, the pane or a dialog window. A missing browser fails the suite.
 */
import { requireProductionBuild } from '../browser';
import { resetEmulator } from '../devHostPage';
import { startLocalStack, type LocalStack } from '../localStack';
import { EnginePage } from './enginePage';
import { currentEngine, launchEngine } from './launch';
import type { EngineBrowser, EngineName, LaunchOptions } from './types';

export interface EngineSuite {
  engine: EngineName;
  stack: LocalStack;
  /** This test's window on the dev host. */
  page: EnginePage;
}

export interface EngineSuiteOptions extends Partial<LaunchOptions> {
  /** Runs before each test opens the dev host (e.g. forgetting the middle tier's sessions). */
  beforeNavigate?: () => Promise<void>;
}

export function useEngineSuite(options: EngineSuiteOptions = {}): EngineSuite {
  const suite = { engine: currentEngine() } as EngineSuite;
  let browser: EngineBrowser | undefined;

  beforeAll(async () => {
    requireProductionBuild();
    browser = await launchEngine(suite.engine, { colorScheme: options.colorScheme ?? 'light' });
    // The suites click as fast as a driver can, several times a second for minutes, as one user:
    // the per-user rate limit (its own tests are in the integration project) is raised here.
    suite.stack = await startLocalStack({ serverEnv: { RATE_LIMIT_BURST: '600', RATE_LIMIT_PER_MINUTE: '600' } });
  }, 60_000);
  afterAll(async () => {
    await suite.stack?.close();
    await browser?.close();
  });

  beforeEach(async () => {
    await resetEmulator(suite.stack);
    await options.beforeNavigate?.();
    if (browser === undefined) throw new Error(`${suite.engine} did not start`);
    suite.page = new EnginePage(await browser.newDriver());
    await openDevHost(suite);
  }, 120_000);
  afterEach(async () => {
    const driver = suite.page?.driver;
    if (driver === undefined) return;
    const csp = await driver.cspViolations();
    const errors = await driver.pageErrors();
    await driver.close();
    expect(csp).toEqual([]);
    expect(errors).toEqual([]);
  });

  return suite;
}

export async function openDevHost(suite: EngineSuite): Promise<void> {
  await suite.page.driver.goto(`${suite.stack.emulatorUrl}/`, `${suite.stack.addinUrl}/taskpane.html`);
}

/**
 * The task pane on the wire, in Chromium on the production build through the dev host: its start
 * JavaScript (everything loaded before the list shows, gzip -9) stays within the budget with no
 * session and with several, in English and light as in Spanish and dark; static files arrive
 * compressed, hashed ones cached for good and the page revalidated, so a reopen costs almost
 * nothing. This is the check that fails the build when start JavaScript passes the budget.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { loopbackContext } from '../support/browser';
import { hostSsoToken } from '../support/emulatorControl';
import { useDevHostSuite } from '../support/devHostSuite';
import { httpsJson } from '../support/localStack';
import { forgetSessions } from '../support/paneActions';
import { cachingBrowser, measurePaneStart, START_JS_BUDGET_BYTES } from '../support/paneWire';
import { openSessions } from '../support/sessionApi';

jest.setTimeout(120_000);
const suite: ReturnType<typeof useDevHostSuite> = useDevHostSuite({
  beforeNavigate: () => forgetSessions(suite.stack),
});

async function withSessions(count: number): Promise<void> {
  const token = await hostSsoToken(suite.stack);
  await openSessions(suite.stack, token, [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.ventas], Math.ceil(count / 2));
}

describe('start JavaScript', () => {
  it.each([
    ['no session, English, light', 0, 'en-US', 'light'],
    ['four sessions, English, light', 4, 'en-US', 'light'],
    ['four sessions, Spanish, dark', 4, 'es-ES', 'dark'],
  ] as const)('with %s it stays within the budget', async (_label, sessions, language, theme) => {
    const body = {
      userOid: SEED_USERS.megan.oid,
      workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
      displayLanguage: language,
      theme,
    };
    expect(
      (await httpsJson(suite.stack, `${suite.stack.emulatorUrl}/_emulator/host/context`, { method: 'POST', body }))
        .status,
    ).toBe(200);
    if (sessions > 0) await withSessions(sessions);
    const { context, cspViolations } = await loopbackContext(suite.browser);
    const start = await measurePaneStart(context, suite.stack);
    await context.close();
    expect(cspViolations).toEqual([]);
    const report = { total: start.startJsGzipBytes, files: start.js.map((f) => `${f.file} ${f.gzipBytes}`) };
    expect(report.total).toBeLessThanOrEqual(START_JS_BUDGET_BYTES);
    // Secondary UI waits until it is used.
    expect(start.js.map((f) => f.file).filter((file) => /^(close-all|problem|not-in-office)\./.test(file))).toEqual([]);
  });
});

describe('static files', () => {
  it('arrive compressed; hashed files are immutable, the page is revalidated; a reopen transfers almost nothing', async () => {
    const { browser, context, offMachine } = await cachingBrowser(suite.stack);
    const cold = await measurePaneStart(context, suite.stack);
    const warm = await measurePaneStart(context, suite.stack);
    await browser.close();
    expect(offMachine).toEqual([]);
    expect(cold.staticTransferBytes).toBeLessThanOrEqual(130_000);
    expect(warm.staticTransferBytes).toBeLessThanOrEqual(10_000);

    const main = cold.js.find((f) => /^taskpane\.[0-9a-f]+\.js$/.test(f.file));
    expect(main).toBeDefined();
    const script = await httpsJson(suite.stack, `${suite.stack.addinUrl}/${main?.file}`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(script.headers['content-encoding']).toBe('br');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers.vary).toBe('Accept-Encoding');

    const page = await httpsJson(suite.stack, `${suite.stack.addinUrl}/taskpane.html`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    const etag = page.headers.etag;
    expect(typeof etag).toBe('string');
    const again = await httpsJson(suite.stack, `${suite.stack.addinUrl}/taskpane.html`, {
      headers: { 'if-none-match': String(etag) },
    });
    expect(again.status).toBe(304);

    const icon = await httpsJson(suite.stack, `${suite.stack.addinUrl}/assets/icon-32.png`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(icon.headers['cache-control']).toBe('public, max-age=86400');
    expect(icon.headers['content-encoding']).toBeUndefined();
  });
});

/**
 * The task pane at start, in Chromium on the production build through the dev host (needs
 * `npm run build` first): start JavaScript (everything loaded before the list shows, gzip -9),
 * static bytes over the network on a cold start and on a reopen (HTTP cache kept), the
 * requests made before the list shows, and how long the list took to show (from opening the dev
 * host page). Once with no session (English, light) and once with four sessions (Spanish, dark:
 * the largest start).
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../src/emulator/directory/seed';
import { requireProductionBuild } from '../test/support/browser';
import { hostSsoToken } from '../test/support/emulatorControl';
import { httpsJson, startLocalStack } from '../test/support/localStack';
import { cachingBrowser, measurePaneStart, START_JS_BUDGET_BYTES } from '../test/support/paneWire';
import { openSessions } from '../test/support/sessionApi';

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

export async function run(): Promise<void> {
  requireProductionBuild();
  const stack = await startLocalStack({ serverEnv: { LOG_LEVEL: 'silent' } });
  try {
    for (const [label, language, theme, sessions] of [
      ['no session, en-US, light', 'en-US', 'light', 0],
      ['4 sessions, es-ES, dark', 'es-ES', 'dark', 4],
    ] as const) {
      const body = {
        userOid: SEED_USERS.megan.oid,
        workbookItemId: SEED_WORKBOOKS.presupuesto.itemId,
        displayLanguage: language,
        theme,
      };
      await httpsJson(stack, `${stack.emulatorUrl}/_emulator/host/context`, { method: 'POST', body });
      if (sessions > 0)
        await openSessions(
          stack,
          await hostSsoToken(stack),
          [SEED_WORKBOOKS.presupuesto, SEED_WORKBOOKS.ventas],
          sessions / 2,
        );
      const { browser, context } = await cachingBrowser(stack);
      const cold = await measurePaneStart(context, stack);
      const warm = await measurePaneStart(context, stack);
      await browser.close();
      console.log(`\n${label}`);
      console.log(
        `  start JS (gzip -9): ${kb(cold.startJsGzipBytes)} (budget ${kb(START_JS_BUDGET_BYTES)}) = ${cold.js.map((f) => `${f.file} ${kb(f.gzipBytes)}`).join(' + ')}`,
      );
      console.log(`  static transfer: cold ${kb(cold.staticTransferBytes)}, reopen ${kb(warm.staticTransferBytes)}`);
      console.log(`  requests before the list shows: cold ${cold.requests}, reopen ${warm.requests}`);
      console.log(
        `  list visible after: cold ${Math.round(cold.listVisibleMs)} ms, reopen ${Math.round(warm.listVisibleMs)} ms`,
      );
    }
  } finally {
    await stack.close();
  }
}

/**
 * The task pane on a computer whose clock is wrong, on the production build in Chromium through
 * the dev host: the browser's clock (Playwright's, in every frame) runs 6 minutes fast or 3
 * minutes slow of the middle tier's and the emulator's, which move together. The pane learns the
 * middle tier's time from its answers, so the countdown matches Graph's idle expiry, a fresh
 * session never reads "Expired", a lapsed one leaves the list with one polite announcement, and
 * keep-alive refreshes before Graph's idle limit. Live regions are watched in the page: each
 * event is announced at most once. axe-core still finds nothing.
 */
import { SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { axeViolations } from '../support/axe';
import { taskPaneFrame } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { EmulatorControl, emulatorState } from '../support/emulatorControl';
import { eventually } from '../support/eventually';
import { forgetSessions, openSessions } from '../support/paneActions';

jest.setTimeout(240_000);

const MINUTE = 60_000;
const SKEWS = { '6 minutes fast': 6 * MINUTE, '3 minutes slow': -3 * MINUTE } as const;
type Skew = keyof typeof SKEWS;

/** How far the middle tier's and emulator's clocks have been moved (never back). */
let shiftMs = 0;
/** The browser clock's error, read from the running test's name ("… 6 minutes fast"). */
function skewOfCurrentTest(): number {
  const name = expect.getState().currentTestName ?? '';
  const found = (Object.keys(SKEWS) as Skew[]).find((skew) => name.includes(skew));
  if (found === undefined) throw new Error(`no clock skew named in "${name}"`);
  return SKEWS[found];
}

const suite: ReturnType<typeof useDevHostSuite> = useDevHostSuite({
  stack: { serverOverrides: { now: () => Date.now() + shiftMs } },
  beforeNavigate: async (page) => {
    await forgetSessions(suite.stack);
    await page.clock.install({ time: Date.now() + shiftMs + skewOfCurrentTest() });
  },
});

/** Moves all three clocks forward together, as real time would. */
async function advance(seconds: number): Promise<void> {
  await EmulatorControl.of(suite.stack).advanceClock(seconds);
  shiftMs += seconds * 1000;
  await suite.page.clock.fastForward(seconds * 1000);
}

const workbook = SEED_WORKBOOKS.presupuesto.name;
const row = () => suite.pane.getByRole('listitem').filter({ hasText: workbook });
const graphStatuses = async (): Promise<string[]> => (await emulatorState(suite.stack)).sessions.map((s) => s.status);
const refreshCalls = async (): Promise<number> =>
  (await emulatorState(suite.stack)).requests.filter((r) => r.path.endsWith('/workbook/refreshSession')).length;

/**
 * Records, in the pane's frame, every text a live region takes (role status or alert, or
 * aria-live): what a screen reader would be given to announce. Plain JavaScript: it runs in the page.
 */
const WATCH_LIVE_REGIONS = `(() => {
  const said = [];
  const last = new WeakMap();
  const regions = () => document.querySelectorAll('[role="status"], [role="alert"], [aria-live]');
  const look = () => {
    for (const region of regions()) {
      const text = (region.textContent || '').trim();
      if (last.get(region) === text && last.has(region)) continue;
      last.set(region, text);
      if (text.length > 0) said.push(text);
    }
  };
  look();
  said.length = 0;
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__liveRegionsSaid = said;
})()`;

async function watchLiveRegions(): Promise<() => Promise<string[]>> {
  const frame = await taskPaneFrame(suite.page, suite.stack);
  await frame.evaluate(WATCH_LIVE_REGIONS);
  return () => frame.evaluate('window.__liveRegionsSaid.slice()') as Promise<string[]>;
}

describe.each(Object.keys(SKEWS) as Skew[])('with the computer clock %s', (skew) => {
  it(`counts down by Graph's clock, then the row leaves with one announcement (${skew})`, async () => {
    await openSessions(suite.pane, 1);
    // Fresh: the full idle limit, never "Expired".
    await row().getByText('Expires in 5 min.').waitFor();
    await row().getByText('Opened just now').waitFor();
    expect(await row().getByText('Expired').count()).toBe(0);
    expect(await axeViolations(await taskPaneFrame(suite.page, suite.stack))).toEqual([]);
    const said = await watchLiveRegions();

    await advance(2 * 60);
    await row().getByText('Expires in 3 min.').waitFor();
    await advance(2 * 60);
    await row()
      .getByText(/^Expires in \d+ sec\.$/)
      .waitFor();
    await eventually(said, [`The session on ${workbook} expires in less than a minute.`]);
    expect(await graphStatuses()).toEqual(['open']);

    await advance(61);
    await suite.pane.getByText('No open sessions').waitFor();
    expect(await graphStatuses()).toEqual(['expired']);
    // One announcement per event: the last minute, then the row leaving; never the countdown.
    await eventually(said, [
      `The session on ${workbook} expires in less than a minute.`,
      `The session on ${workbook} expired. It's no longer listed.`,
    ]);
    // A background reload (every minute) brings nothing back and says nothing.
    await advance(60);
    await suite.pane.getByText('No open sessions').waitFor();
    expect(await said()).toHaveLength(2);
    expect(await suite.pane.getByRole('alert').count()).toBe(0);
    expect(await axeViolations(await taskPaneFrame(suite.page, suite.stack))).toEqual([]);
  });

  it(`keeps a session alive before Graph's idle limit (${skew})`, async () => {
    await suite.pane.getByRole('switch', { name: 'Keep my sessions alive while this pane is open' }).check();
    await openSessions(suite.pane, 1);
    const said = await watchLiveRegions();
    // Ten minutes in one-minute steps: Graph ends a persistent session after five idle minutes.
    for (let minute = 1; minute <= 10; minute++) {
      await advance(60);
      // The pane refreshes a minute before Graph's timeout: at 4 and 8 minutes.
      await eventually(refreshCalls, Math.floor(minute / 4));
      // The pane has the answer before the clocks move on.
      if (minute % 4 === 0) await row().getByText('Expires in 5 min.').waitFor();
      expect(await graphStatuses()).toEqual(['open']);
    }
    await row()
      .getByText(/^Expires in \d min\.$/)
      .waitFor();
    // Kept alive quietly: no last-minute warning, no expiry.
    expect(await said()).toEqual([]);
  });
});

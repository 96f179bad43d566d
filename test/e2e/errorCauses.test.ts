/**
 * Every row of the pane's table of error causes, in English and Spanish: a dev host fault preset
 * makes Graph fail as it does for real, the middle tier names the cause, and the real task pane
 * (production build, Chromium) shows the cause's text, its one next step, and the right list.
 * The expected wording is the pane's own table and strings, so the proof follows them.
 */
import type { FrameLocator } from 'playwright-core';
import { type ApiErrorCode } from '../../src/shared/errors';
import { SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { ERROR_CAUSES } from '../../src/taskpane/features/sessions/errorCauses';
import { enUS } from '../../src/taskpane/i18n/enUS';
import { enUSProblems } from '../../src/taskpane/i18n/enUSProblems';
import { esES } from '../../src/taskpane/i18n/esES';
import { esESProblems } from '../../src/taskpane/i18n/esESProblems';
import { type Strings, type SupportedLocale } from '../../src/taskpane/i18n/Strings';
import { type ProblemStrings } from '../../src/taskpane/i18n/ProblemStrings';
import { chooseOnDevHost, waitForStatus } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { emulatorState } from '../support/emulatorControl';
import { forgetSessions } from '../support/paneActions';

jest.setTimeout(60_000);

// Graph's sessions are reset by the suite before each test, the middle tier's forgotten here.
const suite: ReturnType<typeof useDevHostSuite> = useDevHostSuite({
  beforeNavigate: () => forgetSessions(suite.stack),
});

const LANGUAGES: Record<SupportedLocale, { strings: Strings; problems: ProblemStrings }> = {
  'en-US': { strings: enUS, problems: enUSProblems },
  'es-ES': { strings: esES, problems: esESProblems },
};

type Action = 'open' | 'close' | 'refresh';

interface CauseRow {
  name: string;
  preset: string;
  action: Action;
  /** The pane's code for the cause; `alreadyGone` when the row simply leaves with the notice. */
  code: ApiErrorCode | 'alreadyGone';
  /** The wait the bar quotes (Retry-After), when the service gave one. */
  waitSeconds?: number;
  /** Another workbook than the dev host's default (the team-site "Presupuesto 2027"). */
  workbook?: keyof typeof SEED_WORKBOOKS;
  /** What happens to the session's row: it stays, or it leaves the list. */
  row?: 'stays' | 'leaves';
}

const ROWS: CauseRow[] = [
  { name: 'Graph throttled', preset: 'graph-throttled', action: 'open', code: 'graphThrottled', waitSeconds: 60 },
  { name: 'Excel cannot open the file', preset: 'file-open-error', action: 'open', code: 'workbookCannotOpen' },
  { name: "someone else's file refused", preset: 'open-refused', action: 'open', code: 'workbookAccessDenied' },
  {
    name: 'the user’s own file refused',
    preset: 'open-refused',
    action: 'open',
    code: 'ownWorkbookAccessDenied',
    workbook: 'forecast',
  },
  { name: 'the WAC token refused', preset: 'wac-token', action: 'open', code: 'wacTokenRefused' },
  { name: 'sessions restricted', preset: 'session-restricted', action: 'open', code: 'workbookRestricted' },
  { name: 'the workbook not supported', preset: 'unsupported-workbook', action: 'open', code: 'unsupportedWorkbook' },
  { name: 'the workbook locked', preset: 'workbook-locked', action: 'open', code: 'workbookBusy', waitSeconds: 30 },
  { name: 'Graph down', preset: 'graph-down', action: 'open', code: 'upstreamUnavailable', waitSeconds: 60 },
  { name: 'a close refused', preset: 'close-refused', action: 'close', code: 'closeRefused', row: 'stays' },
  { name: 'the session lost on Close', preset: 'session-lost', action: 'close', code: 'alreadyGone', row: 'leaves' },
  {
    name: 'the session lost on refresh',
    preset: 'session-lost',
    action: 'refresh',
    code: 'sessionLost',
    row: 'leaves',
  },
  {
    name: 'a session conflict on refresh',
    preset: 'session-conflict',
    action: 'refresh',
    code: 'sessionConflict',
    row: 'leaves',
  },
];

async function turnFaultsOn(preset: string): Promise<void> {
  await suite.page.getByLabel('Fault preset').selectOption(preset);
  await suite.page.getByRole('button', { name: 'Turn faults on' }).click();
  await waitForStatus(suite.page, 'Faults on.');
}

const rowButton = (pane: FrameLocator, name: string) => pane.getByRole('button', { name, exact: true });

const CASES = ROWS.flatMap((row) =>
  (['en-US', 'es-ES'] as const).map((language) => [row.name, language, row] as const),
);

it.each(CASES)('%s, in %s', async (_name, language, row) => {
  const { strings, problems } = LANGUAGES[language];
  if (language !== 'en-US') await chooseOnDevHost(suite.page, 'Office display language', language);
  const workbook = SEED_WORKBOOKS[row.workbook ?? 'presupuesto'];
  if (row.workbook !== undefined) await chooseOnDevHost(suite.page, 'Open workbook', workbook.itemId);
  const pane = suite.pane;
  const open = rowButton(pane, strings.openButton);

  let title = problems.problemTitle.open;
  if (row.action === 'open') {
    await turnFaultsOn(row.preset);
    await open.click();
  } else {
    // A session opened before the fault: its row is the one acted on.
    await open.click();
    const target = rowButton(
      pane,
      row.action === 'close' ? strings.row.closeLabel(workbook.name) : strings.row.refreshLabel(workbook.name),
    );
    await target.waitFor();
    await turnFaultsOn(row.preset);
    await target.click();
    title =
      row.action === 'close'
        ? problems.problemTitle.close(workbook.name)
        : problems.problemTitle.refresh(workbook.name);
  }

  const close = rowButton(pane, strings.row.closeLabel(workbook.name));
  if (row.code === 'alreadyGone') {
    // Nothing to do: the session is gone and its row leaves, with a notice and no error.
    await pane.getByText(strings.alreadyGoneNotice(workbook.name)).waitFor();
    await close.waitFor({ state: 'detached' });
    expect(await pane.getByRole('alert').count()).toBe(0);
    return;
  }

  const alert = pane.getByRole('alert').filter({ hasText: title });
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  expect(text).toContain(ERROR_CAUSES[row.code][language]);
  if (row.waitSeconds !== undefined) {
    // The wait is given as the time of day to try again ("… after 10:42:05 AM."), right after the cause.
    const [before = '', after = ''] = problems.retryAfter('\u0000').split('\u0000');
    expect(text).toContain(`${ERROR_CAUSES[row.code][language]} ${before}`);
    const time = text.slice(text.indexOf(before) + before.length).split(after)[0];
    expect(time).toMatch(/^\d{1,2}:\d{2}:\d{2}/);
  }
  expect(text).toContain(problems.details.code(row.code));
  // The one next step: Try again where the failure passes by itself, otherwise only Dismiss.
  const buttons = await alert.getByRole('button').allTextContents();
  const offered = buttons.filter((label) => label !== '' && label !== problems.details.copy);
  expect(offered).toEqual(ERROR_CAUSES[row.code].next === 'tryAgain' ? [strings.actions.tryAgain] : []);

  if (row.action === 'open') {
    expect((await emulatorState(suite.stack)).sessions).toEqual([]);
    expect(await close.count()).toBe(0);
  } else if (row.row === 'leaves') {
    await close.waitFor({ state: 'detached' });
  } else {
    expect(await close.isVisible()).toBe(true);
  }
});

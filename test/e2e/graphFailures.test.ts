/**
 * Where the workbook is, as real users meet it, handled by the middle tier and shown by the real
 * task pane (production build, Chromium): what happened and what to do. Each Graph failure of the
 * table of causes has its own test in errorCauses.test.ts. The expected wording is the pane's own strings, so the proof follows it.
 */
import { SEED_USERS, SEED_WORKBOOKS } from '../../src/emulator/directory/seed';
import { ERROR_CAUSES } from '../../src/taskpane/features/sessions/errorCauses';
import { enUS } from '../../src/taskpane/i18n/enUS';
import { esESProblems as es } from '../../src/taskpane/i18n/esESProblems';
import { chooseOnDevHost } from '../support/devHostPage';
import { useDevHostSuite } from '../support/devHostSuite';
import { forgetSessions } from '../support/paneActions';
import { emulatorState } from '../support/emulatorControl';
import { eventually } from '../support/eventually';

jest.setTimeout(60_000);

// Each test starts with no session: Graph's are reset by the suite, the middle tier's forgotten here
// (the pane asks before a second session on a workbook, which a left-over row would trigger).
const suite: ReturnType<typeof useDevHostSuite> = useDevHostSuite({
  beforeNavigate: () => forgetSessions(suite.stack),
});

async function alertText(title: string): Promise<string> {
  const alert = suite.pane.getByRole('alert').filter({ hasText: title });
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

it('a workbook Ana may not open: the pane says so in Spanish and what to do', async () => {
  await chooseOnDevHost(suite.page, 'Signed-in user', SEED_USERS.ana.oid);
  await chooseOnDevHost(suite.page, 'Open workbook', SEED_WORKBOOKS.board.itemId);
  await suite.pane.getByRole('button', { name: 'Abrir sesión' }).click();
  const text = await alertText(es.problemTitle.open);
  expect(text).toContain(ERROR_CAUSES.workbookAccessDenied['es-ES']);
  expect(text).toContain('workbookAccessDenied');
  const creates = (await emulatorState(suite.stack)).requests.filter((r) => r.path.endsWith('/driveItem'));
  expect(creates.map((r) => r.status)).toEqual([403]);
});

it('a workbook opened from the computer: the pane asks to save it to OneDrive or SharePoint and offers no session', async () => {
  await chooseOnDevHost(suite.page, 'Opened from', 'desktop');
  await suite.pane.getByText(enUS.unsavedWorkbook).waitFor();
  expect(await suite.pane.getByRole('button', { name: 'Open session' }).isDisabled()).toBe(true);
});

it('a document URL Excel reports only after onReady: the pane picks it up and offers the session on that workbook', async () => {
  // A workbook no earlier test opened, so the middle tier's registry has no session on it.
  const wb = SEED_WORKBOOKS.ventas;
  await chooseOnDevHost(suite.page, 'Open workbook', wb.itemId);
  await chooseOnDevHost(suite.page, 'Document URL', '3000');
  expect((await emulatorState(suite.stack)).hostContext).toMatchObject({
    documentUrlDelayMs: 3000,
    documentUrl: wb.webUrl,
  });
  await suite.pane.getByText(wb.name).waitFor({ timeout: 15_000 });
  // The click waits until the button is enabled (the list may still be loading).
  await suite.pane.getByRole('button', { name: 'Open session' }).click();
  // The emulator was reset for this test: the one Graph session is the one just opened on that workbook.
  await eventually(
    async () => (await emulatorState(suite.stack)).sessions.map((s) => [s.workbook.itemId, s.status]),
    [[wb.itemId, 'open']],
  );
});

/**
 * axe-core in the task pane, written once and run in each engine: no violation when empty, with
 * sessions, in the Close-all dialog, with an error and its details, and in Spanish. Each
 * engine computes colours, roles and names itself, so each is checked.
 */
import { clearFaults, setFaults } from '../../support/emulatorControl';
import { CLOSE_BUTTONS, forgetStackSessions, openSessions, useHost } from '../../support/engines/devHostSteps';
import { inside, role, text } from '../../support/engines/enginePage';
import { useEngineSuite } from '../../support/engines/engineSuite';
import { SEED_USERS } from '../../../src/emulator/directory/seed';

jest.setTimeout(180_000);
const suite: ReturnType<typeof useEngineSuite> = useEngineSuite({ beforeNavigate: () => forgetStackSessions(suite) });

async function violationsIn(state: string): Promise<{ state: string; violations: string[] }> {
  return { state, violations: await suite.page.axeViolations('pane') };
}

it('axe-core finds no violation: empty, with sessions, error with details, the Close-all dialog', async () => {
  const { page } = suite;
  await page.waitFor('pane', text('No open sessions'));
  expect(await violationsIn('empty')).toEqual({ state: 'empty', violations: [] });

  await openSessions(suite, 2);
  expect(await violationsIn('with sessions')).toEqual({ state: 'with sessions', violations: [] });

  // Graph refuses the next close: the error bar with its Details open.
  await setFaults(suite.stack, 1, [
    { route: 'closeSession', kind: 'graphError', count: 1, error: { status: 403, code: 'accessDenied' } },
  ]);
  await page.click('pane', CLOSE_BUTTONS);
  await page.click('pane', inside(text('Details'), 'alert'));
  expect(await violationsIn('error')).toEqual({ state: 'error', violations: [] });
  await clearFaults(suite.stack);
  await page.click('pane', inside(role('button', 'Dismiss'), 'alert'));

  await page.click('pane', role('button', 'Close all sessions'));
  await page.waitFor('pane', role('dialog', 'Close all 2 sessions?'));
  expect(await violationsIn('dialog')).toEqual({ state: 'dialog', violations: [] });
  await page.click('pane', inside(role('button', 'Cancel', { exact: true }), 'dialog'));
  await page.waitGone('pane', role('dialog'));
  expect(await violationsIn('after the dialog')).toEqual({ state: 'after the dialog', violations: [] });
});

it('axe-core finds no violation in Spanish, with a session', async () => {
  await useHost(suite, { userOid: SEED_USERS.megan.oid, displayLanguage: 'es-ES' });
  await suite.page.waitFor('pane', text('No hay sesiones de libro abiertas'));
  expect(await violationsIn('es-ES')).toEqual({ state: 'es-ES', violations: [] });
  await suite.page.click('pane', role('button', 'Abrir sesión de libro'));
  await suite.page.waitFor('pane', role('button', /^Cerrar la sesión de libro en /));
  expect(await violationsIn('es-ES, one session')).toEqual({ state: 'es-ES, one session', violations: [] });
});

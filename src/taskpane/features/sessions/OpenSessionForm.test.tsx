/**
 * The "Open session" form as a person meets it: what cannot work is said before the click (a
 * workbook in a personal OneDrive or on the computer), and the "Open another?" question can be
 * taken back with Escape as with Cancel.
 */
import { screen, within } from '@testing-library/react';
import { jsonResponse, sessionView } from '../../testing/fakeHttp';
import { DOC_URL, listRoute, renderPane } from '../../testing/renderPane';

const onThisWorkbook = (id: string) => {
  const view = sessionView({ id, name: 'Presupuesto 2027.xlsx', expiresAt: '2099-01-01T00:00:00.000Z' });
  return { ...view, workbook: { ...view.workbook, webUrl: DOC_URL } };
};
const current = onThisWorkbook('s-cur');

beforeEach(() => {
  window.localStorage.clear();
  window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
});

describe('where a session cannot be opened, the form says so before the click', () => {
  it.each([
    [
      'a personal OneDrive',
      'https://d.docs.live.net/8f2e3a1b9c0d4e5f/Documents/Presupuesto 2027.xlsx',
      'en-US',
      'This workbook is in a personal OneDrive. Sessions work only with OneDrive for work or school and SharePoint: save a copy there to open one.',
      'Open session',
    ],
    [
      'a file on the computer',
      'C:\\Users\\megan\\Documents\\Presupuesto 2027.xlsx',
      'en-US',
      'This workbook is saved on this computer. Save it to OneDrive for work or school or SharePoint to open a session.',
      'Open session',
    ],
    [
      'a personal OneDrive, in Spanish',
      'https://d.docs.live.net/8f2e3a1b9c0d4e5f/Documents/Presupuesto 2027.xlsx',
      'es-ES',
      'Este libro está en un OneDrive personal. Las sesiones de libro solo funcionan con OneDrive para el trabajo o la escuela y SharePoint: guarde allí una copia para abrir una.',
      'Abrir sesión de libro',
    ],
  ])('%s', async (_where, documentUrl, displayLanguage, explanation, openName) => {
    const { requestsTo } = renderPane({ host: { documentUrl, displayLanguage } });
    const open = (await screen.findByRole('button', { name: openName })) as HTMLButtonElement;
    const hint = screen.getByText(explanation);
    expect(screen.getByText('Presupuesto 2027.xlsx')).toBeTruthy();
    expect(open.disabled).toBe(true);
    expect(open.getAttribute('aria-describedby')).toBe(hint.id);
    expect((screen.getByRole('switch') as HTMLInputElement).disabled).toBe(true);
    expect(requestsTo('POST')).toHaveLength(0);
  });

  it('a workbook in SharePoint gets no such note', async () => {
    renderPane();
    const open = (await screen.findByRole('button', { name: 'Open session' })) as HTMLButtonElement;
    expect(open.disabled).toBe(false);
    expect(screen.queryByText(/personal OneDrive|on this computer/)).toBeNull();
  });
});

describe('"Open another?"', () => {
  it('Escape takes the question back and returns focus to Open session, opening nothing', async () => {
    const created = onThisWorkbook('s-new');
    const { user, requestsTo } = renderPane({
      route: listRoute(
        () => [current],
        (request) => (request.method === 'POST' ? jsonResponse(201, { session: created }) : jsonResponse(500, {})),
      ),
    });
    await screen.findByRole('button', { name: 'Close session on Presupuesto 2027.xlsx' });
    const open = screen.getByRole('button', { name: 'Open session' });
    await user.click(open);
    const question = screen.getByRole('group', {
      name: 'Presupuesto 2027.xlsx already has an open session. Open another one?',
    });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Open another' }));

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: /Open another one\?$/ })).toBeNull();
    expect(document.activeElement).toBe(open);
    expect(requestsTo('POST')).toHaveLength(0);

    // From Cancel's own focus too: Escape anywhere in the question.
    await user.click(open);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: /Open another one\?$/ })).toBeNull();
    expect(document.activeElement).toBe(open);
    expect(requestsTo('POST')).toHaveLength(0);
  });
});

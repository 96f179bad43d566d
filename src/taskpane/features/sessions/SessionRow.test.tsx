/**
 * A row's words and actions: every action named for what it does to which session (not by a
 * tooltip alone), Extend not sharing the list's Refresh icon or the keep-alive switch's word,
 * "Session 2 of 2" with its noun, and the mode saying whether changes are saved.
 */
import { screen, within } from '@testing-library/react';
import { sessionView } from '../../testing/fakeHttp';
import { renderPane } from '../../testing/renderPane';

beforeEach(() => {
  window.localStorage.clear();
  window.localStorage.setItem('workbook-sessions:about-dismissed', '1');
});

const far = '2099-01-01T00:00:00.000Z';
const rowOf = (element: HTMLElement): HTMLElement => element.closest('li') as HTMLElement;
/** The `<svg>` icon inside a button, by the path it draws (Fluent icons differ by path only). */
const iconPath = (button: HTMLElement): string => button.querySelector('svg path')?.getAttribute('d') ?? '';

describe('row actions', () => {
  it('name what they do to which session, with an accessible name and not only a tooltip', async () => {
    renderPane({ sessions: [sessionView({ id: 's-1', name: 'Budget.xlsx', expiresAt: far })] });
    const close = await screen.findByRole('button', { name: 'Close session on Budget.xlsx' });
    const row = rowOf(close);
    const extend = within(row).getByRole('button', { name: 'Extend the session on Budget.xlsx' });
    const excel = within(row).getByRole('link', { name: 'Open Budget.xlsx in Excel on the web' });
    for (const action of [close, extend, excel]) expect(action.getAttribute('aria-label')).toBeTruthy();
  });

  it('tell sessions on one workbook apart with a noun, and open the workbook itself in Excel', async () => {
    renderPane({
      sessions: [
        sessionView({ id: 's-a', name: 'Informe.xlsx', openedAt: '2026-03-02T09:00:00.000Z', expiresAt: far }),
        sessionView({ id: 's-b', name: 'Informe.xlsx', openedAt: '2026-03-02T09:05:00.000Z', expiresAt: far }),
      ],
    });
    const second = rowOf(await screen.findByRole('button', { name: 'Close session on Informe.xlsx (session 2 of 2)' }));
    expect(within(second).getByText('Session 2 of 2')).toBeTruthy();
    expect(
      within(second).getByRole('button', { name: 'Extend the session on Informe.xlsx (session 2 of 2)' }),
    ).toBeTruthy();
    expect(within(second).getByRole('link', { name: 'Open Informe.xlsx in Excel on the web' })).toBeTruthy();
  });

  it('say in Spanish too which session, with its noun', async () => {
    renderPane({
      host: { displayLanguage: 'es-ES' },
      sessions: [
        sessionView({ id: 's-a', name: 'Informe.xlsx', openedAt: '2026-03-02T09:00:00.000Z', expiresAt: far }),
        sessionView({ id: 's-b', name: 'Informe.xlsx', openedAt: '2026-03-02T09:05:00.000Z', expiresAt: far }),
      ],
    });
    const second = rowOf(
      await screen.findByRole('button', { name: 'Cerrar la sesión de libro en Informe.xlsx (sesión 2 de 2)' }),
    );
    expect(within(second).getByText('Sesión 2 de 2')).toBeTruthy();
    expect(
      within(second).getByRole('button', { name: 'Prolongar la sesión de libro en Informe.xlsx (sesión 2 de 2)' }),
    ).toBeTruthy();
    expect(within(second).getByRole('link', { name: 'Abrir Informe.xlsx en Excel para la Web' })).toBeTruthy();
  });

  it("Extend has an icon and a word of its own: not the list's Refresh, not the keep-alive switch's", async () => {
    renderPane({ sessions: [sessionView({ id: 's-1', name: 'Budget.xlsx', expiresAt: far })] });
    const extend = await screen.findByRole('button', { name: 'Extend the session on Budget.xlsx' });
    const reload = screen.getByRole('button', { name: 'Refresh' });
    expect(iconPath(extend)).not.toBe('');
    expect(iconPath(extend)).not.toBe(iconPath(reload));
    expect(extend.getAttribute('aria-label')).not.toMatch(/refresh|alive/i);
  });
});

describe('the mode', () => {
  it('says whether changes are saved', async () => {
    renderPane({
      sessions: [
        sessionView({ id: 's-p', name: 'Saved.xlsx', persistChanges: true, expiresAt: far }),
        sessionView({ id: 's-v', name: 'Scratch.xlsx', persistChanges: false, expiresAt: far }),
      ],
    });
    const saved = rowOf(await screen.findByRole('button', { name: 'Close session on Saved.xlsx' }));
    const scratch = rowOf(screen.getByRole('button', { name: 'Close session on Scratch.xlsx' }));
    expect(saved.textContent).toContain('Persistent: changes are saved');
    expect(scratch.textContent).toContain("View-only: changes aren't saved");
  });
});

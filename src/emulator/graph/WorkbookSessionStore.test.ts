import { InMemoryWorkbookSessionStore } from './WorkbookSessionStore';

const workbook = { driveId: 'b!drive', itemId: '01ITEM', name: 'Book.xlsx' };
const MEGAN = 'megan-oid';
const ANA = 'ana-oid';
const MINUTE = 60 * 1000;

function setup(): { store: InMemoryWorkbookSessionStore; advance: (ms: number) => void } {
  let now = Date.parse('2027-01-01T00:00:00Z');
  return { store: new InMemoryWorkbookSessionStore(() => now), advance: (ms) => (now += ms) };
}

describe('InMemoryWorkbookSessionStore', () => {
  it('keeps a persistent session alive while refreshed and expires it after 5 idle minutes', () => {
    const { store, advance } = setup();
    const { id } = store.create({ workbook, userOid: MEGAN, persistChanges: true, displayLanguage: 'en-US' });
    advance(4 * MINUTE);
    expect(store.refresh(id, MEGAN, workbook)).toBe('ok');
    advance(4 * MINUTE);
    expect(store.refresh(id, MEGAN, workbook)).toBe('ok');
    advance(5 * MINUTE);
    expect(store.list()[0]?.status).toBe('expired');
    expect(store.refresh(id, MEGAN, workbook)).toBe('notFound');
    expect(store.close(id, MEGAN, workbook)).toBe('notFound');
  });

  it('gives a view-only session 7 idle minutes', () => {
    const { store, advance } = setup();
    const { id } = store.create({ workbook, userOid: MEGAN, persistChanges: false, displayLanguage: 'en-US' });
    advance(6 * MINUTE);
    expect(store.list()[0]?.status).toBe('open');
    advance(MINUTE);
    expect(store.list()[0]?.status).toBe('expired');
    expect(store.refresh(id, MEGAN, workbook)).toBe('notFound');
  });

  it('hides a session from another user and from another workbook', () => {
    const { store } = setup();
    const { id } = store.create({ workbook, userOid: MEGAN, persistChanges: true, displayLanguage: 'en-US' });
    expect(store.refresh(id, ANA, workbook)).toBe('notFound');
    expect(store.close(id, MEGAN, { driveId: workbook.driveId, itemId: '01OTHER' })).toBe('notFound');
    expect(store.refresh('unknown', MEGAN, workbook)).toBe('notFound');
    expect(store.list()[0]?.status).toBe('open');
  });

  it('closes once, records when, and forgets everything on reset', () => {
    const { store, advance } = setup();
    const { id } = store.create({ workbook, userOid: MEGAN, persistChanges: true, displayLanguage: 'en-US' });
    advance(MINUTE);
    expect(store.close(id, MEGAN, workbook)).toBe('ok');
    expect(store.close(id, MEGAN, workbook)).toBe('notFound');
    expect(store.list()).toEqual([
      expect.objectContaining({
        id,
        status: 'closed',
        createdAt: '2027-01-01T00:00:00.000Z',
        closedAt: '2027-01-01T00:01:00.000Z',
        lastActivityAt: '2027-01-01T00:01:00.000Z',
      }),
    ]);
    store.reset();
    expect(store.list()).toEqual([]);
  });
});

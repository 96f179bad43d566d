import { sessionView } from '../../testing/fakeHttp';
import { arrangeRows, sessionsOnDocument } from './rowModel';

const url = (name: string): string => `https://contoso.sharepoint.com/sites/A/Shared Documents/${name}`;
const make = (id: string, name: string, openedAt: string) => ({
  ...sessionView({ id, name, openedAt }),
  workbook: { driveId: 'd', itemId: name, name, webUrl: url(name) },
});

describe('arrangeRows', () => {
  const a1 = make('a1', 'A.xlsx', '2026-03-02T09:00:00Z');
  const a2 = make('a2', 'A.xlsx', '2026-03-02T09:30:00Z');
  const b = make('b', 'B.xlsx', '2026-03-02T09:45:00Z');
  const c = make('c', 'C.xlsx', '2026-03-02T08:00:00Z');

  it('puts the current workbook first, then the rest newest first', () => {
    expect(arrangeRows([c, a1, b, a2], url('C.xlsx')).map((r) => [r.session.id, r.isCurrent])).toEqual([
      ['c', true],
      ['b', false],
      ['a2', false],
      ['a1', false],
    ]);
  });

  it('numbers sessions that share a workbook by age', () => {
    const rows = arrangeRows([a2, b, a1], null);
    expect(rows.map((r) => [r.session.id, r.ordinal])).toEqual([
      ['b', undefined],
      ['a2', { n: 2, of: 2 }],
      ['a1', { n: 1, of: 2 }],
    ]);
  });

  it('counts the live sessions already open on a document', () => {
    expect(sessionsOnDocument([a1, a2, { ...b, status: 'expired' }], url('A.xlsx'))).toHaveLength(2);
    expect(sessionsOnDocument([{ ...b, status: 'expired' }], url('B.xlsx'))).toHaveLength(0);
  });

  it('treats every session on the open drive item alike, whichever URL form it carries', () => {
    // Opened by ids elsewhere: Graph's Doc.aspx link, on the same drive item as a1.
    const byIds = {
      ...make('x', 'A.xlsx', '2026-03-02T10:00:00Z'),
      workbook: {
        ...a1.workbook,
        webUrl: 'https://contoso.sharepoint.com/sites/Other/_layouts/15/Doc.aspx?sourcedoc=%7B1%7D&file=Copy.xlsx',
      },
    };
    expect(arrangeRows([b, byIds, a1], url('A.xlsx')).map((r) => [r.session.id, r.isCurrent])).toEqual([
      ['x', true],
      ['a1', true],
      ['b', false],
    ]);
    expect(sessionsOnDocument([b, byIds, a1], url('A.xlsx')).map((s) => s.id)).toEqual(['x', 'a1']);
  });
});

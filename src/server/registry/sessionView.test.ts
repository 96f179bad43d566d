import type { SessionRecord } from './SessionStore';
import { toSessionView } from './sessionView';

const record = (webUrl: string | null): SessionRecord => ({
  id: '3f1e2d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
  tenantId: 't',
  userOid: 'u',
  driveId: 'd',
  itemId: 'i',
  workbookName: 'Budget.xlsx',
  webUrl,
  persistChanges: true,
  graphSessionId: 'g',
  status: 'open',
  openedAt: 0,
  lastActivityAt: 0,
});

describe('toSessionView', () => {
  it('passes an https workbook link through', () => {
    expect(toSessionView(record('https://contoso.sharepoint.com/sites/x/Budget.xlsx'), 0).workbook.webUrl).toBe(
      'https://contoso.sharepoint.com/sites/x/Budget.xlsx',
    );
  });

  it.each([
    'javascript:alert(document.domain)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://contoso.sharepoint.com/x.xlsx',
    'https://user:pw@contoso.sharepoint.com/x.xlsx',
    'not a url',
  ])('shows a stored link %s as no link', (webUrl) => {
    expect(toSessionView(record(webUrl), 0).workbook.webUrl).toBeNull();
  });
});

import { contosoSeed, SEED_USERS, SEED_WORKBOOKS } from './seed';
import { InMemoryDirectoryStore, normaliseDocumentUrl } from './DirectoryStore';

describe('InMemoryDirectoryStore', () => {
  const directory = new InMemoryDirectoryStore(() => contosoSeed());

  it('finds a workbook by its document URL with raw or percent-encoded spaces', () => {
    const url = SEED_WORKBOOKS.presupuesto.webUrl;
    expect(directory.findWorkbookByUrl(url)?.itemId).toBe(SEED_WORKBOOKS.presupuesto.itemId);
    expect(directory.findWorkbookByUrl(url.replace(/ /g, '%20'))?.itemId).toBe(SEED_WORKBOOKS.presupuesto.itemId);
    expect(directory.findWorkbookByUrl('https://contoso.sharepoint.com/sites/Finanzas/Otro.xlsx')).toBeUndefined();
    expect(normaliseDocumentUrl('https://x/%E0%A4%A')).toBe('https://x/%E0%A4%A');
  });

  it('opens team-site files to everyone and OneDrive files to their owner only', () => {
    const siteFile = SEED_WORKBOOKS.presupuesto;
    const meganFile = SEED_WORKBOOKS.forecast;
    expect(directory.canAccess(SEED_USERS.ana.oid, siteFile)).toBe(true);
    expect(directory.canAccess(SEED_USERS.megan.oid, meganFile)).toBe(true);
    expect(directory.canAccess(SEED_USERS.ana.oid, meganFile)).toBe(false);
    expect(directory.canAccess('not-a-user', siteFile)).toBe(false);
  });

  it('uses realistic Graph id shapes', () => {
    for (const w of directory.workbooks()) {
      expect(w.driveId).toMatch(/^b![A-Za-z0-9_-]{40,}$/);
      expect(w.itemId).toMatch(/^01[A-Z2-7]{32}$/);
      expect(w.name).toMatch(/\.xlsx$/);
    }
  });
});

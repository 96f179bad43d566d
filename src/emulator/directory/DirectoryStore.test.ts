import { directorySeed, FABRIKAM_USERS, FABRIKAM_WORKBOOKS, SEED_USERS, SEED_WORKBOOKS } from './seed';
import { docAspxSourceDoc, InMemoryDirectoryStore, normaliseDocumentUrl, siteUrlOf } from './DirectoryStore';

describe('InMemoryDirectoryStore', () => {
  const directory = new InMemoryDirectoryStore(() => directorySeed());
  beforeEach(() => directory.reset());

  it('finds a workbook by its document URL with raw or percent-encoded spaces', () => {
    const url = SEED_WORKBOOKS.presupuesto.webUrl;
    expect(directory.findWorkbookByUrl(url)?.itemId).toBe(SEED_WORKBOOKS.presupuesto.itemId);
    expect(directory.findWorkbookByUrl(url.replace(/ /g, '%20'))?.itemId).toBe(SEED_WORKBOOKS.presupuesto.itemId);
    expect(directory.findWorkbookByUrl('https://contoso.sharepoint.com/sites/Finanzas/Otro.xlsx')).toBeUndefined();
    expect(normaliseDocumentUrl('https://x/%E0%A4%A')).toBe('https://x/%E0%A4%A');
  });

  it('opens a file to its owner and to those it is shared with: its whole tenant or listed users', () => {
    const { megan, ana } = SEED_USERS;
    const diego = FABRIKAM_USERS.diego;
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.presupuesto)).toBe(true);
    expect(directory.canAccess(diego.oid, SEED_WORKBOOKS.presupuesto)).toBe(false);
    expect(directory.canAccess(diego.oid, FABRIKAM_WORKBOOKS.orders)).toBe(true);
    expect(directory.canAccess(megan.oid, SEED_WORKBOOKS.forecast)).toBe(true);
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.forecast)).toBe(false);
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.plan)).toBe(true);
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.board)).toBe(false);
    expect(directory.canAccess(megan.oid, SEED_WORKBOOKS.board)).toBe(true);
    expect(directory.canAccess('not-a-user', SEED_WORKBOOKS.presupuesto)).toBe(false);
  });

  it('changes sharing at run time and restores it on reset', () => {
    const { ana } = SEED_USERS;
    expect(directory.share(SEED_WORKBOOKS.forecast.itemId, [ana.oid, ana.oid])?.sharedWith).toEqual([ana.oid]);
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.forecast)).toBe(true);
    expect(directory.share(SEED_WORKBOOKS.presupuesto.itemId, [])?.sharedWith).toEqual([]);
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.presupuesto)).toBe(false);
    expect(directory.share('01NOSUCHITEM', 'tenant')).toBeUndefined();
    directory.reset();
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.forecast)).toBe(false);
    expect(directory.canAccess(ana.oid, SEED_WORKBOOKS.presupuesto)).toBe(true);
  });

  it('knows both tenants, the configured one first, and puts users and files in their tenant', () => {
    expect(directory.tenants().map((t) => t.displayName)).toEqual(['Contoso', 'Fabrikam']);
    expect(directory.tenantId).toBe(directory.tenants()[0]?.id);
    expect(directory.findUser(FABRIKAM_USERS.diego.oid)?.tenantId).toBe(directory.tenants()[1]?.id);
    expect(directory.isKnownTenant(directory.tenants()[1]?.id.toUpperCase() ?? '')).toBe(true);
    expect(directory.isKnownTenant('00000000-0000-4000-8000-000000000000')).toBe(false);
  });

  it("finds a file by Graph's Doc.aspx webUrl (sourcedoc GUID, any case, with or without braces) on its own site only", () => {
    const wb = SEED_WORKBOOKS.presupuesto;
    const site = siteUrlOf(wb.webUrl);
    expect(site).toBe('https://contoso.sharepoint.com/sites/Finanzas');
    expect(siteUrlOf(SEED_WORKBOOKS.forecast.webUrl)).toBe(
      'https://contoso-my.sharepoint.com/personal/megan_contoso_onmicrosoft_com',
    );
    const docAspx = `${site}/_layouts/15/Doc.aspx?sourcedoc=%7B${wb.uniqueId.toLowerCase()}%7D&file=Presupuesto%202027.xlsx&action=default`;
    expect(docAspxSourceDoc(docAspx)).toEqual({ site, uniqueId: wb.uniqueId });
    expect(directory.findWorkbookByUrl(docAspx)?.itemId).toBe(wb.itemId);
    expect(directory.findWorkbookByUrl(docAspx.replace('%7B', '').replace('%7D', ''))?.itemId).toBe(wb.itemId);
    expect(directory.findWorkbookByUrl(docAspx.replace('/sites/Finanzas', '/sites/Ventas'))).toBeUndefined();
  });

  it('uses realistic Graph id shapes', () => {
    for (const w of directory.workbooks()) {
      expect(w.driveId).toMatch(/^b![A-Za-z0-9_-]{40,}$/);
      expect(w.itemId).toMatch(/^01[A-Z2-7]{32}$/);
      expect(w.name).toMatch(/\.xlsx$/);
      expect(w.uniqueId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    }
  });
});

import { sameDocument, workbookLocation } from './workbookLocation';

describe('workbookLocation', () => {
  it.each([
    [
      'https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Q3 Forecast.xlsx',
      { kind: 'oneDrive', folder: '' },
    ],
    [
      'https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Plans/2027/Q3.xlsx',
      { kind: 'oneDrive', folder: 'Plans › 2027' },
    ],
    [
      'https://contoso.sharepoint.com/sites/Finanzas/Documentos%20compartidos/Presupuesto%202027.xlsx',
      { kind: 'site', site: 'Finanzas', folder: 'Documentos compartidos' },
    ],
    [
      'https://contoso.sharepoint.com/teams/Ops/Shared Documents/Planning/H.xlsx',
      { kind: 'site', site: 'Ops', folder: 'Shared Documents › Planning' },
    ],
    [
      'https://contoso.sharepoint.com/Shared Documents/Root.xlsx',
      { kind: 'site', site: 'contoso.sharepoint.com', folder: 'Shared Documents' },
    ],
    ['https://files.example.com/Root.xlsx', { kind: 'other', host: 'files.example.com' }],
    [
      'https://contoso.sharepoint.com/sites/Finanzas/_layouts/15/Doc.aspx?sourcedoc=%7B1%7D&file=Presupuesto%202027.xlsx&action=default',
      { kind: 'site', site: 'Finanzas', folder: '' },
    ],
    [
      'https://contoso-my.sharepoint.com/personal/megan_contoso_com/_layouts/15/Doc.aspx?sourcedoc=%7B2%7D&file=Q3.xlsx',
      { kind: 'oneDrive', folder: '' },
    ],
  ])('%s', (url, expected) => {
    expect(workbookLocation(url)).toEqual(expected);
  });

  it('has nothing to say without a usable URL', () => {
    expect(workbookLocation(null)).toBeNull();
    expect(workbookLocation('not a url')).toBeNull();
  });
});

describe('sameDocument', () => {
  it('matches encoded and unencoded forms and any host case', () => {
    expect(
      sameDocument(
        'https://Contoso.SharePoint.com/sites/A/Shared%20Documents/B.xlsx',
        'https://contoso.sharepoint.com/sites/A/Shared Documents/B.xlsx',
      ),
    ).toBe(true);
    expect(
      sameDocument('https://contoso.sharepoint.com/sites/A/B.xlsx', 'https://contoso.sharepoint.com/sites/A/C.xlsx'),
    ).toBe(false);
    expect(sameDocument(null, 'https://contoso.sharepoint.com/a.xlsx')).toBe(false);
  });

  it("matches Graph's Doc.aspx link to Office's document URL by site and file name", () => {
    const docAspx =
      'https://contoso.sharepoint.com/sites/Finanzas/_layouts/15/Doc.aspx?sourcedoc=%7Babc%7D&file=Presupuesto%202027.xlsx&action=default';
    expect(
      sameDocument(
        docAspx,
        'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto 2027.xlsx',
      ),
    ).toBe(true);
    expect(
      sameDocument(docAspx, 'https://contoso.sharepoint.com/sites/Ventas/Documentos compartidos/Presupuesto 2027.xlsx'),
    ).toBe(false);
    expect(
      sameDocument(docAspx, 'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Otro.xlsx'),
    ).toBe(false);
  });
});

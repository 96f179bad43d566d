import { unsupportedDocumentLocation } from './documentLocation';

describe('unsupportedDocumentLocation', () => {
  it.each([
    ['C:\\Users\\megan\\Documents\\Q3 Forecast.xlsx', 'localFile'],
    ['d:/work/Book1.xlsx', 'localFile'],
    ['\\\\fileserver\\finance\\Budget.xlsx', 'localFile'],
    ['/Users/megan/Documents/Budget.xlsx', 'localFile'],
    ['https://d.docs.live.net/4e1b2c3d4e5f6a7b/Documents/Budget.xlsx', 'personalOneDrive'],
    ['https://D.DOCS.LIVE.NET/4e1b2c3d4e5f6a7b/Budget.xlsx', 'personalOneDrive'],
  ])('%s is %s', (url, kind) => {
    expect(unsupportedDocumentLocation(url)).toBe(kind);
  });

  it.each([
    'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto 2027.xlsx',
    'https://contoso-my.sharepoint.com/personal/megan_contoso_onmicrosoft_com/Documents/Q3 Forecast.xlsx',
    'https://docs.live.net.evil.example/x.xlsx',
    'not a url',
  ])('leaves %s to Graph', (url) => {
    expect(unsupportedDocumentLocation(url)).toBeUndefined();
  });
});

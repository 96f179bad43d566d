import { workbookNameFromUrl } from './workbookName';

describe('workbookNameFromUrl', () => {
  it.each([
    [
      'https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Presupuesto%202027.xlsx',
      'Presupuesto 2027.xlsx',
    ],
    ['https://contoso.sharepoint.com/sites/finance/Shared Documents/Año fiscal.xlsx', 'Año fiscal.xlsx'],
    ['https://contoso-my.sharepoint.com/personal/ana/Documents/Libro%.xlsx', 'Libro%.xlsx'],
    ['https://contoso.sharepoint.com/', 'https://contoso.sharepoint.com/'],
    ['C:\\Users\\megan\\Documents\\Presupuesto 2027.xlsx', 'Presupuesto 2027.xlsx'],
    ['\\\\fileserver\\finanzas\\Ventas.xlsx', 'Ventas.xlsx'],
    ['/Users/megan/Documents/Ventas.xlsx', 'Ventas.xlsx'],
  ])('%s → %s', (url, name) => {
    expect(workbookNameFromUrl(url)).toBe(name);
  });
});

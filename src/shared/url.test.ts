import { isHttpsUrl } from './url';

describe('isHttpsUrl', () => {
  it.each([
    'https://contoso.sharepoint.com/sites/a/Doc.aspx?sourcedoc=x',
    'https://login.microsoftonline.com/organizations',
  ])('accepts %s', (value) => {
    expect(isHttpsUrl(value)).toBe(true);
  });

  it.each([
    'http://contoso.sharepoint.com/a.xlsx',
    'javascript:alert(1)',
    'data:text/html,hi',
    'https://user:pw@contoso.example/',
    '/relative',
    '',
  ])('refuses %s', (value) => {
    expect(isHttpsUrl(value)).toBe(false);
  });
});

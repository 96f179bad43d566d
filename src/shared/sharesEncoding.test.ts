import { decodeSharingUrl, encodeSharingUrl } from './sharesEncoding';

describe('encodeSharingUrl', () => {
  it('follows the documented example encoding (base64url, unpadded, u! prefix)', () => {
    // Graph docs: base64 of the UTF-8 URL, strip "=", "/"→"_", "+"→"-", prefix "u!".
    const url = 'https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1';
    const expected =
      'u!' + Buffer.from(url, 'utf8').toString('base64').replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-');
    expect(encodeSharingUrl(url)).toBe(expected);
    expect(encodeSharingUrl(url)).not.toMatch(/[=+/]/);
  });

  it('encodes non-ASCII document names as UTF-8', () => {
    const url = 'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto año 2027.xlsx';
    expect(decodeSharingUrl(encodeSharingUrl(url))).toBe(url);
    expect(Buffer.from(encodeSharingUrl(url).slice(2), 'base64url').toString('utf8')).toBe(url);
  });

  it('round-trips URLs of every padding length', () => {
    for (const url of ['https://a/b.xlsx', 'https://a/bc.xlsx', 'https://a/bcd.xlsx']) {
      expect(decodeSharingUrl(encodeSharingUrl(url))).toBe(url);
    }
  });
});

describe('decodeSharingUrl', () => {
  it.each([
    ['no prefix', 'aHR0cHM6Ly9h'],
    ['wrong prefix', 's!aHR0cHM6Ly9h'],
    ['empty body', 'u!'],
    ['padding', 'u!aHR0cHM6Ly9hLw=='],
    ['plain base64 characters', 'u!aHR0+cHM6/Ly9h'],
    ['impossible length', 'u!aHR0c'],
    ['not UTF-8', 'u!_w'],
  ])('rejects %s', (_label, id) => {
    expect(decodeSharingUrl(id)).toBeUndefined();
  });
});

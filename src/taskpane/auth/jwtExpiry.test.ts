import { readJwtExpiry, readJwtPayload, readJwtUsername } from './jwtExpiry';

/** An unsigned JWT with these claims, its payload base64url-encoded from UTF-8 as Entra encodes it. */
function jwt(claims: Record<string, unknown>): string {
  return `e30.${base64url(utf8Bytes(JSON.stringify(claims)))}.sig`;
}

/** Each UTF-8 byte of `text` as one character, as btoa takes binary. */
function utf8Bytes(text: string): string {
  return encodeURIComponent(text).replace(/%([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

function base64url(binary: string): string {
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('reading a JWT payload without verifying it', () => {
  it.each([
    ['a plain ASCII user name', 'megan@contoso.com', 'megan@contoso.com'],
    ['a non-ASCII user name, decoded as UTF-8', 'ana.garcía@contoso.es', 'ana.garcía@contoso.es'],
    ['a name with white space: no hint', 'Ana García', undefined],
    ['no name', undefined, undefined],
  ])('login hint from %s', (_what, name, hint) => {
    expect(readJwtUsername(jwt({ preferred_username: name }))).toBe(hint);
  });

  it('reads exp only when it is a positive number', () => {
    expect(readJwtExpiry(jwt({ exp: 1_900_000_000 }))).toBe(1_900_000_000);
    expect(readJwtExpiry(jwt({ exp: '1900000000' }))).toBeUndefined();
    expect(readJwtExpiry(jwt({}))).toBeUndefined();
  });

  it.each([
    ['two parts', 'a.b'],
    ['a payload that is not base64url JSON', 'e30.!!!.sig'],
    ['a JSON array', `e30.${base64url('[1]')}.sig`],
    ['bytes that are not UTF-8', `e30.${base64url('{\xff}')}.sig`],
  ])('answers nothing for %s', (_what, token) => {
    expect(readJwtPayload(token)).toBeUndefined();
  });
});

import { fakeJwt } from '../office/FakeOfficeHost';
import { preferenceKey } from '../ui/preferences';
import { accountFromToken, observedTokens } from './account';

describe('accountFromToken', () => {
  it('reads the name (UTF-8 included), tenant and object id', () => {
    const token = fakeJwt(1, { tid: 't', oid: 'o', name: 'Ana García', preferred_username: 'ana@contoso.com' });
    expect(accountFromToken(token)).toEqual({ name: 'Ana García', tenantId: 't', objectId: 'o' });
  });

  it('falls back to the sign-in name, and gives nothing without tid and oid', () => {
    expect(accountFromToken(fakeJwt(1, { tid: 't', oid: 'o', preferred_username: 'ana@contoso.com' }))?.name).toBe(
      'ana@contoso.com',
    );
    expect(accountFromToken(fakeJwt(1, { oid: 'o', name: 'x' }))).toBeNull();
    expect(accountFromToken('not-a-token')).toBeNull();
  });

  it('is reported for every token handed out, and the token itself passes unchanged', async () => {
    const seen: string[] = [];
    const source = observedTokens({ getToken: () => Promise.resolve('a.b.c') }, (token) => seen.push(token));
    await expect(source.getToken({ forceRefresh: true })).resolves.toBe('a.b.c');
    expect(seen).toEqual(['a.b.c']);
  });
});

describe('preferenceKey', () => {
  it('is stable, case-insensitive, does not contain the ids, and differs per user', () => {
    const key = preferenceKey('6F1C-TENANT', 'USER-OID');
    expect(key).toBe(preferenceKey('6f1c-tenant', 'user-oid'));
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(key).not.toContain('user');
    expect(preferenceKey('6f1c-tenant', 'other-oid')).not.toBe(key);
  });
});

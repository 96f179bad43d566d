// Authorization codes: single use, ten minutes on the emulator clock, bound to their request.
import { AuthorizationCodeStore, CODE_LIFETIME_MS } from './authorizeCodes';

const grant = {
  clientId: 'c',
  redirectUri: 'https://localhost:3000/dialog.html',
  codeChallenge: 'x'.repeat(43),
  scope: 'openid',
  userOid: 'u',
};

describe('AuthorizationCodeStore', () => {
  it('gives the grant back once, then says the code was already redeemed', () => {
    const codes = new AuthorizationCodeStore(() => 0);
    const code = codes.issue(grant);
    expect(code).toMatch(/^0\.A[\w-]{100,}$/);
    expect(codes.redeem(code)).toEqual({ kind: 'valid', grant });
    expect(codes.redeem(code)).toEqual({ kind: 'alreadyRedeemed' });
    expect(codes.redeem('0.Anothing')).toEqual({ kind: 'unknown' });
  });

  it('expires a code at ten minutes on its clock, and forgets all on reset', () => {
    let now = 1_000;
    const codes = new AuthorizationCodeStore(() => now);
    const late = codes.issue(grant);
    const kept = codes.issue(grant);
    now += CODE_LIFETIME_MS;
    expect(codes.redeem(late)).toEqual({ kind: 'expired' });
    codes.reset();
    expect(codes.redeem(kept)).toEqual({ kind: 'unknown' });
  });
});

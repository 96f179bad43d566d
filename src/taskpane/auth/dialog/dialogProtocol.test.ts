import { dialogUrl, encodeDialogAnswer, parseDialogAnswer, readDialogRequest } from './dialogProtocol';

const CLAIMS = '{"access_token":{"polids":{"essential":true,"values":["p1"]}}}';

describe('dialog protocol', () => {
  it('round-trips a request through the dialog URL', () => {
    const url = new URL(dialogUrl('https://addin.contoso.com', { prompt: 'consent', claims: CLAIMS }));
    expect(url.origin + url.pathname).toBe('https://addin.contoso.com/dialog.html');
    expect(readDialogRequest(url.search)).toEqual({ prompt: 'consent', claims: CLAIMS });
    const hinted = new URL(dialogUrl('https://addin.contoso.com', { loginHint: 'ana@contoso.com' }));
    expect(readDialogRequest(hinted.search)).toEqual({ loginHint: 'ana@contoso.com' });
    expect(readDialogRequest('?login_hint=a%20b')).toEqual({});
    expect(dialogUrl('https://addin.contoso.com', {})).toBe('https://addin.contoso.com/dialog.html');
  });

  it.each([
    ['?prompt=none', {}],
    ['?prompt=consent&prompt=login', { prompt: 'consent' }],
    ['?claims=not-json', {}],
    ['?claims=[1]', {}],
    [`?claims=${encodeURIComponent(JSON.stringify({ a: 'x'.repeat(5000) }))}`, {}],
  ])('drops what a URL should not carry: %s', (search, request) => {
    expect(readDialogRequest(search)).toEqual(request);
  });

  it('round-trips answers and refuses anything that is not one', () => {
    const token = { kind: 'token', accessToken: 'aaa.bbb.ccc' } as const;
    const error = { kind: 'error', failure: 'adminConsentRequired', code: 'access_denied' } as const;
    expect(parseDialogAnswer(encodeDialogAnswer(token))).toEqual(token);
    expect(parseDialogAnswer(encodeDialogAnswer(error))).toEqual(error);
    for (const bad of [
      '',
      'nope',
      '{}',
      JSON.stringify({ ...token, protocol: 'other' }),
      encodeDialogAnswer({ kind: 'token', accessToken: 'a b' }),
      encodeDialogAnswer({ ...error, failure: 'weird' as 'other' }),
    ]) {
      expect(parseDialogAnswer(bad)).toBeUndefined();
    }
  });
});

import { parseSupportContact, renderSupportPage, supportLanguage } from './supportPage';

describe('supportLanguage', () => {
  it.each([
    ['es', undefined, 'es'],
    ['EN-gb', 'es-ES', 'en'],
    [undefined, 'es-ES,es;q=0.9,en;q=0.8', 'es'],
    [undefined, 'fr-FR, en;q=0.5, es;q=0.7', 'es'],
    [undefined, 'de-DE', 'en'],
    [undefined, 'es;q=0, en', 'en'],
    ['fr', 'es', 'es'],
    [undefined, undefined, 'en'],
  ])('lang=%s, Accept-Language %s → %s', (lang, accept, expected) => {
    expect(supportLanguage(lang, accept)).toBe(expected);
  });
});

describe('SUPPORT_CONTACT', () => {
  it('is an email address or an https URL', () => {
    const problems: string[] = [];
    expect(parseSupportContact('helpdesk@contoso.com', problems)).toEqual({
      kind: 'email',
      address: 'helpdesk@contoso.com',
    });
    expect(parseSupportContact('https://contoso.sharepoint.com/sites/it/help', problems)).toEqual({
      kind: 'url',
      url: 'https://contoso.sharepoint.com/sites/it/help',
    });
    expect(parseSupportContact('', problems)).toBeNull();
    expect(problems).toEqual([]);
    expect(parseSupportContact('http://help.contoso.com', problems)).toBeNull();
    expect(parseSupportContact('javascript:alert(1)', problems)).toBeNull();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^SUPPORT_CONTACT /);
  });

  it('is escaped in the page', () => {
    const page = renderSupportPage('en', { kind: 'url', url: 'https://help.contoso.com/?a=1&b="2"' });
    expect(page).toContain('href="https://help.contoso.com/?a=1&amp;b=&quot;2&quot;"');
  });
});

import { createServer, type RunningServer } from '../app';
import { call, closeTestAgent } from '../testSupport/httpsCall';
import { startFakeUpstream, type FakeUpstream } from '../testSupport/fakeUpstream';
import { testConfig } from '../testSupport/testConfig';
import { parseSupportContact, renderSupportPage, supportLanguage, SUPPORT_PATH } from './supportPage';

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

describe(`GET ${SUPPORT_PATH}`, () => {
  let upstream: FakeUpstream;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    server = await createServer(
      testConfig(upstream.url, { supportContact: { kind: 'email', address: 'helpdesk@contoso.com' } }),
    );
    base = await server.listen();
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
    await closeTestAgent();
  });

  it('serves a static English page that says what the add-in does, how to get help and what data it touches', async () => {
    const res = await call(base, 'GET', SUPPORT_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-language']).toBe('en');
    expect(res.headers.vary).toContain('Accept-Language');
    expect(res.text).toContain('<html lang="en">');
    for (const heading of ['What it does', 'How to get help', 'What data it touches'])
      expect(res.text).toContain(`<h2>${heading}</h2>`);
    expect(res.text).toContain('mailto:helpdesk@contoso.com');
    expect(res.text).toContain('Files.ReadWrite');
    // Where Graph tokens rest: memory, the shared PostgreSQL cache (purged after 120 minutes), the registry while closing.
    expect(res.text).toMatch(
      /share one PostgreSQL database, also encrypted in that shared token cache, for up to 120 minutes/,
    );
    expect(res.text).not.toContain('<script');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('answers in Spanish for Accept-Language es-ES or ?lang=es, with a link to the other language', async () => {
    const byHeader = await call(base, 'GET', SUPPORT_PATH, { headers: { 'accept-language': 'es-ES,es;q=0.9' } });
    const byQuery = await call(base, 'GET', `${SUPPORT_PATH}?lang=es`);
    for (const res of [byHeader, byQuery]) {
      expect(res.headers['content-language']).toBe('es');
      expect(res.text).toContain('<html lang="es">');
      expect(res.text).toContain('<h2>Qué datos utiliza</h2>');
      expect(res.text).toContain(
        'también cifrados en esa caché de tokens compartida, durante un máximo de 120 minutos',
      );
      expect(res.text).toContain(`href="${SUPPORT_PATH}?lang=en"`);
    }
  });
});

import { call } from '../../support/httpsCall';
import { startTestServer, type TestServer } from '../../support/testServer';
import { SUPPORT_PATH } from '../../../src/server/support/supportPage';

describe(`GET ${SUPPORT_PATH}`, () => {
  let stack: TestServer;
  let base: string;

  beforeAll(async () => {
    stack = await startTestServer({ config: { supportContact: { kind: 'email', address: 'helpdesk@contoso.com' } } });
    base = stack.base;
  });
  afterAll(async () => stack.close());

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

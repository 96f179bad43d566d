import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { defaultOfficeJsDistDir, resolveCdnPath } from '../../../src/emulator/officeCdn/officeJsCdn';
import { startTestEmulator, type TestEmulator } from '../../support/testEmulator';

const dist = defaultOfficeJsDistDir();

describe('resolveCdnPath', () => {
  it('names files under the package only', () => {
    expect(resolveCdnPath(dist, '/lib/1/hosted/office.js')).toBe(join(dist, 'office.js'));
    expect(resolveCdnPath(dist, '/lib/1/hosted/en-us/office_strings.js')).toBe(
      join(dist, 'en-us', 'office_strings.js'),
    );
    for (const path of [
      '/lib/1/hosted/',
      '/lib/1/hosted/../package.json',
      '/lib/1/hosted/%2e%2e/package.json',
      '/lib/1/hosted/a//b',
      '/lib/1/hosted/%zz',
      '/lib/1/hosted/..%5Cpackage.json',
      '/other/office.js',
    ]) {
      expect([path, resolveCdnPath(dist, path)]).toEqual([path, undefined]);
    }
  });
});

describe('the office.js CDN of local mode', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.close());

  it.each(['office.js', 'excel-web-16.00.js', 'en-us/office_strings.js', 'es-es/office_strings.js'])(
    'serves %s byte for byte, as JavaScript, cacheable and readable by any origin',
    async (name) => {
      const response = await t.call(`/lib/1/hosted/${name}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(join(dist, name)))).toBe(true);
    },
  );

  it('answers 304 to a revalidation with Last-Modified', async () => {
    const first = await t.call('/lib/1/hosted/office.js');
    await first.arrayBuffer();
    const again = await t.call('/lib/1/hosted/office.js', {
      headers: { 'if-modified-since': String(first.headers.get('last-modified')) },
    });
    expect(again.status).toBe(304);
  });

  it('answers a plain 404 on its origin for a missing file, a folder and a traversal', async () => {
    for (const path of ['/lib/1/hosted/nothing.js', '/lib/1/hosted/en-us', '/lib/1/hosted/..%2F..%2Fpackage.json']) {
      const response = await request(`${t.emulator.origins.cdn}${path}`, { dispatcher: t.dispatcher });
      expect([path, response.statusCode, response.headers['content-type'], await response.body.text()]).toEqual([
        path,
        404,
        'text/plain; charset=utf-8',
        'Not found',
      ]);
    }
  });
});

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { request } from 'undici';
import { OFFICE_JS_CDN_URL } from '../config';
import { installErrorHandling } from '../errors/errorHandler';
import { addHostBridge, registerStaticFiles, rewriteOfficeJs } from './staticFiles';

describe('rewriteOfficeJs', () => {
  const local = 'https://localhost:3100/lib/1/hosted/office.js';

  it.each([
    ['double quotes', `<script src="${OFFICE_JS_CDN_URL}"></script>`],
    ['single quotes', `<script src='${OFFICE_JS_CDN_URL}'></script>`],
    ['no quotes (minified)', `<script src=${OFFICE_JS_CDN_URL}></script>`],
  ])('replaces the CDN script URL written with %s', (_label, html) => {
    expect(rewriteOfficeJs(html, local)).toBe(`<script src="${local}"></script>`);
  });

  it('leaves the page alone when office.js should come from the CDN', () => {
    const html = `<script src="${OFFICE_JS_CDN_URL}"></script>`;
    expect(rewriteOfficeJs(html, OFFICE_JS_CDN_URL)).toBe(html);
  });

  it('touches neither other scripts nor the URL outside a src attribute', () => {
    const html = `<!-- ${OFFICE_JS_CDN_URL} --><script src="${OFFICE_JS_CDN_URL}x"></script>`;
    expect(rewriteOfficeJs(html, local)).toBe(html);
  });

  it('escapes the new URL for an HTML attribute', () => {
    expect(rewriteOfficeJs(`<script src="${OFFICE_JS_CDN_URL}"></script>`, 'https://h/o.js?a=1&b="2"')).toBe(
      '<script src="https://h/o.js?a=1&amp;b=&quot;2&quot;"></script>',
    );
  });
});

describe('addHostBridge', () => {
  const local = 'https://localhost:3100/lib/1/hosted/office.js';
  const bridge = 'https://localhost:3100/_host/naa-bridge.js';

  it("adds the bridge script right after the office.js tag, before the add-in's own scripts", () => {
    const html = `<head><script src="${local}"></script><script defer src="taskpane.js"></script></head>`;
    expect(addHostBridge(html, local, bridge)).toBe(
      `<head><script src="${local}"></script><script src="${bridge}"></script><script defer src="taskpane.js"></script></head>`,
    );
  });

  it('leaves the page alone without a bridge URL or without an office.js tag', () => {
    const html = `<script src="${local}"></script>`;
    expect(addHostBridge(html, local, null)).toBe(html);
    expect(addHostBridge('<script src="other.js"></script>', local, bridge)).toBe('<script src="other.js"></script>');
  });
});

describe('registerStaticFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'taskpane.html'), `<script src="${OFFICE_JS_CDN_URL}"></script>`);
  writeFileSync(join(dir, 'assets', 'icon.png'), 'png');
  writeFileSync(join(dir, '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'manifest.xml'), '<OfficeApp/>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'js');
  writeFileSync(join(dir, 'assets', 'app.js.gz'), 'gz');
  writeFileSync(join(dir, 'assets', 'app.js.br'), 'br');
  // A link to itself: stat fails with ELOOP, an error other than "not found".
  symlinkSync('loop.js', join(dir, 'assets', 'loop.js'));
  const logLines: string[] = [];
  const logs = {
    stream: { write: (line: string) => void logLines.push(line) },
    clear: () => void logLines.splice(0),
    text: () => logLines.join(''),
    entries: () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
  const app = Fastify({ logger: { level: 'warn', stream: logs.stream } });
  installErrorHandling(app);
  const pagePolicy = (page: string): Record<string, string> => ({ 'content-security-policy': `${page}'s policy` });
  registerStaticFiles(app, dir, 'https://localhost:3100/lib/1/hosted/office.js', {
    taskpane: pagePolicy('taskpane'),
    dialog: pagePolicy('dialog'),
  });
  let base = '';
  beforeAll(async () => {
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const get = async (path: string): Promise<{ statusCode: number; body: string; csp: unknown; json: <T>() => T }> => {
    const res = await request(`${base}${path}`);
    const body = await res.body.text();
    return {
      statusCode: res.statusCode,
      body,
      csp: res.headers['content-security-policy'],
      json: <T>() => JSON.parse(body) as T,
    };
  };

  it('serves the pane with office.js from OFFICE_JS_URL, at / and by name', async () => {
    for (const url of ['/', '/taskpane.html']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('<script src="https://localhost:3100/lib/1/hosted/office.js"></script>');
      expect(res.csp).toBe("taskpane's policy");
    }
  });

  it('answers 404 routeNotFound for a page not built, a folder, a dotfile, a traversal, a missing file and a file named as a folder', async () => {
    for (const url of [
      '/dialog.html',
      '/assets',
      '/assets/',
      '/.env',
      '/..%2Fpackage.json',
      '/nothing.js',
      '/taskpane.html/',
      '/assets/icon.png/',
    ]) {
      const res = await get(url);
      expect([url, res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([
        url,
        404,
        'routeNotFound',
      ]);
    }
  });

  it('lets any origin read the development manifest (Excel on the web fetches it to sideload), and only it', async () => {
    const manifest = await request(`${base}/manifest.xml`, { headers: { origin: 'https://excel.cloud.microsoft' } });
    expect(await manifest.body.text()).toBe('<OfficeApp/>');
    expect(manifest.headers['access-control-allow-origin']).toBe('*');
    expect(manifest.headers['content-type']).toBe('application/xml; charset=utf-8');
    for (const path of ['/taskpane.html', '/assets/icon.png']) {
      const other = await request(`${base}${path}`, { headers: { origin: 'https://excel.cloud.microsoft' } });
      await other.body.dump();
      expect([path, other.headers['access-control-allow-origin']]).toEqual([path, undefined]);
    }
  });

  it('serves a built file, and its new content once it is rebuilt', async () => {
    expect((await get('/assets/icon.png')).body).toBe('png');
    writeFileSync(join(dir, 'assets', 'icon.png'), 'png, rebuilt');
    expect((await get('/assets/icon.png')).body).toBe('png, rebuilt');
  });

  it("answers 404 for the build's precompressed siblings, which are served only through Accept-Encoding", async () => {
    for (const url of ['/assets/app.js.gz', '/assets/app.js.br', '/assets/APP.JS.GZ']) {
      const res = await get(url);
      expect([url, res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([
        url,
        404,
        'routeNotFound',
      ]);
    }
    const res = await request(`${base}/assets/app.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect([res.statusCode, res.headers['content-encoding'], await res.body.text()]).toEqual([200, 'gzip', 'gz']);
  });

  it('answers 404 for an over-long path or segment before touching the disk, and logs neither a stack nor the folder', async () => {
    logs.clear();
    for (const url of [
      `/${'a'.repeat(15_000)}`,
      `/assets/${'a'.repeat(300)}`,
      `/assets/${'%C3%A9'.repeat(128)}.js`,
      `/${'a/'.repeat(600)}b`,
    ]) {
      const res = await get(url);
      expect([url.slice(0, 40), res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([
        url.slice(0, 40),
        404,
        'routeNotFound',
      ]);
    }
    expect(logs.text()).not.toContain(dir);
    expect(logs.text()).not.toContain('ENAMETOOLONG');
  });

  it('answers 404 when the disk fails otherwise, warning once with the error code and without the path', async () => {
    logs.clear();
    for (let i = 0; i < 3; i += 1) expect((await get('/assets/loop.js')).statusCode).toBe(404);
    const warnings = logs.entries().filter((entry) => entry.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'ELOOP' });
    expect(logs.text()).not.toContain(dir);
    expect(logs.entries().filter((entry) => Number(entry.level) >= 50)).toEqual([]);
  });
});

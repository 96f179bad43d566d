/**
 * The office.js CDN of local mode: the files of the `@microsoft/office-js` package under
 * `/lib/1/hosted/`, the path Microsoft serves them from
 * (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/referencing-the-javascript-api-for-office-library-from-its-cdn).
 * Each file is streamed from the package exactly as published: nothing is rewritten, so
 * office.js finds `excel-web-16.00.js` and its strings beside itself, as it does on the CDN.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import { type FastifyInstance } from 'fastify';

export const OFFICE_JS_CDN_PREFIX = '/lib/1/hosted/';

export interface OfficeJsCdnDeps {
  /** The package's `dist` folder (default: the installed `@microsoft/office-js`). */
  distDir?: string;
}

/** Content types of what the package holds; anything else is served as bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Like the CDN: cacheable for a day, revalidated by Last-Modified. */
const CACHE_CONTROL = 'public, max-age=86400';

export function defaultOfficeJsDistDir(): string {
  return join(dirname(require.resolve('@microsoft/office-js/package.json')), 'dist');
}

/** The file under `distDir` a request path names, or undefined when it leaves the folder or is not plain. */
export function resolveCdnPath(distDir: string, requestPath: string): string | undefined {
  if (!requestPath.startsWith(OFFICE_JS_CDN_PREFIX)) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(requestPath.slice(OFFICE_JS_CDN_PREFIX.length));
  } catch {
    return undefined;
  }
  if (rest === '' || rest.includes('\0') || rest.includes('\\')) return undefined;
  const segments = rest.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  const file = join(distDir, ...segments);
  const inside = relative(distDir, file);
  if (inside.startsWith('..') || inside.startsWith(sep)) return undefined;
  return file;
}

export function registerOfficeJsCdn(app: FastifyInstance, deps: OfficeJsCdnDeps = {}): void {
  const distDir = deps.distDir ?? defaultOfficeJsDistDir();

  app.get(`${OFFICE_JS_CDN_PREFIX}*`, async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const file = resolveCdnPath(distDir, path);
    const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
    // A CDN's own 404, the same the CDN origin gives a path of another service (serviceOrigins.ts).
    if (file === undefined || info === undefined || !info.isFile())
      return reply.code(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
    const lastModified = info.mtime.toUTCString();
    reply
      .header('cache-control', CACHE_CONTROL)
      .header('last-modified', lastModified)
      .header('access-control-allow-origin', '*')
      .header('x-content-type-options', 'nosniff');
    const since = request.headers['if-modified-since'];
    if (typeof since === 'string' && Date.parse(since) >= Math.floor(info.mtime.getTime() / 1000) * 1000)
      return reply.status(304).send();
    return reply
      .type(CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
      .header('content-length', String(info.size))
      .send(createReadStream(file));
  });
}

/**
 * Serves the task pane build (STATIC_DIR) at `/`. taskpane.html and dialog.html are read once at
 * start-up and kept in memory: when OFFICE_JS_URL is not Microsoft's CDN (local mode), their
 * office.js script URL is replaced by OFFICE_JS_URL, so the same production build runs against
 * the emulator's host.
 * Compression and caching rules: staticCaching.ts.
 *
 * A small file handler instead of @fastify/static: its v10 depends on an ESM-only package that
 * jest (CommonJS on Node 20) cannot load, and the build needs nothing beyond plain files.
 */
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OFFICE_JS_CDN_URL } from '../config';
import { createAppError } from '../errors/AppError';
import type { HeaderSet, SecurityHeaders } from './securityHeaders';
import {
  CACHE_POLICY,
  cachePolicyFor,
  compressAll,
  compressible,
  type ContentCoding,
  etagOf,
  notModified,
  negotiateEncoding,
} from './staticCaching';

export const TASKPANE_PAGE = 'taskpane.html';
/** The sign-in dialog page loads office.js too, so it gets the same rewrite. */
export const DIALOG_PAGE = 'dialog.html';
/**
 * The development manifest the dev server writes beside the pane. Excel on the web, sideloading
 * from a dev server, fetches it from its own origin (one of several Office hosts), so it needs
 * CORS; a manifest holds nothing secret, so any origin may read it.
 */
export const DEV_MANIFEST_PATH = '/manifest.xml';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const CDN_SRC_ATTRIBUTE = new RegExp(
  `src=(["']?)${OFFICE_JS_CDN_URL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\1(?=[\\s>])`,
  'g',
);

/**
 * The page with the CDN office.js URL swapped for `officeJsUrl`, inside src attributes only,
 * whether a minifier left the attribute quoted or not.
 */
export function rewriteOfficeJs(html: string, officeJsUrl: string): string {
  if (officeJsUrl === OFFICE_JS_CDN_URL) return html;
  const attr = `src="${escapeAttribute(officeJsUrl)}"`;
  return html.replace(CDN_SRC_ATTRIBUTE, () => attr);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

const OFFICE_JS_SCRIPT_TAG = /<script\b[^>]*\bsrc=(["']?)[^"'\s>]+\1[^>]*><\/script>/;

/**
 * The page with one more classic script right after office.js's tag (local mode's host bridge),
 * or unchanged when there is none or the page has no office.js tag.
 */
export function addHostBridge(html: string, officeJsUrl: string, bridgeUrl: string | null): string {
  if (bridgeUrl === null) return html;
  const officeSrc = escapeAttribute(officeJsUrl);
  const match = [...html.matchAll(new RegExp(OFFICE_JS_SCRIPT_TAG, 'g'))].find((m) => m[0].includes(officeSrc));
  if (match?.index === undefined) return html;
  const end = match.index + match[0].length;
  return `${html.slice(0, end)}<script src="${escapeAttribute(bridgeUrl)}"></script>${html.slice(end)}`;
}

function loadTaskpane(
  staticDir: string,
  officeJsUrl: string,
  name = TASKPANE_PAGE,
  bridgeUrl: string | null = null,
): string | undefined {
  try {
    return addHostBridge(
      rewriteOfficeJs(readFileSync(join(staticDir, name), 'utf8'), officeJsUrl),
      officeJsUrl,
      bridgeUrl,
    );
  } catch {
    return undefined;
  }
}

/**
 * The longest URL path and path segment (in UTF-8 bytes, once decoded) that can name a built file.
 * Filesystems refuse names over 255 bytes (NAME_MAX) with ENAMETOOLONG; no file of the build comes
 * near either bound, so longer paths are answered 404 before the disk is asked.
 */
const MAX_STATIC_PATH_BYTES = 1024;
const MAX_STATIC_SEGMENT_BYTES = 255;

/** Precompressed siblings written by the build: sent only as a content coding of their file. */
const PRECOMPRESSED_SUFFIXES = ['.gz', '.br'];

/** The path under `root` a URL path names, or undefined (bad encoding, traversal, dotfiles, over-long names, `.gz`/`.br` siblings). */
function resolveStaticPath(root: string, urlPath: string): string | undefined {
  if (urlPath.length > MAX_STATIC_PATH_BYTES * 3) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = decoded.split(/[\\/]/);
  if (
    Buffer.byteLength(decoded) > MAX_STATIC_PATH_BYTES ||
    segments.some((segment) => Buffer.byteLength(segment) > MAX_STATIC_SEGMENT_BYTES)
  )
    return undefined;
  if (decoded.includes('\0') || segments.some((segment) => segment.startsWith('.'))) return undefined;
  if (PRECOMPRESSED_SUFFIXES.some((suffix) => decoded.toLowerCase().endsWith(suffix))) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return file.startsWith(base + sep) ? file : undefined;
}

/** A file as it is served: its bytes, its compressed forms, and its validator. */
interface ServedFile {
  body: Buffer;
  encoded: Partial<Record<ContentCoding, Buffer>>;
  etag: string;
  contentType: string;
  /** For noticing a rebuild while the process runs. */
  mtimeMs: number;
  size: number;
}

/** Reads a built file and its `.br`/`.gz` siblings (written by the build); undefined if unreadable. */
function loadFile(file: string): ServedFile | undefined {
  try {
    const stat = statSync(file);
    const body = readFileSync(file);
    const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const encoded: Partial<Record<ContentCoding, Buffer>> = {};
    if (compressible(contentType)) {
      for (const [coding, suffix] of [
        ['br', '.br'],
        ['gzip', '.gz'],
      ] as const) {
        // A sibling older than the file is from an earlier build: not trusted.
        const sibling = `${file}${suffix}`;
        if (existsSync(sibling) && statSync(sibling).mtimeMs >= stat.mtimeMs) encoded[coding] = readFileSync(sibling);
      }
    }
    return { body, encoded, etag: etagOf(body), contentType, mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  served: Pick<ServedFile, 'body' | 'encoded' | 'etag' | 'contentType'>,
  cacheControl: string,
): FastifyReply {
  reply.header('cache-control', cacheControl).header('etag', served.etag).type(served.contentType);
  const codings = Object.keys(served.encoded) as ContentCoding[];
  if (codings.length > 0) reply.header('vary', 'Accept-Encoding');
  if (notModified(request.headers['if-none-match'], served.etag)) return reply.code(304).send();
  const coding = negotiateEncoding(request.headers['accept-encoding'], codings);
  const body = coding === undefined ? served.body : (served.encoded[coding] ?? served.body);
  if (coding !== undefined) reply.header('content-encoding', coding);
  return reply.header('content-length', body.length).send(body);
}

/**
 * `headers`: the pages' own security headers (securityHeaders.ts); other files keep every answer's.
 * `officeHostBridgeUrl`: local mode's nested app authentication bridge, loaded by the pane only
 * (the dialog page signs in with MSAL.js's redirect flow and needs no bridge).
 */
export function registerStaticFiles(
  app: FastifyInstance,
  staticDir: string,
  officeJsUrl: string,
  headers: Pick<SecurityHeaders, 'taskpane' | 'dialog'>,
  officeHostBridgeUrl: string | null = null,
): void {
  const page = loadTaskpane(staticDir, officeJsUrl, TASKPANE_PAGE, officeHostBridgeUrl);
  if (page === undefined)
    app.log.warn(
      { staticDir },
      `${TASKPANE_PAGE} not found: the task pane is not served (build it with "npm run build:web")`,
    );
  else if (officeJsUrl !== OFFICE_JS_CDN_URL && !page.includes(officeJsUrl.replace(/&/g, '&amp;'))) {
    app.log.warn(`${TASKPANE_PAGE} does not load office.js from ${OFFICE_JS_CDN_URL}; OFFICE_JS_URL was not applied`);
  }
  const taskpane = pageRoute(TASKPANE_PAGE, page, headers.taskpane);
  app.get('/', taskpane);
  app.get(`/${TASKPANE_PAGE}`, taskpane);
  app.get(`/${DIALOG_PAGE}`, pageRoute(DIALOG_PAGE, loadTaskpane(staticDir, officeJsUrl, DIALOG_PAGE), headers.dialog));

  const files = new Map<string, ServedFile>();
  // Filesystem error codes already warned about: one line each, not one a request.
  const warnedCodes = new Set<string>();
  const statOrNothing = (file: string): Stats | undefined => {
    try {
      return statSync(file, { throwIfNoEntry: false });
    } catch (error) {
      // ENOTDIR (a file named as a folder) is "not found"; anything else is worth one warning.
      // The error's message and path hold the absolute folder: only its code is logged.
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      if (code !== 'ENOTDIR' && !warnedCodes.has(code)) {
        warnedCodes.add(code);
        app.log.warn(
          { code },
          'a static file could not be read; answering 404 (further errors with this code are not logged)',
        );
      }
      return undefined;
    }
  };
  app.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // A trailing slash names a folder: `/taskpane.html/` would otherwise resolve to the page,
    // served without its office.js rewrite and with every relative script URL broken.
    const file = path.endsWith('/') ? undefined : resolveStaticPath(staticDir, path);
    // One stat a request: it tells a file from a folder or nothing, and a rebuilt file from the one cached.
    const stat = file === undefined ? undefined : statOrNothing(file);
    // The answer echoes a shortened path: an over-long one is the caller's own, not worth sending back.
    const named = path.length > 200 ? `${path.slice(0, 200)}…` : path;
    if (file === undefined || !stat?.isFile()) throw createAppError('routeNotFound', { message: `No file ${named}.` });
    let served = files.get(file);
    if (!served || stat.mtimeMs !== served.mtimeMs || stat.size !== served.size) {
      served = loadFile(file);
      if (served === undefined) throw createAppError('routeNotFound', { message: `No file ${named}.` });
      files.set(file, served);
    }
    if (path === DEV_MANIFEST_PATH) reply.header('access-control-allow-origin', '*');
    return send(request, reply, served, cachePolicyFor(path));
  });
}

/** The route of a page that loads office.js (read once at start-up, its URL rewritten); 404 when it is not built. */
function pageRoute(
  name: string,
  html: string | undefined,
  headers: HeaderSet,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const body = html === undefined ? undefined : Buffer.from(html, 'utf8');
  const served = body && {
    body,
    encoded: compressAll(body),
    etag: etagOf(body),
    contentType: 'text/html; charset=utf-8',
  };
  return async (request, reply) => {
    if (!served) throw createAppError('routeNotFound', { message: `${name} is not built.` });
    reply.headers(headers);
    return send(request, reply, served, CACHE_POLICY.revalidate);
  };
}

/**
 * How each static file travels: compressed when the browser accepts it, with a validator, and
 * with the caching its name allows.
 *
 * - Files whose names carry a content hash (`taskpane.1a2b3c4d.js`) never change: cached for a
 *   year and `immutable`, so a reopened pane does not even revalidate them
 *   (https://developer.mozilla.org/docs/Web/HTTP/Headers/Cache-Control#immutable).
 * - The page itself is `no-cache` with an ETag: always revalidated (a new deployment's script
 *   names are picked up at once), answered `304` when unchanged.
 * - Icons (`assets/`) are cached for a day: the manifest names them without a hash.
 * - Brotli when accepted, else gzip (https://www.rfc-editor.org/rfc/rfc9110#name-accept-encoding);
 *   the build writes `.br` and `.gz` siblings, so nothing is compressed per request.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

export type ContentCoding = 'br' | 'gzip';

export const HASHED_FILE = /\.[0-9a-f]{8,}\.(?:js|css|mjs)$/;

export const CACHE_POLICY = {
  immutable: 'public, max-age=31536000, immutable',
  icon: 'public, max-age=86400',
  revalidate: 'no-cache',
} as const;

/** The Cache-Control for a URL path under the static root. */
export function cachePolicyFor(urlPath: string): string {
  if (HASHED_FILE.test(urlPath)) return CACHE_POLICY.immutable;
  if (urlPath.startsWith('/assets/')) return CACHE_POLICY.icon;
  return CACHE_POLICY.revalidate;
}

/** Types worth compressing (images and fonts are compressed already). */
export function compressible(contentType: string): boolean {
  return /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/.test(contentType);
}

/**
 * The coding to answer with, from an Accept-Encoding header: br over gzip (smaller), honouring
 * q-values (`q=0` refuses) and `*`. Undefined: send the file as it is.
 */
export function negotiateEncoding(
  acceptEncoding: string | undefined,
  available: readonly ContentCoding[],
): ContentCoding | undefined {
  if (!acceptEncoding || available.length === 0) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: ContentCoding): number => weights.get(coding) ?? weights.get('*') ?? 0;
  let best: ContentCoding | undefined;
  for (const coding of (['br', 'gzip'] as const).filter((c) => available.includes(c))) {
    if (weightOf(coding) > 0 && (best === undefined || weightOf(coding) > weightOf(best))) best = coding;
  }
  return best;
}

/** A strong validator from the content (https://www.rfc-editor.org/rfc/rfc9110#name-etag). */
export function etagOf(content: Buffer | string): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header matches the ETag (weak comparison, as for GET). */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The page's encodings, made once at start (it is rewritten per deployment, so not at build time). */
export function compressAll(content: Buffer): Record<ContentCoding, Buffer> {
  return {
    br: brotliCompressSync(content, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length },
    }),
    gzip: gzipSync(content, { level: 9 }),
  };
}

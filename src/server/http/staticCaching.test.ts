import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  CACHE_POLICY,
  cachePolicyFor,
  compressAll,
  compressible,
  etagOf,
  negotiateEncoding,
  notModified,
} from './staticCaching';

describe('negotiateEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', ['br', 'gzip'], 'br'],
    ['gzip, deflate', ['br', 'gzip'], 'gzip'],
    ['br;q=0, gzip', ['br', 'gzip'], 'gzip'],
    ['br;q=0.5, gzip;q=0.8', ['br', 'gzip'], 'gzip'],
    ['*', ['br', 'gzip'], 'br'],
    ['*;q=0', ['br', 'gzip'], undefined],
    ['identity', ['br', 'gzip'], undefined],
    ['br', ['gzip'], undefined],
    [undefined, ['br', 'gzip'], undefined],
    ['BR', ['br'], 'br'],
  ] as const)('%p with %p available → %p', (header, available, expected) => {
    expect(negotiateEncoding(header, available)).toBe(expected);
  });
});

describe('cachePolicyFor', () => {
  it('caches content-hashed files for a year, icons for a day, and revalidates the rest', () => {
    expect(cachePolicyFor('/taskpane.1a2b3c4d.js')).toBe(CACHE_POLICY.immutable);
    expect(cachePolicyFor('/griffel.a923c986.css')).toBe(CACHE_POLICY.immutable);
    expect(cachePolicyFor('/assets/icon-32.png')).toBe(CACHE_POLICY.icon);
    expect(cachePolicyFor('/taskpane.html')).toBe(CACHE_POLICY.revalidate);
    expect(cachePolicyFor('/taskpane.js')).toBe(CACHE_POLICY.revalidate);
    expect(CACHE_POLICY.immutable).toContain('immutable');
  });
});

describe('validators', () => {
  it('matches an If-None-Match list, weak or strong, and *', () => {
    const etag = etagOf('hello');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(notModified(etag, etag)).toBe(true);
    expect(notModified(`"other", W/${etag}`, etag)).toBe(true);
    expect(notModified('*', etag)).toBe(true);
    expect(notModified('"other"', etag)).toBe(false);
    expect(notModified(undefined, etag)).toBe(false);
    expect(etagOf('hello!')).not.toBe(etag);
  });
});

describe('compression', () => {
  it('round-trips, and only text-like types are worth it', () => {
    const page = Buffer.from('<!doctype html>'.repeat(100));
    const { br, gzip } = compressAll(page);
    expect(brotliDecompressSync(br).equals(page)).toBe(true);
    expect(gunzipSync(gzip).equals(page)).toBe(true);
    expect(br.length).toBeLessThan(page.length / 10);
    expect(compressible('text/javascript; charset=utf-8')).toBe(true);
    expect(compressible('image/svg+xml')).toBe(true);
    expect(compressible('image/png')).toBe(false);
  });
});

/**
 * Document URL → drive item, remembered per user for a while so reopening a session on the same
 * workbook does not call `/shares` again. Per user (tenant + oid + URL), never shared between
 * users: whether a URL resolves, and to what, depends on who asks. Bounded in size (least
 * recently used entries go first) and in age (an entry older than the TTL is a miss), so a
 * moved or re-permissioned file is seen again soon. Only successful resolutions are cached.
 */
import type { WorkbookRef } from '../../shared/api';

export interface SharesCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export const DEFAULT_SHARES_CACHE = { ttlMs: 5 * 60_000, maxEntries: 1000 } as const;

interface Entry {
  location: WorkbookRef;
  storedAt: number;
}

export class SharesCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: SharesCacheOptions = DEFAULT_SHARES_CACHE) {
    if (!(options.ttlMs > 0) || !Number.isInteger(options.maxEntries) || options.maxEntries < 1)
      throw new RangeError('ttlMs and maxEntries must be positive');
    this.now = options.now ?? Date.now;
  }

  static key(tenantId: string, userOid: string, documentUrl: string): string {
    return JSON.stringify([tenantId, userOid, documentUrl]);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): WorkbookRef | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.storedAt >= this.options.ttlMs) return undefined;
    this.entries.set(key, entry);
    return { ...entry.location };
  }

  set(key: string, location: WorkbookRef): void {
    this.entries.delete(key);
    this.entries.set(key, { location: { ...location }, storedAt: this.now() });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Forgets one entry (e.g. Graph said the workbook is gone). */
  delete(key: string): void {
    this.entries.delete(key);
  }
}

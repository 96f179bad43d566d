/**
 * A registry row as a database driver returns it, checked field by field before it becomes a
 * SessionRecord: the registry may have been written by an older version, by hand, or corrupted,
 * and nothing read from it is trusted. Both stores use the same column names.
 */
import type { Log } from '../log';
import {
  RegistryRowError,
  STORED_SESSION_STATUSES,
  type ClaimedClose,
  type SessionRecord,
  type StoredSessionStatus,
} from './SessionStore';

export type RawRow = Record<string, unknown>;

/** The columns of a SessionRecord, in the order both stores select them. */
export const RECORD_COLUMNS =
  'id, tenant_id, user_oid, drive_id, item_id, workbook_name, web_url, persist_changes, graph_session_id, status, opened_at, last_activity_at';

export function toRecord(row: RawRow): SessionRecord {
  const id = typeof row.id === 'string' ? row.id : '(unknown)';
  const text = (name: string): string => {
    const value = row[name];
    if (typeof value !== 'string' || value === '') throw new RegistryRowError(id, `${name} is not a non-empty string`);
    return value;
  };
  const optionalText = (name: string): string | null => {
    const value = row[name];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw new RegistryRowError(id, `${name} is not a string or null`);
    return value;
  };
  const instant = (name: string): number => {
    const value = row[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
      throw new RegistryRowError(id, `${name} is not a timestamp`);
    return value;
  };
  const status = row.status;
  if (typeof status !== 'string' || !(STORED_SESSION_STATUSES as readonly string[]).includes(status)) {
    throw new RegistryRowError(id, `status ${JSON.stringify(status)} is unknown`);
  }
  // SQLite stores booleans as 0/1, PostgreSQL as booleans.
  const persist = row.persist_changes;
  if (persist !== 0 && persist !== 1 && persist !== true && persist !== false)
    throw new RegistryRowError(id, 'persist_changes is not a boolean');
  const graphSessionId = optionalText('graph_session_id');
  if (status !== 'opening' && graphSessionId === null)
    throw new RegistryRowError(id, `a ${status} session has no Graph session id`);
  return {
    id: text('id'),
    tenantId: text('tenant_id'),
    userOid: text('user_oid'),
    driveId: text('drive_id'),
    itemId: text('item_id'),
    workbookName: text('workbook_name'),
    webUrl: optionalText('web_url'),
    persistChanges: persist === 1 || persist === true,
    graphSessionId,
    status: status as StoredSessionStatus,
    openedAt: instant('opened_at'),
    lastActivityAt: instant('last_activity_at'),
  };
}

export function toClaimedClose(row: RawRow): ClaimedClose {
  const credential = row.close_credential;
  return { ...toRecord(row), closeCredential: typeof credential === 'string' && credential !== '' ? credential : null };
}

/**
 * Converts rows, leaving out (and logging) the ones that fail validation, so that one bad row
 * never hides the others. The log names the row id and the problem, never the row's contents.
 */
export function validRows<T>(rows: readonly RawRow[], convert: (row: RawRow) => T, log: Log): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(convert(row));
    } catch (error) {
      if (!(error instanceof RegistryRowError)) throw error;
      log.error(
        { registryRow: error.rowId, problem: error.problem },
        'skipped a malformed registry row (fix or delete it in the registry database)',
      );
    }
  }
  return out;
}

/** `SELECT status, COUNT(*) AS n … GROUP BY status` rows as a count per state (states with no rows → 0; unknown ones ignored). */
export function statusCounts(rows: readonly RawRow[]): Record<StoredSessionStatus, number> {
  const counts: Record<StoredSessionStatus, number> = { opening: 0, open: 0, closing: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    if (
      typeof row.status === 'string' &&
      (STORED_SESSION_STATUSES as readonly string[]).includes(row.status) &&
      Number.isSafeInteger(n) &&
      n >= 0
    ) {
      counts[row.status as StoredSessionStatus] = n;
    }
  }
  return counts;
}

/**
 * The order and names of the rows: the workbook open in Excel first (marked), then the rest,
 * newest first; several sessions on one workbook numbered by age ("2 of 3") so that both eyes
 * and screen readers can tell them apart.
 */
import { type SessionView } from '../../../shared/api';
import { sameDocument } from './workbookLocation';

export interface RowModel {
  session: SessionView;
  /** The session is on the workbook open in Excel. */
  isCurrent: boolean;
  /** Set when other sessions share this workbook: n-th oldest of `of`. */
  ordinal?: { n: number; of: number };
}

const workbookKey = (session: SessionView): string => `${session.workbook.driveId}\n${session.workbook.itemId}`;

/**
 * The drive items open in Excel: those of the sessions whose URL names the document. A drive item
 * is current as a whole, so a session opened by ids (Graph's Doc.aspx link, which shows no folders)
 * counts as soon as another session on the same item was opened from the document URL.
 */
function currentWorkbooks(sessions: readonly SessionView[], documentUrl: string | null): Set<string> {
  return new Set(sessions.filter((s) => sameDocument(s.workbook.webUrl, documentUrl)).map(workbookKey));
}

export function arrangeRows(sessions: readonly SessionView[], documentUrl: string | null): RowModel[] {
  const byWorkbook = new Map<string, SessionView[]>();
  for (const session of sessions) {
    const key = workbookKey(session);
    byWorkbook.set(key, [...(byWorkbook.get(key) ?? []), session]);
  }
  const ordinals = new Map<string, { n: number; of: number }>();
  for (const group of byWorkbook.values()) {
    if (group.length < 2) continue;
    const oldestFirst = [...group].sort(
      (a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || a.id.localeCompare(b.id),
    );
    oldestFirst.forEach((session, index) => ordinals.set(session.id, { n: index + 1, of: group.length }));
  }
  const currentKeys = currentWorkbooks(sessions, documentUrl);
  const rows = sessions.map((session): RowModel => {
    const ordinal = ordinals.get(session.id);
    const row: RowModel = { session, isCurrent: currentKeys.has(workbookKey(session)) };
    if (ordinal) row.ordinal = ordinal;
    return row;
  });
  return rows.sort(
    (a, b) =>
      Number(b.isCurrent) - Number(a.isCurrent) ||
      Date.parse(b.session.openedAt) - Date.parse(a.session.openedAt) ||
      a.session.id.localeCompare(b.session.id),
  );
}

/** Sessions already open on the workbook at `documentUrl` (to warn before opening another). */
export function sessionsOnDocument(sessions: readonly SessionView[], documentUrl: string | null): SessionView[] {
  const current = currentWorkbooks(sessions, documentUrl);
  return sessions.filter((s) => s.status !== 'expired' && s.status !== 'closing' && current.has(workbookKey(s)));
}

/**
 * A stored record as the API shows it: without the Graph session id or the owner, with the
 * derived `expiresAt` and the derived `expired` status for an open session idle past its lifetime.
 * A workbook link that is not https (a damaged or tampered row: `javascript:`, `data:`) is shown
 * as no link, so no client ever receives it.
 */
import type { SessionView, SessionStatus } from '../../shared/api';
import { expiresAtMs, isExpired } from '../../shared/sessionLifetime';
import { isHttpsUrl } from '../../shared/url';
import type { SessionRecord } from './SessionStore';

export function toSessionView(record: SessionRecord, nowMs: number): SessionView {
  const status: SessionStatus =
    record.status === 'open' && isExpired(record.lastActivityAt, record.persistChanges, nowMs)
      ? 'expired'
      : record.status;
  return {
    id: record.id,
    workbook: {
      driveId: record.driveId,
      itemId: record.itemId,
      name: record.workbookName,
      webUrl: record.webUrl !== null && isHttpsUrl(record.webUrl) ? record.webUrl : null,
    },
    persistChanges: record.persistChanges,
    openedAt: new Date(record.openedAt).toISOString(),
    lastActivityAt: new Date(record.lastActivityAt).toISOString(),
    expiresAt: new Date(expiresAtMs(record.lastActivityAt, record.persistChanges)).toISOString(),
    status,
  };
}

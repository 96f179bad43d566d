/** The live region's words for each session event. */
import { type Strings } from '../../i18n/Strings';
import { rowLabel } from './SessionList';
import { type SessionEvent } from './sessionsState';

export function announcementOf(strings: Strings, event: SessionEvent): string {
  const say = strings.announce;
  switch (event.kind) {
    case 'loading':
      return say.loading;
    case 'listUpdated':
      return say.listUpdated(event.count);
    case 'opening':
      return say.opening(event.workbookName);
    case 'opened':
      return say.opened(event.workbookName);
    case 'closing':
      return say.closing(event.label);
    case 'closed':
      return say.closed(event.label);
    case 'alreadyGone':
      return say.alreadyGone(event.label);
    case 'refreshing':
      return say.refreshing(event.label);
    case 'refreshed':
      return say.refreshed(event.label, event.until);
    case 'closingMany':
      return say.closingMany(event.count);
    case 'closedMany':
      return say.closedMany(event.count);
    case 'expiringSoon':
      return say.expiringSoon(rowLabel(strings.row.duplicateLabel, event.row));
    case 'expired': {
      const [only] = event.rows;
      return event.rows.length === 1 && only
        ? say.expired(rowLabel(strings.row.duplicateLabel, only))
        : say.expiredMany(event.rows.length);
    }
  }
}

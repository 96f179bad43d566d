/** The shape of every visible string of the task pane; one object per supported language. */
import { type SessionStatus } from '../../shared/api';
import { type ApiClientErrorCode } from '../api/ApiError';
import { type SsoOutcome, type SsoUnavailableReason } from '../auth/ssoOutcome';
import { type NotInOfficeReason } from '../office/OfficeHost';

export type SupportedLocale = 'en-US' | 'es-ES';

export interface Strings {
  appTitle: string;
  currentWorkbookLabel: string;
  unsavedWorkbook: string;
  persistLabel: string;
  openButton: string;
  refreshButton: string;
  sessionsHeading: string;
  loading: string;
  emptyTitle: string;
  emptyBody: string;
  columns: { workbook: string; mode: string; openedAt: string; status: string; actions: string };
  mode: { persistent: string; viewOnly: string };
  status: Record<SessionStatus, string>;
  /** Accessible name of a row's Close button. */
  closeButtonLabel: (workbookName: string) => string;
  announceOpened: (workbookName: string) => string;
  announceClosed: (workbookName: string) => string;
  /** Accessible name (and text) of the "Close all" button under the list. */
  closeAllButton: string;
  closeAllDialog: { title: (count: number) => string; body: string; confirm: string; cancel: string };
  announceClosedMany: (count: number) => string;
  problemTitle: { load: string; open: string; close: (workbookName: string) => string; closeAll: (failedCount: number) => string };
  apiErrors: Record<ApiClientErrorCode, string>;
  retryAfter: (seconds: number) => string;
  sso: Record<Exclude<SsoOutcome, 'ssoUnavailable'>, string>;
  ssoUnavailableTitle: string;
  ssoUnavailableReasons: Record<SsoUnavailableReason, string>;
  ssoFallbackMissing: string;
  unexpectedError: string;
  errorCode: (code: string | number) => string;
  requestId: (id: string) => string;
  actions: { signIn: string; tryAgain: string; dismiss: string };
  /** The sign-in spinner; the rest of the sign-in bar's text loads with it (auth/signInStrings.ts). */
  signingIn: string;
  notInOfficeTitle: string;
  notInOffice: Record<NotInOfficeReason, string>;
}

/**
 * The strings of problems (the error bar, the "not in Office" page): needed only when something
 * is wrong, so they travel in the chunks of those components, not in the start JavaScript.
 */
import { type ApiClientErrorCode } from '../api/ApiError';
import { type SsoOutcome, type SsoUnavailableReason } from '../auth/ssoOutcome';
import { type NotInOfficeReason } from '../office/OfficeHost';
import { type SupportedLocale } from './Strings';
import { enUSProblems } from './enUSProblems';
import { esESProblems } from './esESProblems';

export interface ProblemStrings {
  problemTitle: {
    load: string;
    open: string;
    close: (label: string) => string;
    refresh: (label: string) => string;
    keepAlive: (label: string) => string;
    closeAll: (failedCount: number) => string;
  };
  /** What went wrong, in plain words, by code (never the code itself). */
  apiErrors: Record<ApiClientErrorCode, string>;
  /**
   * Shown with a wait the service asked for: the time of day on the person's own clock, so the
   * text never changes while the error is on screen (a countdown in an alert is read again and again).
   */
  retryAfter: (time: string) => string;
  sso: Record<Exclude<SsoOutcome, 'ssoUnavailable'>, string>;
  ssoUnavailableTitle: string;
  ssoUnavailableReasons: Record<SsoUnavailableReason, string>;
  ssoFallbackMissing: string;
  unexpectedError: string;
  details: {
    summary: string;
    code: (code: string | number) => string;
    requestId: (id: string) => string;
    time: (time: string) => string;
    copy: string;
    copied: string;
  };
  notInOfficeTitle: string;
  notInOffice: Record<NotInOfficeReason, string>;
}

export function problemStringsFor(locale: SupportedLocale): ProblemStrings {
  return locale === 'es-ES' ? esESProblems : enUSProblems;
}

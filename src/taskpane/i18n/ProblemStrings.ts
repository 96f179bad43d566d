/**
 * The strings of problems (the error bar's titles and details, the sign-in bar's failures, the
 * "not in Office" page; what went wrong, by code, is errorCauses.ts): needed only when something
 * is wrong, so they travel in the chunks of those components, not in the start JavaScript.
 */
import { type SsoOutcome } from '../auth/ssoOutcome';
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
  /**
   * Shown with a wait the service asked for: the time of day on the person's own clock, so the
   * text never changes while the error is on screen (a countdown in an alert is read again and again).
   */
  retryAfter: (time: string) => string;
  /** The sign-in bar's explanation of an Office SSO error no other sign-in path follows. */
  sso: Record<Exclude<SsoOutcome, 'ssoUnavailable'>, string>;
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

/** Each language of LOCALES (locales.ts) has its problem strings; the type makes a missing one an error. */
const PROBLEM_STRINGS: Record<SupportedLocale, ProblemStrings> = { 'en-US': enUSProblems, 'es-ES': esESProblems };

export function problemStringsFor(locale: SupportedLocale): ProblemStrings {
  return PROBLEM_STRINGS[locale];
}

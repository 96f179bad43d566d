/**
 * The languages of the task pane, one entry each: its tag and which Office display languages get
 * it. Dates, times and relative times are formatted in the display language itself (es-MX users
 * get Mexican conventions), with the entry's tag as the fallback when the runtime rejects that
 * tag (locale.ts). A language's strings and problem strings are keyed by its tag (locale.ts,
 * ProblemStrings.ts), so adding an entry here makes each missing one a type error. No imports
 * here: the cross-process tests read the strings files, and this stays out of their way.
 */
export interface LocaleEntry {
  /** The BCP 47 tag the pane speaks, and the formats' fallback. */
  tag: string;
  /** Office display languages ("es", "es-MX", "es-419") this entry serves. */
  serves: RegExp;
}

export const LOCALES = [
  { tag: 'en-US', serves: /^en(-|$)/i },
  { tag: 'es-ES', serves: /^es(-|$)/i },
] as const satisfies readonly LocaleEntry[];

export type SupportedLocale = (typeof LOCALES)[number]['tag'];

/** The language of any display language no entry serves. */
export const DEFAULT_LOCALE: SupportedLocale = 'en-US';

/** The language serving `displayLanguage`, else the default. */
export function localeOf(displayLanguage: string): SupportedLocale {
  return LOCALES.find((entry) => entry.serves.test(displayLanguage))?.tag ?? DEFAULT_LOCALE;
}

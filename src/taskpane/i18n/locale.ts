/** Picks the pane's language (locales.ts), loads its strings, and formats times for it. */
import { type Strings } from './Strings';
import { localeOf, type SupportedLocale } from './locales';

/** Any variant of a language the pane speaks ("es", "es-MX", "es-419") gets it; everything else English. */
export function pickLocale(displayLanguage: string): SupportedLocale {
  return localeOf(displayLanguage);
}

/**
 * Each language's strings are their own small chunk, fetched before the first render
 * (index.tsx), so nobody downloads a language they do not read.
 */
const STRINGS: Record<SupportedLocale, () => Promise<Strings>> = {
  'en-US': async () => (await import(/* webpackChunkName: "strings-en" */ './enUS')).enUS,
  'es-ES': async () => (await import(/* webpackChunkName: "strings-es" */ './esES')).esES,
};

/** Strings fetched so far. */
const loaded: Partial<Record<SupportedLocale, Strings>> = {};

/** The strings of `locale` if they are already loaded. */
export function loadedStrings(locale: SupportedLocale): Strings | undefined {
  return loaded[locale];
}

export async function loadStrings(locale: SupportedLocale): Promise<Strings> {
  const strings = loaded[locale] ?? (await STRINGS[locale]());
  loaded[locale] = strings;
  return strings;
}

function formatterFactory<F>(displayLanguage: string, locale: SupportedLocale, make: (tag: string) => F): F {
  try {
    return make(displayLanguage);
  } catch {
    return make(locale);
  }
}

/**
 * Formats an instant in the display language itself (so es-MX users get Mexican conventions)
 * with the chosen locale as fallback when the runtime rejects the tag. Today's instants show
 * the time only; older ones the date too.
 */
export function createTimeFormatter(
  displayLanguage: string,
  locale: SupportedLocale,
  now: () => Date = () => new Date(),
): (iso: string | number) => string {
  const timeOnly = formatterFactory(
    displayLanguage,
    locale,
    (tag) => new Intl.DateTimeFormat(tag, { timeStyle: 'short' }),
  );
  const dateAndTime = formatterFactory(
    displayLanguage,
    locale,
    (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeStyle: 'short' }),
  );
  return (instant) => {
    const date = new Date(instant);
    if (Number.isNaN(date.getTime())) return String(instant);
    return date.toDateString() === now().toDateString() ? timeOnly.format(date) : dateAndTime.format(date);
  };
}

/**
 * A time of day with seconds ("10:42:05 AM", "10:42:05"): a wait of a few seconds would otherwise
 * read as "after 10:42" for most of a minute.
 */
export function createClockTimeFormatter(
  displayLanguage: string,
  locale: SupportedLocale,
): (instant: number) => string {
  const format = formatterFactory(
    displayLanguage,
    locale,
    (tag) => new Intl.DateTimeFormat(tag, { timeStyle: 'medium' }),
  );
  return (instant) => format.format(new Date(instant));
}

export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day';

/** "in 3 min.", "5 min. ago" (Intl.RelativeTimeFormat, short style) in the display language. */
export function createRelativeFormatter(
  displayLanguage: string,
  locale: SupportedLocale,
): (value: number, unit: RelativeUnit) => string {
  const format = formatterFactory(
    displayLanguage,
    locale,
    (tag) => new Intl.RelativeTimeFormat(tag, { style: 'short', numeric: 'always' }),
  );
  return (value, unit) => format.format(value, unit);
}

/** Picks the pane's language and formats times for it. */
import { enUS } from './enUS';
import { esES } from './esES';
import { type Strings, type SupportedLocale } from './Strings';

/** Any Spanish variant ("es", "es-MX", "es-419") gets Spanish; everything else English. */
export function pickLocale(displayLanguage: string): SupportedLocale {
  return /^es(-|$)/i.test(displayLanguage) ? 'es-ES' : 'en-US';
}

export function stringsFor(locale: SupportedLocale): Strings {
  return locale === 'es-ES' ? esES : enUS;
}

/**
 * Formats an instant in the display language itself (so es-MX users get Mexican conventions)
 * with the chosen locale as fallback when the runtime rejects the tag. Today's instants show
 * the time only; older ones the date too.
 */
export function createTimeFormatter(displayLanguage: string, locale: SupportedLocale, now: () => Date = () => new Date()): (iso: string) => string {
  const make = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
    try {
      return new Intl.DateTimeFormat(displayLanguage, options);
    } catch {
      return new Intl.DateTimeFormat(locale, options);
    }
  };
  const timeOnly = make({ timeStyle: 'short' });
  const dateAndTime = make({ dateStyle: 'short', timeStyle: 'short' });
  return (iso) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return date.toDateString() === now().toDateString() ? timeOnly.format(date) : dateAndTime.format(date);
  };
}

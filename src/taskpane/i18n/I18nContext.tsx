import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import {
  createClockTimeFormatter,
  createRelativeFormatter,
  createTimeFormatter,
  loadedStrings,
  loadStrings,
  pickLocale,
  type RelativeUnit,
} from './locale';
import { type Strings, type SupportedLocale } from './Strings';

export interface I18n {
  locale: SupportedLocale;
  strings: Strings;
  formatTime: (instant: string | number) => string;
  /** A time of day with seconds, for a moment minutes away at most. */
  formatClockTime: (instant: number) => string;
  formatRelative: (value: number, unit: RelativeUnit) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/**
 * Provides the strings of the display language. When they are not loaded yet (the entry point
 * loads them before the first render, so only tests meet this) nothing renders until they are.
 */
export function I18nProvider({
  displayLanguage,
  children,
}: {
  displayLanguage: string;
  children: ReactNode;
}): ReactNode {
  const locale = pickLocale(displayLanguage);
  // The cache in locale.ts holds the strings; this state only re-renders once they arrive.
  const [, setArrived] = useState<Strings>();
  const current = loadedStrings(locale);
  useEffect(() => {
    let live = true;
    void loadStrings(locale).then((loaded) => live && setArrived(loaded));
    return () => {
      live = false;
    };
  }, [locale]);
  const value = useMemo<I18n | undefined>(
    () =>
      current && {
        locale,
        strings: current,
        formatTime: createTimeFormatter(displayLanguage, locale),
        formatClockTime: createClockTimeFormatter(displayLanguage, locale),
        formatRelative: createRelativeFormatter(displayLanguage, locale),
      },
    [current, displayLanguage, locale],
  );
  if (!value) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside I18nProvider');
  return value;
}

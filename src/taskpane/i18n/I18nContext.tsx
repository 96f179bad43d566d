import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { createTimeFormatter, pickLocale, stringsFor } from './locale';
import { type Strings, type SupportedLocale } from './Strings';

export interface I18n {
  locale: SupportedLocale;
  strings: Strings;
  formatTime: (iso: string) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ displayLanguage, children }: { displayLanguage: string; children: ReactNode }): ReactNode {
  const value = useMemo<I18n>(() => {
    const locale = pickLocale(displayLanguage);
    return { locale, strings: stringsFor(locale), formatTime: createTimeFormatter(displayLanguage, locale) };
  }, [displayLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside I18nProvider');
  return value;
}

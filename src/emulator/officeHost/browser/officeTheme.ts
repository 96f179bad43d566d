/**
 * `Office.context.officeTheme` for the two themes the dev host offers. The object has the shape
 * of @types/office-js `Office.OfficeTheme`; the colours are this emulator's choice (the docs name
 * only the format, "#RRGGBB"). `themeId` uses the ordinal of @types' `Office.ThemeId` enum
 * (Black = 0, Colorful = 1, DarkGray = 2, White = 3): light plays "Colorful", dark plays "Black".
 */

export type ThemeChoice = 'light' | 'dark';

export interface OfficeThemeView {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
  isDarkTheme: boolean;
  themeId: number;
}

const THEMES: Readonly<Record<ThemeChoice, OfficeThemeView>> = {
  light: {
    bodyBackgroundColor: '#FFFFFF',
    bodyForegroundColor: '#242424',
    controlBackgroundColor: '#FFFFFF',
    controlForegroundColor: '#242424',
    isDarkTheme: false,
    themeId: 1,
  },
  dark: {
    bodyBackgroundColor: '#292929',
    bodyForegroundColor: '#FFFFFF',
    controlBackgroundColor: '#1F1F1F',
    controlForegroundColor: '#FFFFFF',
    isDarkTheme: true,
    themeId: 0,
  },
};

/** A fresh copy, so a page that mutates the object cannot change the host's palette. */
export function officeThemeFor(choice: unknown): OfficeThemeView {
  return { ...(choice === 'dark' ? THEMES.dark : THEMES.light) };
}

/**
 * The Fluent theme for Office's: dark Office gets Fluent's dark theme, light Office the light
 * one, and Windows high contrast (CSS forced colours) Fluent's high-contrast theme, whatever
 * Office says. https://learn.microsoft.com/office/dev/add-ins/design/add-in-design-language
 *
 * Each theme is its own chunk, fetched before the first render (index.tsx): a theme is a few
 * kilobytes of tokens, and nobody needs more than one.
 */
import { type Theme } from '@fluentui/react-components';
import { type OfficeThemeInfo } from '../office/OfficeHost';

export type ThemeName = 'light' | 'dark' | 'highContrast';

export function themeNameFor(office: OfficeThemeInfo | null, forcedColours: boolean): ThemeName {
  if (forcedColours) return 'highContrast';
  return office?.isDark ? 'dark' : 'light';
}

const loaded: Partial<Record<ThemeName, Theme>> = {};

const IMPORTS: Readonly<Record<ThemeName, () => Promise<Theme>>> = {
  light: () => import(/* webpackChunkName: "theme-light" */ './themes/light').then((m) => m.theme),
  dark: () => import(/* webpackChunkName: "theme-dark" */ './themes/dark').then((m) => m.theme),
  highContrast: () =>
    import(/* webpackChunkName: "theme-high-contrast" */ './themes/highContrast').then((m) => m.theme),
};

/** The theme if it is loaded. */
export function loadedTheme(name: ThemeName): Theme | undefined {
  return loaded[name];
}

export async function loadTheme(name: ThemeName): Promise<Theme> {
  const theme = loaded[name] ?? (await IMPORTS[name]());
  loaded[name] = theme;
  return theme;
}

export function forcedColoursActive(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(forced-colors: active)').matches;
}

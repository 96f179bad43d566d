/**
 * The Fluent theme to show, following Office's: chosen before the first paint (the entry point
 * loads it), and read again whenever the pane comes back, since Office has no theme-change event
 * for Excel, and when Windows switches high contrast on or off.
 */
import { type Theme } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type OfficeHost } from '../office/OfficeHost';
import { usePaneVisibility } from '../ui/usePaneVisibility';
import { forcedColoursActive, loadedTheme, loadTheme, type ThemeName, themeNameFor } from './theme';

export interface ShownTheme {
  name: ThemeName;
  /** Undefined only until the first theme has arrived. */
  theme: Theme | undefined;
}

export function useOfficeTheme(host: OfficeHost, inOffice: boolean): ShownTheme {
  const currentTheme = useCallback(
    (): ThemeName => themeNameFor(inOffice ? host.officeTheme() : null, forcedColoursActive()),
    [host, inOffice],
  );
  const [wanted, setWanted] = useState(currentTheme);
  const [, setArrived] = useState(0);
  const follow = useCallback((name: ThemeName) => {
    setWanted(name);
    if (!loadedTheme(name)) void loadTheme(name).then(() => setArrived((n) => n + 1));
  }, []);
  useEffect(() => follow(wanted), [follow, wanted]);
  usePaneVisibility(() => follow(currentTheme()));
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return undefined;
    const query = window.matchMedia('(forced-colors: active)');
    const onChange = (): void => follow(currentTheme());
    query.addEventListener?.('change', onChange);
    return () => query.removeEventListener?.('change', onChange);
  }, [currentTheme, follow]);
  // Until a newly chosen theme has arrived, the last one loaded stays on screen.
  const shown = useRef<ShownTheme>({ name: wanted, theme: undefined });
  const arrived = loadedTheme(wanted);
  if (arrived) shown.current = { name: wanted, theme: arrived };
  return shown.current;
}

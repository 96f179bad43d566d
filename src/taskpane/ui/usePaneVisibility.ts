/**
 * Whether the pane is on screen, and a callback each time it comes back: shown again
 * (`visibilitychange`, Office hides a closed pane instead of unloading it) or focused again
 * (the person returns from the grid).
 */
import { useEffect, useRef, useState } from 'react';

export function usePaneVisibility(onRegained?: () => void): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  const callback = useRef(onRegained);
  callback.current = onRegained;
  useEffect(() => {
    const onVisibility = (): void => {
      const shown = document.visibilityState !== 'hidden';
      setVisible(shown);
      if (shown) callback.current?.();
    };
    const onFocus = (): void => callback.current?.();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('focus', onFocus);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('focus', onFocus);
    };
  }, []);
  return visible;
}

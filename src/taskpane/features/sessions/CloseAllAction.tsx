/**
 * "Close all sessions", loaded on demand. Fluent's Dialog (with its portal and motion code) is a
 * fifth of the pane's JavaScript, and most people never have two sessions open: so the button
 * and its dialog come in their own chunk, fetched the first time the action is offered, and
 * stay mounted from then on (CloseAllButton explains why its Dialog must never unmount early).
 */
import { lazy, type ReactNode, Suspense, useState } from 'react';
import type { CloseAllButtonProps } from './CloseAllButton';

const CloseAllButton = lazy(() => import(/* webpackChunkName: "close-all" */ './CloseAllButton').then((m) => ({ default: m.CloseAllButton })));

export function CloseAllAction(props: CloseAllButtonProps): ReactNode {
  const [loaded, setLoaded] = useState(props.offered);
  // Adjusting state while rendering (not in an effect): once offered, always mounted.
  if (props.offered && !loaded) setLoaded(true);
  if (!loaded) return null;
  return (
    <Suspense fallback={null}>
      <CloseAllButton {...props} />
    </Suspense>
  );
}

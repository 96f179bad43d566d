/**
 * A busy indicator for buttons and the first load: Fluent's sync icon, turning. Decoration only
 * (aria-hidden): the button's aria-busy and the live region say what is happening. Lighter than
 * Fluent's Spinner, which would be the largest component the pane loads at start.
 */
import { makeStyles } from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { type ReactNode } from 'react';

const useStyles = makeStyles({
  spin: {
    animationName: { from: { transform: 'rotate(0deg)' }, to: { transform: 'rotate(360deg)' } },
    animationDuration: '1s',
    animationIterationCount: 'infinite',
    animationTimingFunction: 'linear',
    '@media (prefers-reduced-motion: reduce)': { animationDuration: '3s' },
  },
});

export function BusyIcon({ className }: { className?: string }): ReactNode {
  const styles = useStyles();
  return (
    <ArrowSyncRegular
      className={className ? `${styles.spin} ${className}` : styles.spin}
      aria-hidden
      data-busy-icon=""
    />
  );
}

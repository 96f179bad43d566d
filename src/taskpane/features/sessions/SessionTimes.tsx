/**
 * A row's two live lines: "Opened 5 min ago" and "Expires in 3 min" / "Expired", by the middle
 * tier's clock (useTicking); their tooltips give the time of day as the computer's clock reads it.
 */
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { WarningFilled } from '@fluentui/react-icons';
import { type ReactNode } from 'react';
import { type SessionView } from '../../../shared/api';
import { useI18n } from '../../i18n/I18nContext';
import { useServerClock } from '../../ui/serverClockContext';
import { useTicking } from '../../ui/useTicking';
import {
  agoValue,
  expiresAtMs,
  expiryPhase,
  type ExpiryPhase,
  justNowEndsInMs,
  nextPhaseChangeMs,
  remainingMs,
  untilValue,
} from './sessionTiming';

const useStyles = makeStyles({
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  soon: { color: tokens.colorStatusWarningForeground3, fontWeight: tokens.fontWeightSemibold },
  lapsed: { color: tokens.colorStatusDangerForeground1, fontWeight: tokens.fontWeightSemibold },
  icon: { flexShrink: 0, fontSize: '14px' },
});

export function OpenedAgo({ session }: { session: SessionView }): ReactNode {
  const { strings, formatRelative, formatTime } = useI18n();
  const { clock } = useServerClock();
  const openedAt = Date.parse(session.openedAt);
  const now = useTicking((at) => {
    const ago = agoValue(at - openedAt);
    return ago ? ago.changesInMs : justNowEndsInMs(at - openedAt);
  });
  const ago = agoValue(now - openedAt);
  return (
    <time dateTime={session.openedAt} title={formatTime(clock.onDeviceClock(openedAt))}>
      {ago ? strings.row.opened(formatRelative(ago.value, ago.unit)) : strings.row.openedJustNow}
    </time>
  );
}

/**
 * The countdown to the idle timeout. It re-renders when its own text changes; the row learns of
 * a phase change (soon, lapsed) through `onPhase`'s caller re-rendering with the same clock.
 */
export function ExpiresIn({ session, phase }: { session: SessionView; phase: ExpiryPhase }): ReactNode {
  const { strings, formatRelative, formatTime } = useI18n();
  const { clock } = useServerClock();
  const styles = useStyles();
  const now = useTicking((at) =>
    expiryPhase(session, at) === 'lapsed' ? undefined : untilValue(remainingMs(session, at)).changesInMs,
  );
  if (phase === 'lapsed' || expiryPhase(session, now) === 'lapsed') {
    return (
      <span className={mergeClasses(styles.line, styles.lapsed)}>
        <WarningFilled className={styles.icon} aria-hidden />
        {strings.row.expired}
      </span>
    );
  }
  const until = untilValue(remainingMs(session, now));
  return (
    <span className={mergeClasses(styles.line, phase === 'soon' && styles.soon)}>
      {phase === 'soon' && <WarningFilled className={styles.icon} aria-hidden />}
      <time dateTime={session.expiresAt} title={formatTime(clock.onDeviceClock(expiresAtMs(session)))}>
        {strings.row.expires(formatRelative(until.value, until.unit))}
      </time>
    </span>
  );
}

/** The row's phase, re-rendering the row (only) when it changes. */
export function useExpiryPhase(session: SessionView): ExpiryPhase {
  const now = useTicking((at) => nextPhaseChangeMs(session, at));
  return expiryPhase(session, now);
}

/**
 * The one error bar: a title and one plain message, the time of day to try again when the
 * service asked to wait, "Try again" where that is the next step (errorCauses.ts), and the code,
 * request id and time behind "Details", ready to copy for support. Loaded on first use
 * (ProblemSlot.tsx). Its text does not change while it is shown: an alert whose text changes is
 * read out again, so there is no countdown in it.
 */
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { problemStringsFor } from '../../i18n/ProblemStrings';
import { useServerClock } from '../../ui/serverClockContext';
import { useTicking } from '../../ui/useTicking';
import { offersRetry, problemText, retryWaitSeconds } from './problemText';
import { type PaneProblem } from './sessionsState';

const useStyles = makeStyles({
  details: { marginTop: tokens.spacingVerticalXS, color: tokens.colorNeutralForeground2 },
  summary: { cursor: 'pointer', width: 'fit-content' },
  detailLines: {
    margin: `${tokens.spacingVerticalXXS} 0`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
    whiteSpace: 'pre-wrap',
  },
});

export interface ProblemBarProps {
  problem: PaneProblem;
  onDismiss: () => void;
}

export function ProblemBar({ problem, onDismiss }: ProblemBarProps): ReactNode {
  const { strings: common, formatTime, formatClockTime, locale } = useI18n();
  const { clock } = useServerClock();
  const strings = problemStringsFor(locale);
  const styles = useStyles();
  const text = problemText(strings, locale, problem);
  const wait = retryWaitSeconds(problem);
  // `at` is on the middle tier's clock; the time of day is shown as the person's own clock reads it.
  const readyAt = wait === undefined ? problem.at : problem.at + wait * 1000;
  // Re-renders once, when the wait is over (the button becomes usable; no text changes).
  const now = useTicking((at) => (at < readyAt ? readyAt - at : undefined));
  const waiting = now < readyAt;
  const [copied, setCopied] = useState(false);
  const detailLines = [
    ...text.details,
    strings.details.time(`${formatTime(problem.at)} (${new Date(problem.at).toISOString()})`),
  ];
  const copy = (): void => {
    void navigator.clipboard?.writeText([text.title, text.body, ...detailLines].join('\n')).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  const action = offersRetry(problem) ? common.actions.tryAgain : undefined;
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{text.title}</MessageBarTitle>
        <div>
          {text.body}
          {wait !== undefined && <> {strings.retryAfter(formatClockTime(clock.onDeviceClock(readyAt)))}</>}
        </div>
        <details className={styles.details}>
          <summary className={styles.summary}>{strings.details.summary}</summary>
          <p className={styles.detailLines}>{detailLines.join('\n')}</p>
          <Button onClick={copy}>{copied ? strings.details.copied : strings.details.copy}</Button>
        </details>
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          // Medium (32 px) over the message bar's small buttons: targets a finger can hit.
          <Button
            size="medium"
            appearance="transparent"
            aria-label={common.actions.dismiss}
            icon={<DismissRegular />}
            onClick={onDismiss}
          />
        }
      >
        {action && (
          // Stays focusable while the wait runs, so the time to try again can be read from the button.
          <Button size="medium" disabledFocusable={waiting} onClick={problem.retry}>
            {action}
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}

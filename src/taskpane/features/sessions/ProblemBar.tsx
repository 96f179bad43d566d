import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { type ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { offersRetry, offersSignIn, type Problem } from './problem';
import { problemText } from './problemText';

const useStyles = makeStyles({
  details: { display: 'block', marginTop: tokens.spacingVerticalXXS, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export interface ProblemBarProps {
  problem: Problem;
  onSignIn: () => void;
  onRetry: () => void;
  onDismiss: () => void;
}

/** One error message bar, role alert so screen readers announce it when it appears. */
export function ProblemBar({ problem, onSignIn, onRetry, onDismiss }: ProblemBarProps): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  const text = problemText(strings, problem);
  const signIn = offersSignIn(problem);
  const retry = offersRetry(problem);
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{text.title}</MessageBarTitle>
        {text.body}
        {text.details && <span className={styles.details}>{text.details}</span>}
      </MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" aria-label={strings.actions.dismiss} icon={<DismissRegular />} onClick={onDismiss} />}
      >
        {signIn && <Button onClick={onSignIn}>{strings.actions.signIn}</Button>}
        {retry && <Button onClick={onRetry}>{strings.actions.tryAgain}</Button>}
      </MessageBarActions>
    </MessageBar>
  );
}

import { MessageBar, MessageBarBody, MessageBarTitle, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nContext';
import { problemStringsFor } from '../i18n/ProblemStrings';
import { type NotInOfficeReason } from '../office/OfficeHost';

const useStyles = makeStyles({
  title: { margin: 0 },
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalL },
});

/** Shown instead of the pane when it is not running inside an Office host that supports SSO. */
export function NotInOffice({ reason }: { reason: NotInOfficeReason }): ReactNode {
  const { strings: common, locale } = useI18n();
  const strings = problemStringsFor(locale);
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <Title3 as="h1" className={styles.title}>
        {common.appTitle}
      </Title3>
      <MessageBar intent="warning" role="alert" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{strings.notInOfficeTitle}</MessageBarTitle>
          {strings.notInOffice[reason]}
        </MessageBarBody>
      </MessageBar>
    </main>
  );
}

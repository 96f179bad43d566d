/** The add-in's icon and name, and (discreetly) who is signed in. */
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nContext';

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  icon: { width: '24px', height: '24px', flexShrink: 0 },
  titles: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  title: { ...typographyStyles.subtitle1, margin: 0 },
  account: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

export function PaneHeader({ accountName }: { accountName: string | null }): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <img className={styles.icon} src="assets/icon-32.png" alt="" width={24} height={24} />
      <div className={styles.titles}>
        <h1 className={styles.title}>{strings.appTitle}</h1>
        {accountName && <span className={styles.account}>{strings.signedInAs(accountName)}</span>}
      </div>
    </header>
  );
}

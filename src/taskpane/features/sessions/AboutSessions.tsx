/** A one-time explanation of workbook sessions, until the person dismisses it. */
import { Button, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { type ReactNode, useId, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { preferences } from '../../ui/preferences';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: { ...typographyStyles.body1Strong, margin: 0 },
  text: { ...typographyStyles.body1, margin: 0 },
  dismiss: { alignSelf: 'flex-start' },
});

export function AboutSessions({ onDismissed }: { onDismissed: () => void }): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  const titleId = useId();
  const [shown, setShown] = useState(() => !preferences.aboutDismissed());
  if (!shown) return null;
  const dismiss = (): void => {
    preferences.dismissAbout();
    setShown(false);
    onDismissed();
  };
  return (
    <section className={styles.box} aria-labelledby={titleId}>
      <h2 id={titleId} className={styles.title}>
        {strings.about.title}
      </h2>
      <p className={styles.text}>{strings.about.body}</p>
      <p className={styles.text}>{strings.about.persistent}</p>
      <Button className={styles.dismiss} onClick={dismiss}>
        {strings.about.dismiss}
      </Button>
    </section>
  );
}

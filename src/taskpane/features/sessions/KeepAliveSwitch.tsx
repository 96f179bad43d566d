import { Switch, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { type ReactNode, useId } from 'react';
import { useI18n } from '../../i18n/I18nContext';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column' },
  hint: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, paddingLeft: tokens.spacingHorizontalS },
});

/** The keep-alive switch; the choice is remembered per user by the page. */
export function KeepAliveSwitch({
  checked,
  onChange,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
}): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  const hintId = useId();
  return (
    <div className={styles.root}>
      <Switch
        label={strings.keepAliveLabel}
        checked={checked}
        aria-describedby={hintId}
        onChange={(_event, data) => onChange(data.checked)}
      />
      <span id={hintId} className={styles.hint}>
        {strings.keepAliveHint}
      </span>
    </div>
  );
}

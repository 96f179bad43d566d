import { Button, Caption1, Spinner, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { type ReactNode, useId, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { workbookNameFromUrl } from './workbookName';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  workbook: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export interface OpenSessionFormProps {
  documentUrl: string | null;
  opening: boolean;
  onOpen: (persistChanges: boolean) => void;
  /** Set while signed out: the button stays focusable but unavailable, described by this element. */
  unavailableDescribedBy?: string | undefined;
}

/** The current workbook, the "Persistent" switch and the Open session button. */
export function OpenSessionForm({ documentUrl, opening, onOpen, unavailableDescribedBy }: OpenSessionFormProps): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  const [persistChanges, setPersistChanges] = useState(true);
  const labelId = useId();
  const hintId = useId();
  const unsaved = documentUrl === null;
  return (
    <section className={styles.root} aria-labelledby={labelId}>
      <div className={styles.workbook}>
        <Caption1 id={labelId}>{strings.currentWorkbookLabel}</Caption1>
        {unsaved ? (
          <Text id={hintId}>{strings.unsavedWorkbook}</Text>
        ) : (
          <Text className={styles.name}>{workbookNameFromUrl(documentUrl)}</Text>
        )}
      </div>
      <Switch
        label={strings.persistLabel}
        checked={persistChanges}
        disabled={unsaved}
        onChange={(_event, data) => setPersistChanges(data.checked)}
      />
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabled={(unsaved || opening) && unavailableDescribedBy === undefined}
          disabledFocusable={unavailableDescribedBy !== undefined}
          aria-busy={opening}
          aria-describedby={unavailableDescribedBy ?? (unsaved ? hintId : undefined)}
          icon={opening ? <Spinner size="tiny" /> : undefined}
          onClick={() => onOpen(persistChanges)}
        >
          {strings.openButton}
        </Button>
      </div>
    </section>
  );
}

/**
 * The current workbook, the "Persistent" switch and Open session. When the workbook already has
 * a session the pane asks first: a second one is rarely meant, and two sessions on one file
 * compete for it (https://learn.microsoft.com/graph/workbook-best-practice); Escape or Cancel
 * takes the question back.
 *
 * What cannot work is said before the click, not after it: while Excel has not reported the
 * workbook's URL yet the form waits for it; an unsaved workbook, one on the computer, and one in
 * a personal OneDrive (which Graph's Excel API does not serve:
 * https://learn.microsoft.com/graph/api/resources/excel) each say what to do instead.
 */
import { Button, Switch, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { unsupportedDocumentLocation } from '../../../shared/documentLocation';
import { useI18n } from '../../i18n/I18nContext';
import { BusyIcon } from '../../ui/BusyIcon';
import { workbookNameFromUrl } from './workbookName';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  workbook: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  label: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  name: { ...typographyStyles.body1Strong, overflowWrap: 'anywhere' },
  hint: { ...typographyStyles.body1 },
  unsupported: {
    ...typographyStyles.body1,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorStatusWarningBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusWarningBorder1}`,
    overflowWrap: 'anywhere',
  },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  warning: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorStatusWarningBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusWarningBorder1}`,
  },
  warningText: { ...typographyStyles.body1, margin: 0, overflowWrap: 'anywhere' },
});

export interface OpenSessionFormProps {
  documentUrl: string | null;
  /** Excel has not reported the URL yet but still may: the form waits rather than saying "Save". */
  documentPending?: boolean;
  /** Sessions already open on this workbook. */
  existingCount: number;
  opening: boolean;
  onOpen: (documentUrl: string, persistChanges: boolean) => void;
  /** Set while signed out: the button stays focusable but unavailable, described by this element. */
  unavailableDescribedBy?: string | undefined;
}

export function OpenSessionForm({
  documentUrl,
  documentPending = false,
  existingCount,
  opening,
  onOpen,
  unavailableDescribedBy,
}: OpenSessionFormProps): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  const [persistChanges, setPersistChanges] = useState(true);
  const [asking, setAsking] = useState(false);
  const labelId = useId();
  const hintId = useId();
  const openButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const unsupported = documentUrl === null ? undefined : unsupportedDocumentLocation(documentUrl);
  // No session can be opened on this workbook as it is; the hint says why.
  const unsaved = documentUrl === null || unsupported !== undefined;

  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);

  const open = (): void => {
    if (documentUrl === null || unsupported !== undefined || opening) return;
    if (existingCount > 0 && !asking) {
      setAsking(true);
      return;
    }
    setAsking(false);
    openButton.current?.focus();
    onOpen(documentUrl, persistChanges);
  };
  const cancel = (): void => {
    setAsking(false);
    openButton.current?.focus();
  };
  const cancelOnEscape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    cancel();
  };

  return (
    <section className={styles.root} aria-labelledby={labelId}>
      <div className={styles.workbook}>
        <span id={labelId} className={styles.label}>
          {strings.currentWorkbookLabel}
        </span>
        {documentUrl === null ? (
          <span id={hintId} className={styles.hint}>
            {documentPending ? strings.waitingForExcel : strings.unsavedWorkbook}
          </span>
        ) : (
          <>
            <span className={styles.name}>{workbookNameFromUrl(documentUrl)}</span>
            {unsupported && (
              <span id={hintId} className={styles.unsupported}>
                {strings.unsupportedLocation[unsupported]}
              </span>
            )}
          </>
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
          ref={openButton}
          appearance="primary"
          disabled={unsaved && unavailableDescribedBy === undefined}
          disabledFocusable={unavailableDescribedBy !== undefined || (!unsaved && opening)}
          aria-busy={opening}
          aria-describedby={unavailableDescribedBy ?? (unsaved ? hintId : undefined)}
          icon={opening ? <BusyIcon /> : undefined}
          onClick={open}
        >
          {strings.openButton}
        </Button>
      </div>
      {asking && documentUrl !== null && (
        <div className={styles.warning} role="group" aria-labelledby={`${labelId}-warning`} onKeyDown={cancelOnEscape}>
          <p id={`${labelId}-warning`} className={styles.warningText}>
            {strings.openAnother.warning(workbookNameFromUrl(documentUrl), existingCount)}
          </p>
          <div className={styles.actions}>
            <Button ref={confirmButton} appearance="primary" onClick={open}>
              {strings.openAnother.confirm}
            </Button>
            <Button onClick={cancel}>{strings.openAnother.cancel}</Button>
          </div>
        </div>
      )}
    </section>
  );
}

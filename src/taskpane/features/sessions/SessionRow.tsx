/**
 * One session as a stacked row: the workbook and where it lives, its mode and times, and its
 * actions. The actions wrap under the text when the pane is narrow, so Close is always on screen
 * (WCAG 1.4.10 reflow), from 320 px wide down to a 350 px pane at 200 % zoom.
 *
 * The actions are Fluent's medium icon buttons, 32 × 32 px with 8 px between them: larger than
 * WCAG 2.2's 24 px minimum (https://www.w3.org/WAI/WCAG22/Understanding/target-size-minimum),
 * for touch screens and trackpads. Each has an accessible name saying what it does to which
 * session; the title repeats it as a tooltip for the mouse.
 */
import { Button, makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import { DismissRegular, OpenRegular, TimerRegular } from '@fluentui/react-icons';
import { type ReactNode, type Ref } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { BusyIcon } from '../../ui/BusyIcon';
import { type RowModel } from './rowModel';
import { type RowBusy } from './sessionsState';
import { ExpiresIn, OpenedAgo, useExpiryPhase } from './SessionTimes';
import { type RowRef } from './useSessions';
import { workbookLocation } from './workbookLocation';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `${tokens.strokeWidthThicker} solid transparent`,
  },
  current: { borderLeftColor: tokens.colorBrandStroke1 },
  soon: { backgroundColor: tokens.colorStatusWarningBackground1 },
  lapsed: { backgroundColor: tokens.colorNeutralBackground3 },
  text: { flex: '1 1 10em', minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  name: { ...typographyStyles.body1Strong, overflowWrap: 'anywhere', margin: 0 },
  meta: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  tags: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  tag: {
    ...typographyStyles.caption2Strong,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground2,
  },
  currentTag: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke1}`,
    color: tokens.colorBrandForeground1,
  },
  actions: { display: 'flex', flexWrap: 'nowrap', gap: tokens.spacingHorizontalS, marginLeft: 'auto' },
});

export interface SessionRowProps {
  row: RowModel;
  /** The row's name in labels: the workbook, and which of several when they share it. */
  label: string;
  busy: RowBusy | undefined;
  onClose: (row: RowRef) => void;
  onRefresh: (row: RowRef) => void;
  /** The Close button, so focus can move to it when a neighbouring row leaves. */
  closeRef: Ref<HTMLButtonElement>;
  refreshRef: Ref<HTMLButtonElement>;
}

export function SessionRow({ row, label, busy, onClose, onRefresh, closeRef, refreshRef }: SessionRowProps): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  const { session, isCurrent, ordinal } = row;
  const phase = useExpiryPhase(session);
  const where = workbookLocation(session.workbook.webUrl);
  const open = session.status === 'open' && phase !== 'lapsed';
  const ref = { session, label };
  // A busy spinner is decoration: the button's aria-busy and the live region say what happens.
  const busyIcon = <BusyIcon />;
  return (
    <li
      className={mergeClasses(
        styles.row,
        isCurrent && styles.current,
        phase === 'soon' && styles.soon,
        phase === 'lapsed' && styles.lapsed,
      )}
    >
      <div className={styles.text}>
        <p className={styles.name}>{session.workbook.name}</p>
        {(isCurrent || ordinal) && (
          <span className={styles.tags}>
            {isCurrent && (
              <span className={mergeClasses(styles.tag, styles.currentTag)}>{strings.row.thisWorkbook}</span>
            )}
            {ordinal && <span className={styles.tag}>{strings.row.ordinal(ordinal.n, ordinal.of)}</span>}
          </span>
        )}
        {where && <span className={styles.meta}>{strings.row.location(where)}</span>}
        <span className={styles.meta}>
          {session.persistChanges ? strings.row.mode.persistent : strings.row.mode.viewOnly} ·{' '}
          <OpenedAgo session={session} />
        </span>
        <span className={styles.meta}>
          {busy === 'closing' || session.status === 'closing' ? (
            strings.row.closing
          ) : busy === 'refreshing' ? (
            strings.row.refreshing
          ) : session.status === 'opening' ? (
            strings.row.opening
          ) : (
            <ExpiresIn session={session} phase={phase} />
          )}
        </span>
      </div>
      <div className={styles.actions}>
        {open && (
          <Button
            ref={refreshRef}
            appearance="subtle"
            aria-label={strings.row.refreshLabel(label)}
            title={strings.row.refreshLabel(label)}
            aria-busy={busy === 'refreshing'}
            disabledFocusable={busy !== undefined}
            icon={busy === 'refreshing' ? busyIcon : <TimerRegular />}
            onClick={() => onRefresh(ref)}
          />
        )}
        {session.workbook.webUrl && (
          <Button
            as="a"
            href={session.workbook.webUrl}
            target="_blank"
            rel="noopener noreferrer"
            appearance="subtle"
            aria-label={strings.row.openInExcelLabel(session.workbook.name)}
            title={strings.row.openInExcelLabel(session.workbook.name)}
            icon={<OpenRegular />}
          />
        )}
        <Button
          ref={closeRef}
          appearance="subtle"
          aria-label={strings.row.closeLabel(label)}
          title={strings.row.closeLabel(label)}
          aria-busy={busy === 'closing'}
          disabledFocusable={busy !== undefined}
          icon={busy === 'closing' ? busyIcon : <DismissRegular />}
          onClick={() => onClose(ref)}
        />
      </div>
    </li>
  );
}

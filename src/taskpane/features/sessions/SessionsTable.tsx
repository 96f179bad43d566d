import {
  Button,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { DismissCircleRegular } from '@fluentui/react-icons';
import { type ReactNode } from 'react';
import { type SessionView } from '../../../shared/api';
import { useI18n } from '../../i18n/I18nContext';

const useStyles = makeStyles({
  // Task panes are about 320–350 px wide: scroll sideways rather than crush the columns.
  scroller: { overflowX: 'auto' },
  table: { tableLayout: 'auto' },
  // Break long file names between words first, inside a word only when nothing else fits.
  cell: { paddingLeft: tokens.spacingHorizontalXS, paddingRight: tokens.spacingHorizontalXS },
  workbook: { overflowWrap: 'break-word', minWidth: '5em', fontWeight: tokens.fontWeightSemibold },
  nowrap: { whiteSpace: 'nowrap' },
  visuallyHidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

export interface SessionsTableProps {
  sessions: SessionView[];
  closingIds: ReadonlySet<string>;
  labelledBy: string;
  onClose: (session: SessionView) => void;
}

export function SessionsTable({ sessions, closingIds, labelledBy, onClose }: SessionsTableProps): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  return (
    <div className={styles.scroller}>
    <Table size="small" className={styles.table} aria-labelledby={labelledBy}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.cell}>{strings.columns.workbook}</TableHeaderCell>
          <TableHeaderCell className={styles.cell}>{strings.columns.mode}</TableHeaderCell>
          <TableHeaderCell className={styles.cell}>{strings.columns.openedAt}</TableHeaderCell>
          <TableHeaderCell className={styles.cell}>{strings.columns.status}</TableHeaderCell>
          <TableHeaderCell className={styles.cell}>
            <span className={styles.visuallyHidden}>{strings.columns.actions}</span>
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {sessions.map((session) => (
          <SessionRow key={session.id} session={session} closing={closingIds.has(session.id)} onClose={onClose} />
        ))}
      </TableBody>
    </Table>
    </div>
  );
}

function SessionRow({ session, closing, onClose }: { session: SessionView; closing: boolean; onClose: (s: SessionView) => void }): ReactNode {
  const { strings, formatTime } = useI18n();
  const styles = useStyles();
  const name = session.workbook.name;
  return (
    <TableRow>
      <TableCell className={mergeClasses(styles.cell, styles.workbook)}>{name}</TableCell>
      <TableCell className={styles.cell}>{session.persistChanges ? strings.mode.persistent : strings.mode.viewOnly}</TableCell>
      <TableCell className={mergeClasses(styles.cell, styles.nowrap)}>
        <time dateTime={session.openedAt}>{formatTime(session.openedAt)}</time>
      </TableCell>
      <TableCell className={styles.cell}>{strings.status[session.status]}</TableCell>
      <TableCell className={styles.cell}>
        {/* Icon-only so the row fits a 350 px pane; the accessible name says what is closed. */}
        <Button
          size="small"
          appearance="subtle"
          aria-label={strings.closeButtonLabel(name)}
          title={strings.closeButtonLabel(name)}
          aria-busy={closing}
          disabled={closing}
          icon={closing ? <Spinner size="extra-tiny" /> : <DismissCircleRegular />}
          onClick={() => onClose(session)}
        />
      </TableCell>
    </TableRow>
  );
}

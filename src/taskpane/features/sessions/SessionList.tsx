/** The sessions as a list of stacked rows (a table's five columns do not fit a task pane). */
import { makeStyles } from '@fluentui/react-components';
import { type ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { type RowModel } from './rowModel';
import { SessionRow } from './SessionRow';
import { type RowBusy } from './sessionsState';
import { type RowRef } from './useSessions';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0 },
});

export interface SessionListProps {
  rows: readonly RowModel[];
  busy: ReadonlyMap<string, RowBusy>;
  labelledBy: string;
  onClose: (row: RowRef) => void;
  onRefresh: (row: RowRef) => void;
  /** Registers each row's buttons by session id (focus management lives in the page). */
  buttonRef: (id: string, which: 'close' | 'refresh') => (element: HTMLButtonElement | null) => void;
}

export function SessionList({ rows, busy, labelledBy, onClose, onRefresh, buttonRef }: SessionListProps): ReactNode {
  const { strings } = useI18n();
  const styles = useStyles();
  return (
    // role="list" again: Safari drops list semantics when list-style is none.
    <ul className={styles.list} aria-labelledby={labelledBy} role="list">
      {rows.map((row) => (
        <SessionRow
          key={row.session.id}
          row={row}
          label={rowLabel(strings.row.duplicateLabel, row)}
          busy={busy.get(row.session.id)}
          onClose={onClose}
          onRefresh={onRefresh}
          closeRef={buttonRef(row.session.id, 'close')}
          refreshRef={buttonRef(row.session.id, 'refresh')}
        />
      ))}
    </ul>
  );
}

export function rowLabel(duplicateLabel: (name: string, n: number, of: number) => string, row: RowModel): string {
  const name = row.session.workbook.name;
  return row.ordinal ? duplicateLabel(name, row.ordinal.n, row.ordinal.of) : name;
}

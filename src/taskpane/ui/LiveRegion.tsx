/**
 * The pane's one polite live region. Screen readers announce a region when its text changes,
 * so the same message twice in a row (closing two sessions of one workbook) would be read once:
 * each new message alternates a trailing no-break space, which changes the text but not what
 * is heard.
 */
import { makeStyles } from '@fluentui/react-components';
import { type ReactNode } from 'react';

// Read by screen readers, not shown (the usual clip pattern). Written out here: the build
// precomputes styles file by file and cannot follow a style object into another TypeScript file.
const useStyles = makeStyles({
  region: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    border: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

export function LiveRegion({ message, seq }: { message: string; seq: number }): ReactNode {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className={styles.region}>
      {message.length > 0 ? `${message}${seq % 2 === 0 ? '' : '\u00a0'}` : ''}
    </div>
  );
}

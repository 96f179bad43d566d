import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { DismissCircleRegular } from '@fluentui/react-icons';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { BusyIcon } from '../../ui/BusyIcon';

export interface CloseAllButtonProps {
  /** Whether the button is shown (the dialog stays mounted either way, see below). */
  offered: boolean;
  /** How many sessions "Close all" would close (shown in the question). */
  count: number;
  /**
   * Some close is in flight: one at a time keeps a row from being closed twice. The button stays
   * focusable (aria-disabled) so the dialog can give focus back to it.
   */
  disabled: boolean;
  /** The "Close all" request itself is in flight. */
  busy: boolean;
  onConfirm: () => void;
}

/**
 * "Close all sessions", asked once more in a dialog because it cannot be undone.
 *
 * Only the button comes and goes with `offered`. The Dialog itself must stay mounted: the last
 * rows leave while its closing animation still runs, and a Dialog unmounted at that moment
 * leaves the modal's aria-hidden on the rest of the pane, hiding it from screen readers.
 */
export function CloseAllButton({ offered, count, disabled, busy, onConfirm }: CloseAllButtonProps): ReactNode {
  const { strings } = useI18n();
  // Whether the question is on screen is view state only; what confirming does lives in the hook.
  const [open, setOpen] = useState(false);
  // What DialogTrigger would add: the dialog gives focus back to this button when it closes.
  const restoreFocusHere = useRestoreFocusTarget();
  const confirm = (): void => {
    setOpen(false);
    onConfirm();
  };
  return (
    <>
      {offered && (
        <Button
          {...restoreFocusHere}
          disabledFocusable={disabled}
          aria-busy={busy}
          icon={busy ? <BusyIcon /> : <DismissCircleRegular />}
          onClick={() => setOpen(true)}
        >
          {strings.closeAllButton}
        </Button>
      )}
      <Dialog open={open} onOpenChange={(_event, data) => setOpen(data.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{strings.closeAllDialog.title(count)}</DialogTitle>
            <DialogContent>{strings.closeAllDialog.body}</DialogContent>
            {/* Cancel first: the dialog focuses the first button, and that should be the harmless one. */}
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">{strings.closeAllDialog.cancel}</Button>
              </DialogTrigger>
              <Button appearance="primary" onClick={confirm}>
                {strings.closeAllDialog.confirm}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}

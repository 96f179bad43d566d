/**
 * The question "Close all N sessions?", in its own chunk with Fluent's Dialog: loaded the first
 * time the person asks for it (CloseAllAction.tsx).
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-components';
import { type ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nContext';

export interface CloseAllDialogProps {
  open: boolean;
  count: number;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  /** The exit animation has finished: the dialog can be unmounted without leaving anything behind. */
  onGone: () => void;
}

export function CloseAllDialog({ open, count, onOpenChange, onConfirm, onGone }: CloseAllDialogProps): ReactNode {
  const { strings } = useI18n();
  return (
    <Dialog
      open={open}
      onOpenChange={(_event, data) => onOpenChange(data.open)}
      surfaceMotion={{ onMotionFinish: (_event, data) => data.direction === 'exit' && onGone() }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{strings.closeAllDialog.title(count)}</DialogTitle>
          <DialogContent>{strings.closeAllDialog.body}</DialogContent>
          {/* Cancel first: the dialog focuses the first button, and that should be the harmless one. */}
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">{strings.closeAllDialog.cancel}</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={onConfirm}>
              {strings.closeAllDialog.confirm}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

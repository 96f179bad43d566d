/**
 * "Close all sessions", asked once more in a dialog because it cannot be undone.
 *
 * The button is plain and cheap; the dialog (Fluent's Dialog, with its portal, focus trap and
 * motion, a fifth of the pane's JavaScript) is fetched the first time someone asks, and is
 * mounted only while it is on screen: unmounted once its exit animation has finished, never
 * earlier (a modal unmounted mid-animation leaves aria-hidden on the rest of the pane) and never
 * later (its focus-trap sentinels would stay on the page, hidden yet focusable).
 */
import { Button } from '@fluentui/react-components';
import { DismissCircleRegular } from '@fluentui/react-icons';
import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import { BusyIcon } from '../../ui/BusyIcon';

const CloseAllDialog = lazy(() =>
  import(/* webpackChunkName: "close-all" */ './CloseAllDialog').then((m) => ({ default: m.CloseAllDialog })),
);

export interface CloseAllActionProps {
  /** Whether the button is shown. */
  offered: boolean;
  /** How many sessions "Close all" would close (shown in the question). */
  count: number;
  /** Some close is in flight: one at a time keeps a row from being closed twice (stays focusable). */
  disabled: boolean;
  /** The "Close all" request itself is in flight. */
  busy: boolean;
  onConfirm: () => void;
}

export function CloseAllAction({ offered, count, disabled, busy, onConfirm }: CloseAllActionProps): ReactNode {
  const { strings } = useI18n();
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  // Focus goes back to the button when the dialog closes (done here rather than with Fluent's
  // restore-focus target, which would bring the focus-trap library into the start JavaScript).
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) button.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const ask = (): void => {
    setMounted(true);
    setOpen(true);
  };
  const confirm = (): void => {
    setOpen(false);
    onConfirm();
  };
  return (
    <>
      {offered && (
        <Button
          ref={button}
          disabledFocusable={disabled}
          aria-busy={busy}
          icon={busy ? <BusyIcon /> : <DismissCircleRegular />}
          onClick={ask}
        >
          {strings.closeAllButton}
        </Button>
      )}
      {mounted && (
        <Suspense fallback={null}>
          <CloseAllDialog
            open={open}
            count={count}
            onOpenChange={setOpen}
            onConfirm={confirm}
            onGone={() => setMounted(false)}
          />
        </Suspense>
      )}
    </>
  );
}

/** The Office dialog API for the host adapter (officeJsHost.ts), loaded when a dialog is first opened. */
import { DialogError, type DialogEvent, type DialogHandle, type DialogOptions } from './OfficeHost';

/** `displayDialogAsync` as a promise; the dialog's messages and events go to `onEvent`, validated. */
export function openOfficeDialog(
  office: typeof Office | undefined,
  url: string,
  options: DialogOptions,
  onEvent: (event: DialogEvent) => void,
): Promise<DialogHandle> {
  const ui = office?.context?.ui;
  if (!office || !ui || typeof ui.displayDialogAsync !== 'function')
    return Promise.reject(new DialogError(0, 'Office.context.ui.displayDialogAsync is not available'));
  return new Promise((resolve, reject) => {
    ui.displayDialogAsync(
      url,
      { width: options.width, height: options.height },
      (result: Office.AsyncResult<Office.Dialog>) => {
        if (result.status !== office.AsyncResultStatus.Succeeded || !result.value) {
          const code = typeof result.error?.code === 'number' ? result.error.code : 0;
          reject(new DialogError(code, `displayDialogAsync failed (${code})`));
          return;
        }
        const dialog = result.value;
        dialog.addEventHandler(office.EventType.DialogMessageReceived, (args: unknown) => {
          const message =
            typeof args === 'object' && args !== null ? (args as { message?: unknown }).message : undefined;
          if (typeof message === 'string') onEvent({ kind: 'message', message });
        });
        dialog.addEventHandler(office.EventType.DialogEventReceived, (args: unknown) => {
          const error = typeof args === 'object' && args !== null ? (args as { error?: unknown }).error : undefined;
          onEvent({ kind: 'event', code: typeof error === 'number' ? error : 0 });
        });
        resolve({ close: () => dialog.close() });
      },
    );
  });
}

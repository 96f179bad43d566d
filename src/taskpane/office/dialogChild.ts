/**
 * The Office host inside the sign-in dialog page: `messageParent` sends a string to the task
 * pane that opened the dialog. Only dialog.html loads this (the pane's adapter is officeJsHost.ts).
 */
import { DialogError } from './OfficeHost';

export function messageParent(message: string): void {
  const office = (globalThis as { Office?: typeof Office }).Office;
  const ui = typeof office === 'object' && office !== null ? office.context?.ui : undefined;
  if (!ui || typeof ui.messageParent !== 'function')
    throw new DialogError(0, 'Office.context.ui.messageParent is not available');
  ui.messageParent(message);
}

/** The shape of every visible string of the task pane; one object per supported language. */

export type { SupportedLocale } from './locales';

/** Where a workbook lives, as the row shows it. */
export type LocationText =
  | { kind: 'oneDrive'; folder: string }
  | { kind: 'site'; site: string; folder: string }
  | { kind: 'other'; host: string };

export interface Strings {
  appTitle: string;
  /** The document title (browser tab, Office's pane caption where it shows one). */
  pageTitle: string;
  signedInAs: (name: string) => string;
  about: { title: string; body: string; persistent: string; dismiss: string };
  currentWorkbookLabel: string;
  unsavedWorkbook: string;
  /** While Excel has not reported the workbook's URL yet (Excel on the web may report it late). */
  waitingForExcel: string;
  /** Said before the click where Graph's Excel API cannot open the workbook from. */
  unsupportedLocation: { personalOneDrive: string; localFile: string };
  persistLabel: string;
  openButton: string;
  /** Asked before a second session is opened on a workbook that already has one. */
  openAnother: { warning: (workbookName: string, count: number) => string; confirm: string; cancel: string };
  keepAliveLabel: string;
  keepAliveHint: string;
  refreshButton: string;
  sessionsHeading: string;
  loading: string;
  /** In the list's place while the person has to sign in first. */
  signedOutList: string;
  emptyTitle: string;
  emptyBody: string;
  row: {
    /** The marker on sessions of the workbook open in Excel. */
    thisWorkbook: string;
    /** "Session 2 of 3": which of several sessions on one workbook. */
    ordinal: (n: number, of: number) => string;
    location: (location: LocationText) => string;
    mode: { persistent: string; viewOnly: string };
    /** `relative` is an Intl.RelativeTimeFormat phrase ("5 min. ago"). */
    opened: (relative: string) => string;
    openedJustNow: string;
    expires: (relative: string) => string;
    expired: string;
    opening: string;
    closing: string;
    refreshing: string;
    /** Accessible names of a row's actions; `label` names the row (workbook, and which one). */
    closeLabel: (label: string) => string;
    /** Refreshes the session in Graph (refreshSession): it stays open longer. */
    refreshLabel: (label: string) => string;
    /** Opens the workbook itself, whichever of its sessions the row is. */
    openInExcelLabel: (workbookName: string) => string;
    /** The row's name when several sessions share a workbook. */
    duplicateLabel: (workbookName: string, n: number, of: number) => string;
  };
  announce: {
    loading: string;
    listUpdated: (count: number) => string;
    opening: (workbookName: string) => string;
    opened: (workbookName: string) => string;
    closing: (label: string) => string;
    closed: (label: string) => string;
    alreadyGone: (label: string) => string;
    refreshing: (label: string) => string;
    refreshed: (label: string, until: string) => string;
    closingMany: (count: number) => string;
    closedMany: (count: number) => string;
    /** Once per idle period, when keep-alive is not about to refresh the session. */
    expiringSoon: (label: string) => string;
    /** The row left the list. */
    expired: (label: string) => string;
    expiredMany: (count: number) => string;
  };
  /** Visible short notice when a Close found the session already gone. */
  alreadyGoneNotice: (label: string) => string;
  closeAllButton: string;
  closeAllDialog: { title: (count: number) => string; body: string; confirm: string; cancel: string };
  actions: { signIn: string; tryAgain: string; dismiss: string };
  /** The sign-in spinner; the rest of the sign-in bar's text loads with it (auth/signInStrings.ts). */
  signingIn: string;
}

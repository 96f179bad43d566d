/**
 * The task pane's only view of the Office host. Everything that touches `Office.*` lives behind
 * this interface (the real implementation is officeJsHost.ts), so the rest of the pane can be
 * tested with FakeOfficeHost and never has to guess what a global looks like.
 */

/** Why the pane is not running inside an Office application. */
export type NotInOfficeReason =
  /** `Office` is not defined: office.js did not load (blocked, offline, or a plain page). */
  | 'officeJsMissing'
  /** office.js loaded but `Office.onReady` reported no host: the page was opened in a browser tab. */
  | 'noHost'
  /** The host has no `Office.auth` (Office too old for single sign-on). */
  | 'noAuthApi'
  /** `Office.onReady` did not settle in time. */
  | 'timeout';

export type HostReadyResult =
  { kind: 'ready'; host: string; platform: string | null } | { kind: 'notInOffice'; reason: NotInOfficeReason };

/** The subset of office.js `AuthOptions` the pane uses. */
export interface SsoTokenOptions {
  allowSignInPrompt: boolean;
  allowConsentPrompt: boolean;
  forMSGraphAccess: boolean;
  /** The claims string from a claims challenge (MFA / conditional access). */
  authChallenge?: string;
}

/** Used when office.js rejected with something that has no numeric `code`. */
export const UNRECOGNISED_SSO_ERROR_CODE = 0;

/**
 * A rejection of `Office.auth.getAccessToken`, reduced to the documented numeric code
 * (13000–13013, 50001: https://learn.microsoft.com/en-us/office/dev/add-ins/develop/troubleshoot-sso-in-office-add-ins).
 * Classify by `code`, never by `message`.
 */
export class SsoError extends Error {
  override readonly name = 'SsoError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the Office dialog reports while it is open (`DialogMessageReceived`, `DialogEventReceived`). */
export type DialogEvent = { kind: 'message'; message: string } | { kind: 'event'; code: number };

/** An open Office dialog. */
export interface DialogHandle {
  close(): void;
}

export interface DialogOptions {
  /** Percent of the screen (1–100). */
  width: number;
  height: number;
}

/**
 * displayDialogAsync failed (12004 domain not trusted, 12005 not https, 12007 a dialog already
 * open, 12009 blocked by the user or the browser, …), or the host has no dialog API (0).
 */
export class DialogError extends Error {
  override readonly name = 'DialogError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the pane needs of `Office.context.officeTheme`
 * (https://learn.microsoft.com/javascript/api/office/office.officetheme): whether Office is dark.
 */
export interface OfficeThemeInfo {
  isDark: boolean;
}

export interface OfficeHost {
  /** Waits for office.js; never rejects. */
  ready(): Promise<HostReadyResult>;
  /**
   * The open workbook's URL when it is an https document (OneDrive/SharePoint), otherwise null.
   * Read afresh on every call: Excel on the web may fill it in only after onReady.
   */
  documentUrl(): string | null;
  /** Office's theme, or null when the host does not say (older hosts, outside Office). */
  officeTheme(): OfficeThemeInfo | null;
  /** Office's UI language, e.g. "es-ES"; "en-US" when unknown. */
  displayLanguage(): string;
  /** Rejects only with SsoError. */
  getAccessToken(options: SsoTokenOptions): Promise<string>;
  /** `Office.context.requirements.isSetSupported`; false when the host cannot tell. */
  isSetSupported(name: string, minVersion: string): boolean;
  /** Opens an Office dialog on `url` (the add-in's own origin); rejects only with DialogError. */
  openDialog(url: string, options: DialogOptions, onEvent: (event: DialogEvent) => void): Promise<DialogHandle>;
}

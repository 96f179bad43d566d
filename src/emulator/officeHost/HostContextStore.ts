/**
 * The dev host's current choice: who is signed into "Office", which workbook is open (or an
 * unsaved one), the UI language, and how `getAccessToken` should behave. The emulated Excel on the web
 * reads it once per page load.
 */
import { type DisplayLanguage } from '../directory/seed';

/**
 * Office SSO error codes the host can be told to fail with: every documented one (https://learn.microsoft.com/en-us/office/dev/add-ins/develop/troubleshoot-sso-in-office-add-ins).
 * 13008 also comes from the emulated host by itself, for a second call while one is pending.
 */
export const SSO_FAILURE_CODES = [
  13000, 13001, 13002, 13003, 13004, 13005, 13006, 13007, 13008, 13010, 13012, 13013, 50001,
] as const;
export type SsoFailureCode = (typeof SSO_FAILURE_CODES)[number];
export type SsoBehaviour = 'ok' | SsoFailureCode;

/**
 * Where Excel opened the file from, which decides the form of `Office.context.document.url`:
 * its SharePoint/OneDrive for Business URL, a path on the computer (a downloaded copy in Excel
 * on Windows), or a personal OneDrive URL (`https://d.docs.live.net/{cid}/…`), which the Excel
 * REST API does not serve (https://learn.microsoft.com/en-us/graph/api/resources/excel).
 */
export const DOCUMENT_LOCATIONS = ['cloud', 'desktop', 'personalOneDrive'] as const;
export type DocumentLocation = (typeof DOCUMENT_LOCATIONS)[number];

/** The longest the dev host can hold `document.url` empty after `onReady`. */
export const MAX_DOCUMENT_URL_DELAY_MS = 60_000;

/**
 * How the emulated host's nested app authentication broker behaves (when NestedAppAuth is on):
 * `ok`; `interactionRequired` (silent requests always need the prompt); `unavailable` (the
 * bridge answers NESTED_APP_AUTH_UNAVAILABLE); `noNetwork` (NO_NETWORK).
 */
export const NESTED_APP_AUTH_BEHAVIOURS = ['ok', 'interactionRequired', 'unavailable', 'noNetwork'] as const;
export type NestedAppAuthBehaviour = (typeof NESTED_APP_AUTH_BEHAVIOURS)[number];

export interface HostContext {
  userOid: string;
  /** `null`: an unsaved workbook, for which Office reports no URL. */
  workbookItemId: string | null;
  displayLanguage: DisplayLanguage;
  ssoBehaviour: SsoBehaviour;
  /** Whether the host claims the NestedAppAuth requirement set (default: no). */
  nestedAppAuth: boolean;
  /** false: getAccessToken({ forMSGraphAccess: true }) fails with 13012 (no admin consent to Graph scopes). */
  graphScopesConsented: boolean;
  documentLocation: DocumentLocation;
  /**
   * 0: `document.url` is set when `onReady` resolves. Otherwise it is empty at `onReady` and
   * filled this many ms later, as Excel on the web sometimes does
   * (https://github.com/OfficeDev/office-js/issues/2476).
   */
  documentUrlDelayMs: number;
  nestedAppAuthBehaviour: NestedAppAuthBehaviour;
}

/** The host choices that have a default, so a caller may leave them out. */
export const HOST_CONTEXT_DEFAULTS = {
  nestedAppAuth: false,
  graphScopesConsented: true,
  documentLocation: 'cloud',
  documentUrlDelayMs: 0,
  nestedAppAuthBehaviour: 'ok',
} as const satisfies Partial<HostContext>;
export type HostContextInit = Omit<HostContext, keyof typeof HOST_CONTEXT_DEFAULTS> & Partial<HostContext>;

export function isSsoBehaviour(value: unknown): value is SsoBehaviour {
  return value === 'ok' || (typeof value === 'number' && (SSO_FAILURE_CODES as readonly number[]).includes(value));
}

export class HostContextStore {
  private current: HostContext;

  private readonly initial: () => HostContext;

  constructor(initial: () => HostContextInit) {
    this.initial = () => ({ ...HOST_CONTEXT_DEFAULTS, ...initial() });
    this.current = this.initial();
  }

  get(): HostContext {
    return { ...this.current };
  }

  set(next: HostContext): void {
    this.current = { ...next };
  }

  reset(): void {
    this.current = this.initial();
  }
}

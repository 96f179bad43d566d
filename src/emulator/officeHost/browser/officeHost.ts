/**
 * An `Office` object for a plain browser page, keeping the parts of office.js's contract the
 * add-in uses (see the common brief). It learns the "open document" and the signed-in user from
 * the emulator at runtime and gets SSO tokens from it. Only this module talks to the emulator;
 * `fetch` is injected so tests can play the emulator.
 */
import { ASYNC_RESULT_STATUS, createDialogOpener, createMessageParent, EVENT_TYPES, type DialogChildPlatform, type DialogPlatform } from './officeDialog';
import { isKnownOfficeErrorCode, officeError } from './officeErrors';
import { officeThemeFor, type OfficeThemeView } from './officeTheme';

export type FetchLike = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string; mode?: 'cors'; credentials?: 'omit' }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/**
 * One call to the emulator across origins, without credentials (it answers CORS for the add-in's
 * origin only): a GET, or with `body` a POST of it as JSON. Answers the parsed JSON body; any
 * answer but a 2xx throws.
 */
export async function callEmulator(fetch: FetchLike, url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(
    url,
    body === undefined
      ? { mode: 'cors', credentials: 'omit' }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), mode: 'cors', credentials: 'omit' },
  );
  if (!response.ok) throw new Error(`status ${response.status}`);
  return response.json();
}

export interface ReadyInfo {
  host: 'Excel';
  platform: 'OfficeOnline';
}

export interface AuthOptions {
  allowSignInPrompt?: boolean;
  allowConsentPrompt?: boolean;
  forMSGraphAccess?: boolean;
  authChallenge?: string;
}

export interface OfficeShim {
  HostType: Readonly<Record<string, string>>;
  PlatformType: Readonly<Record<string, string>>;
  AsyncResultStatus: typeof ASYNC_RESULT_STATUS;
  EventType: typeof EVENT_TYPES;
  onReady(callback?: (info: ReadyInfo) => void): Promise<ReadyInfo>;
  /** Legacy entry point: called once when the host is ready, if the page set it. */
  initialize?: (reason: string) => void;
  context: {
    document: { url: string | null };
    displayLanguage: string;
    officeTheme: OfficeThemeView;
    requirements: { isSetSupported(name: string, minVersion?: string): boolean };
    ui: {
      displayDialogAsync: ReturnType<typeof createDialogOpener>;
      messageParent: ReturnType<typeof createMessageParent>;
    };
  };
  auth: { getAccessToken(options?: AuthOptions): Promise<string> };
}

export interface OfficeHostDeps {
  /** The emulator's origin, e.g. https://localhost:3100. */
  emulatorOrigin: string;
  fetch: FetchLike;
  /** Where to report problems the page cannot see otherwise (default: nowhere). */
  warn?: (message: string) => void;
  /** The browser for the dialog API: the page that opens dialogs, and the dialog page itself. */
  dialog: DialogPlatform;
  dialogChild: DialogChildPlatform;
  /** Runs `task` after `ms` (the document URL that arrives late); default setTimeout. */
  later?: (ms: number, task: () => void) => void;
  /**
   * Installs `window.nestedAppAuthBridge` when the dev host ticks NestedAppAuth (called once the
   * host context is read, before `onReady` resolves, so MSAL.js always finds it).
   */
  installNestedAppAuthBridge?: () => void;
}

/**
 * Requirement sets the emulated host claims: only what the emulator really backs. DialogApi 1.1
 * (displayDialogAsync, messageParent) but not 1.2 (messageChild); NestedAppAuth only when the
 * dev host turns it on (default off: the add-in must take the legacy SSO path).
 */
const SUPPORTED_SETS: Readonly<Record<string, string>> = { identityapi: '1.3', dialogapi: '1.1' };
const NESTED_APP_AUTH = { name: 'nestedappauth', version: '1.1' };
const READY: ReadyInfo = { host: 'Excel', platform: 'OfficeOnline' };

export function createOfficeHost(deps: OfficeHostDeps): OfficeShim {
  const warn = deps.warn ?? (() => undefined);
  const later = deps.later ?? ((ms: number, task: () => void) => void setTimeout(task, ms));
  let tokenRequestInFlight = false;
  let ready: Promise<ReadyInfo> | undefined;
  let nestedAppAuth = false;
  let dialogBlocked = false;
  const isSetSupported = (name: string, minVersion?: string): boolean => {
    const key = String(name).toLowerCase();
    const supported = key === NESTED_APP_AUTH.name && nestedAppAuth ? NESTED_APP_AUTH.version : SUPPORTED_SETS[key];
    return supported !== undefined && versionAtLeast(supported, minVersion);
  };

  const office: OfficeShim = {
    HostType: { Excel: 'Excel', Word: 'Word', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' },
    PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' },
    AsyncResultStatus: ASYNC_RESULT_STATUS,
    EventType: EVENT_TYPES,
    context: {
      document: { url: null },
      displayLanguage: 'en-US',
      officeTheme: officeThemeFor('light'),
      requirements: { isSetSupported },
      // The dev host's "dialog blocked" makes the window fail to open, as a popup blocker does (12009).
      ui: { displayDialogAsync: createDialogOpener({ ...deps.dialog, openWindow: (url, name, features) => (dialogBlocked ? null : deps.dialog.openWindow(url, name, features)) }), messageParent: createMessageParent(deps.dialogChild) },
    },
    onReady(callback) {
      ready ??= loadContext().then(() => {
        office.initialize?.('');
        return READY;
      });
      return ready.then((info) => {
        callback?.(info);
        return info;
      });
    },
    auth: { getAccessToken },
  };

  /** Reads the dev host's choice once. Office.onReady never rejects, so failures only warn. */
  async function loadContext(): Promise<void> {
    try {
      const body = await callEmulator(deps.fetch, `${deps.emulatorOrigin}/_emulator/host/context`);
      const context =
        typeof body === 'object' && body !== null ? (body as { documentUrl?: unknown; documentUrlDelayMs?: unknown; displayLanguage?: unknown; theme?: unknown; nestedAppAuth?: unknown; dialogBehaviour?: unknown }) : {};
      const url = typeof context.documentUrl === 'string' ? context.documentUrl : null;
      const delay = typeof context.documentUrlDelayMs === 'number' && Number.isFinite(context.documentUrlDelayMs) ? context.documentUrlDelayMs : 0;
      if (url !== null && delay > 0) {
        // Excel on the web may report an empty URL at first and the real one a moment later.
        office.context.document.url = '';
        later(delay, () => {
          office.context.document.url = url;
        });
      } else {
        office.context.document.url = url;
      }
      if (typeof context.displayLanguage === 'string') office.context.displayLanguage = context.displayLanguage;
      office.context.officeTheme = officeThemeFor(context.theme);
      nestedAppAuth = context.nestedAppAuth === true;
      dialogBlocked = context.dialogBehaviour === 'blocked';
      if (nestedAppAuth) deps.installNestedAppAuthBridge?.();
    } catch (error: unknown) {
      warn(`Office host emulator: could not read the host context from ${deps.emulatorOrigin} (${error instanceof Error ? error.message : String(error)}).`);
    }
  }

  async function getAccessToken(options?: AuthOptions): Promise<string> {
    // office.js: a second call while one is pending fails at once with 13008.
    if (tokenRequestInFlight) throw officeError(13008);
    tokenRequestInFlight = true;
    try {
      return await requestToken(options ?? {});
    } finally {
      tokenRequestInFlight = false;
    }
  }

  async function requestToken(options: AuthOptions): Promise<string> {
    const body: AuthOptions = {};
    for (const flag of ['allowSignInPrompt', 'allowConsentPrompt', 'forMSGraphAccess'] as const) {
      if (typeof options[flag] === 'boolean') body[flag] = options[flag];
    }
    if (typeof options.authChallenge === 'string') body.authChallenge = options.authChallenge;
    let answer: unknown;
    try {
      answer = await callEmulator(deps.fetch, `${deps.emulatorOrigin}/_emulator/host/token`, body);
    } catch (error: unknown) {
      // The identity provider (here: the emulator) failed: office.js reports that as 13007.
      warn(`Office host emulator: token request failed (${error instanceof Error ? error.message : String(error)}).`);
      throw officeError(13007);
    }
    const result = typeof answer === 'object' && answer !== null ? (answer as { accessToken?: unknown; officeError?: { code?: unknown } }) : {};
    if (typeof result.accessToken === 'string' && result.accessToken.length > 0) return result.accessToken;
    const code = result.officeError?.code;
    throw officeError(isKnownOfficeErrorCode(code) ? code : 13007);
  }

  return office;
}

/** `isSetSupported(name, minVersion?)`: names are case-insensitive; versions compare as major.minor. */
function versionAtLeast(supported: string, minVersion: string | undefined): boolean {
  if (minVersion === undefined || minVersion === '') return true;
  return compareVersions(supported, String(minVersion)) >= 0;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (Number.isNaN(d)) return -1;
    if (d !== 0) return d;
  }
  return 0;
}

/** The emulator's origin from the URL this script was loaded from (`E/_host/office.js`). */
export function emulatorOriginFromScript(scriptSrc: string | undefined, pageUrl: string): string | undefined {
  if (scriptSrc === undefined || scriptSrc === '') return undefined;
  try {
    return new URL(scriptSrc, pageUrl).origin;
  } catch {
    return undefined;
  }
}

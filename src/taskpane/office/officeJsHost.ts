/** The real OfficeHost, over the global `Office` that office.js (or the local emulator) defines. */
import {
  type DialogEvent,
  type DialogHandle,
  type DialogOptions,
  type HostReadyResult,
  type OfficeHost,
  type OfficeThemeInfo,
  type SsoTokenOptions,
} from './OfficeHost';
import {
  DEFAULT_DISPLAY_LANGUAGE,
  toSsoError,
  validDisplayLanguage,
  validDocumentUrl,
  validOfficeTheme,
} from './hostValues';

/** office.js resolves onReady in well under a second; this only guards against a hang. */
const DEFAULT_READY_TIMEOUT_MS = 15_000;

function browserColourScheme(): OfficeThemeInfo | null {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return null;
  return { isDark: window.matchMedia('(prefers-color-scheme: dark)').matches };
}

/** Read at call time: office.js may define `Office` after this module was evaluated. */
function officeGlobal(): typeof Office | undefined {
  const candidate = (globalThis as { Office?: unknown }).Office;
  return typeof candidate === 'object' && candidate !== null ? (candidate as typeof Office) : undefined;
}

export function createOfficeJsHost(readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS): OfficeHost {
  /**
   * office.js sets `document.url` once, when the add-in starts; Excel on the web may not know the
   * URL yet then (https://github.com/OfficeDev/office-js/issues/2476). The file's properties are
   * asked for again (getFilePropertiesAsync) and the URL they carry is kept once it is there.
   */
  let lateDocumentUrl: string | null = null;
  let askingFileProperties = false;
  const askFileProperties = (office: typeof Office | undefined): void => {
    const document = office?.context?.document;
    if (askingFileProperties || typeof document?.getFilePropertiesAsync !== 'function') return;
    askingFileProperties = true;
    try {
      document.getFilePropertiesAsync((result: Office.AsyncResult<Office.FileProperties>) => {
        askingFileProperties = false;
        if (result.status === office?.AsyncResultStatus.Succeeded)
          lateDocumentUrl = validDocumentUrl(result.value?.url);
      });
    } catch {
      askingFileProperties = false;
    }
  };

  return {
    async ready(): Promise<HostReadyResult> {
      const office = officeGlobal();
      if (!office || typeof office.onReady !== 'function') return { kind: 'notInOffice', reason: 'officeJsMissing' };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), readyTimeoutMs);
      });
      try {
        const info: unknown = await Promise.race([office.onReady(), timeout]);
        if (info === 'timeout') return { kind: 'notInOffice', reason: 'timeout' };
        const { host, platform } = (typeof info === 'object' && info !== null ? info : {}) as {
          host?: unknown;
          platform?: unknown;
        };
        if (typeof host !== 'string' || host.length === 0) return { kind: 'notInOffice', reason: 'noHost' };
        if (typeof office.auth?.getAccessToken !== 'function') return { kind: 'notInOffice', reason: 'noAuthApi' };
        return { kind: 'ready', host, platform: typeof platform === 'string' ? platform : null };
      } catch {
        return { kind: 'notInOffice', reason: 'noHost' };
      } finally {
        clearTimeout(timer);
      }
    },

    documentUrl(): string | null {
      try {
        const office = officeGlobal();
        const url = validDocumentUrl(office?.context?.document?.url) ?? lateDocumentUrl;
        if (url === null) askFileProperties(office);
        return url;
      } catch {
        // Some hosts throw from `context` before they are ready; treat it as "no URL".
        return null;
      }
    },

    officeTheme(): OfficeThemeInfo | null {
      try {
        // Excel on the web gives add-ins no Office theme (office.js defines no officeTheme there):
        // the browser's colour scheme stands in for it.
        return validOfficeTheme(officeGlobal()?.context?.officeTheme) ?? browserColourScheme();
      } catch {
        return browserColourScheme();
      }
    },

    displayLanguage(): string {
      try {
        return validDisplayLanguage(officeGlobal()?.context?.displayLanguage);
      } catch {
        return DEFAULT_DISPLAY_LANGUAGE;
      }
    },

    async getAccessToken(options: SsoTokenOptions): Promise<string> {
      const auth = officeGlobal()?.auth;
      if (!auth || typeof auth.getAccessToken !== 'function') {
        // 13000: "The getAccessToken API is not supported by the add-in or the Office version."
        throw toSsoError({ code: 13000, message: 'Office.auth is not available' });
      }
      let token: unknown;
      try {
        token = await auth.getAccessToken({ ...options });
      } catch (reason: unknown) {
        throw toSsoError(reason);
      }
      if (typeof token !== 'string' || token.length === 0) {
        throw toSsoError({ code: 0, message: 'Office.auth.getAccessToken resolved without a token' });
      }
      return token;
    },

    isSetSupported(name: string, minVersion: string): boolean {
      try {
        return officeGlobal()?.context?.requirements?.isSetSupported(name, minVersion) === true;
      } catch {
        return false;
      }
    },

    openDialog(url: string, options: DialogOptions, onEvent: (event: DialogEvent) => void): Promise<DialogHandle> {
      // Only the sign-in fallbacks open dialogs: this code loads with them.
      return import(/* webpackChunkName: "office-dialog" */ './officeDialog').then((m) =>
        m.openOfficeDialog(officeGlobal(), url, options, onEvent),
      );
    },
  };
}

/**
 * An OfficeHost for tests: the Office boundary, faked. Tokens and rejections are queued or
 * produced by a function, and every getAccessToken call is recorded with its options.
 */
import {
  DialogError,
  type DialogEvent,
  type DialogHandle,
  type HostReadyResult,
  type OfficeHost,
  type OfficeThemeInfo,
  SsoError,
  type SsoTokenOptions,
} from './OfficeHost';

export type FakeTokenResponse = string | { ssoErrorCode: number };

export interface FakeOfficeHostOptions {
  ready?: HostReadyResult;
  /** The document URL; a function is asked on every read (to play a URL that arrives late). */
  documentUrl?: string | null | (() => string | null);
  displayLanguage?: string;
  /** Requirement sets the fake host claims, e.g. { NestedAppAuth: '1.1' }. */
  requirementSets?: Record<string, string>;
  /** Plays the dialog: fail with a code, or answer each open with events. */
  dialog?: (url: string, emit: (event: DialogEvent) => void) => { failWith: number } | void;
  /** Office's theme; a function is asked on every read (to play a theme change). */
  officeTheme?: OfficeThemeInfo | null | (() => OfficeThemeInfo | null);
  /** Produces the answer of each getAccessToken call (default: a fresh unsigned JWT valid 1 h). */
  tokens?: (call: number, options: SsoTokenOptions) => FakeTokenResponse | Promise<FakeTokenResponse>;
}

/** An unsigned JWT whose payload has the given `exp`; enough for the pane, which only reads `exp`. */
export function fakeJwt(expSeconds: number, extra: Record<string, unknown> = {}): string {
  // UTF-8, as real tokens are: each byte of the encoded JSON becomes one character for btoa.
  const encode = (value: object): string =>
    btoa(
      encodeURIComponent(JSON.stringify(value)).replace(/%([0-9A-F]{2})/g, (_m, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      ),
    )
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ exp: expSeconds, ...extra })}.sig`;
}

export class FakeOfficeHost implements OfficeHost {
  readonly tokenCalls: SsoTokenOptions[] = [];
  readonly dialogUrls: string[] = [];
  closedDialogs = 0;
  private readonly options: FakeOfficeHostOptions;

  constructor(options: FakeOfficeHostOptions = {}) {
    this.options = options;
  }

  ready(): Promise<HostReadyResult> {
    return Promise.resolve(this.options.ready ?? { kind: 'ready', host: 'Excel', platform: 'OfficeOnline' });
  }

  documentUrl(): string | null {
    const { documentUrl } = this.options;
    if (documentUrl === undefined)
      return 'https://contoso.sharepoint.com/sites/finance/Shared Documents/Presupuesto 2027.xlsx';
    return typeof documentUrl === 'function' ? documentUrl() : documentUrl;
  }

  officeTheme(): OfficeThemeInfo | null {
    const { officeTheme } = this.options;
    if (officeTheme === undefined) return { isDark: false };
    return typeof officeTheme === 'function' ? officeTheme() : officeTheme;
  }

  displayLanguage(): string {
    return this.options.displayLanguage ?? 'en-US';
  }

  async getAccessToken(options: SsoTokenOptions): Promise<string> {
    this.tokenCalls.push({ ...options });
    const call = this.tokenCalls.length;
    const answer = this.options.tokens
      ? await this.options.tokens(call, options)
      : fakeJwt(Math.floor(Date.now() / 1000) + 3600, { n: call });
    if (typeof answer === 'string') return answer;
    throw new SsoError(answer.ssoErrorCode, `fake Office SSO error ${answer.ssoErrorCode}`);
  }

  isSetSupported(name: string, minVersion: string): boolean {
    const version = this.options.requirementSets?.[name];
    return version !== undefined && Number(version) >= Number(minVersion);
  }

  openDialog(url: string, _options: unknown, onEvent: (event: DialogEvent) => void): Promise<DialogHandle> {
    this.dialogUrls.push(url);
    let open = true;
    const emit = (event: DialogEvent): void => {
      if (open) onEvent(event);
    };
    const outcome = this.options.dialog?.(url, (event) => queueMicrotask(() => emit(event)));
    if (outcome && 'failWith' in outcome)
      return Promise.reject(new DialogError(outcome.failWith, `fake dialog error ${outcome.failWith}`));
    return Promise.resolve({
      close: () => {
        open = false;
        this.closedDialogs += 1;
      },
    });
  }
}

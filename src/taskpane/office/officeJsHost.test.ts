import { SsoError } from './OfficeHost';
import { createOfficeJsHost } from './officeJsHost';
import { toSsoError, validDisplayLanguage, validDocumentUrl } from './hostValues';

type Global = { Office?: unknown };

function installOffice(office: unknown): void {
  (globalThis as Global).Office = office;
}

afterEach(() => {
  delete (globalThis as Global).Office;
});

const excelOnline = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  onReady: () => Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }),
  auth: { getAccessToken: () => Promise.resolve('header.payload.sig') },
  context: {
    displayLanguage: 'es-ES',
    document: { url: 'https://contoso.sharepoint.com/Shared Documents/Libro.xlsx' },
  },
  ...overrides,
});

describe('createOfficeJsHost', () => {
  it('is ready inside Excel and reads language and document URL', async () => {
    installOffice(excelOnline());
    const host = createOfficeJsHost();
    await expect(host.ready()).resolves.toEqual({ kind: 'ready', host: 'Excel', platform: 'OfficeOnline' });
    expect(host.displayLanguage()).toBe('es-ES');
    expect(host.documentUrl()).toBe('https://contoso.sharepoint.com/Shared Documents/Libro.xlsx');
  });

  it('an empty document URL at start is asked for again through getFilePropertiesAsync, and kept once it arrives', () => {
    let answer = '';
    const asked: number[] = [];
    installOffice(
      excelOnline({
        AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
        context: {
          document: {
            url: '',
            getFilePropertiesAsync: (callback: (result: unknown) => void) => {
              asked.push(1);
              callback({ status: 'succeeded', value: { url: answer } });
            },
          },
        },
      }),
    );
    const host = createOfficeJsHost();
    expect(host.documentUrl()).toBeNull();
    answer = 'https://contoso.sharepoint.com/Shared Documents/Libro.xlsx';
    expect(host.documentUrl()).toBeNull();
    expect(host.documentUrl()).toBe(answer);
    expect(asked).toHaveLength(2);
  });

  it('reports officeJsMissing when there is no Office global', async () => {
    await expect(createOfficeJsHost().ready()).resolves.toEqual({ kind: 'notInOffice', reason: 'officeJsMissing' });
  });

  it('reports noHost when onReady resolves with host null (a plain browser tab)', async () => {
    installOffice(excelOnline({ onReady: () => Promise.resolve({ host: null, platform: null }) }));
    await expect(createOfficeJsHost().ready()).resolves.toEqual({ kind: 'notInOffice', reason: 'noHost' });
  });

  it('reports noAuthApi when Office.auth is undefined', async () => {
    installOffice(excelOnline({ auth: undefined }));
    await expect(createOfficeJsHost().ready()).resolves.toEqual({ kind: 'notInOffice', reason: 'noAuthApi' });
  });

  it('reports timeout when onReady never settles', async () => {
    installOffice(excelOnline({ onReady: () => new Promise(() => undefined) }));
    await expect(createOfficeJsHost(10).ready()).resolves.toEqual({ kind: 'notInOffice', reason: 'timeout' });
  });

  it('converts an office.js rejection into SsoError with its numeric code', async () => {
    installOffice(
      excelOnline({
        auth: { getAccessToken: () => Promise.reject({ code: 13002, name: 'UserAborted', message: 'cancelled' }) },
      }),
    );
    const error: unknown = await createOfficeJsHost()
      .getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsoError);
    expect((error as SsoError).code).toBe(13002);
  });

  it('passes the options through to Office.auth.getAccessToken', async () => {
    const seen: unknown[] = [];
    installOffice(
      excelOnline({ auth: { getAccessToken: (options: unknown) => (seen.push(options), Promise.resolve('t.t.t')) } }),
    );
    await createOfficeJsHost().getAccessToken({
      allowSignInPrompt: true,
      allowConsentPrompt: true,
      forMSGraphAccess: true,
      authChallenge: 'c',
    });
    expect(seen).toEqual([
      { allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: true, authChallenge: 'c' },
    ]);
  });

  it('answers a null or local document URL with null', () => {
    installOffice(excelOnline({ context: { displayLanguage: 'en-US', document: { url: null } } }));
    expect(createOfficeJsHost().documentUrl()).toBeNull();
    installOffice(
      excelOnline({ context: { displayLanguage: 'en-US', document: { url: 'C:\\Users\\ana\\Libro1.xlsx' } } }),
    );
    expect(createOfficeJsHost().documentUrl()).toBeNull();
  });
});

describe('host value validation', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['Libro1', null],
    ['file:///C:/Libro1.xlsx', null],
    ['http://contoso.sharepoint.com/a.xlsx', null],
    [`https://contoso.sharepoint.com/${'a'.repeat(2100)}.xlsx`, null],
    ['https://contoso.sharepoint.com/a.xlsx', 'https://contoso.sharepoint.com/a.xlsx'],
  ])('validDocumentUrl(%p) → %p', (input, expected) => {
    expect(validDocumentUrl(input)).toBe(expected);
  });

  it.each([
    ['es-ES', 'es-ES'],
    ['es', 'es'],
    [42, 'en-US'],
    ['<script>', 'en-US'],
  ])('validDisplayLanguage(%p) → %p', (input, expected) => {
    expect(validDisplayLanguage(input)).toBe(expected);
  });

  it('gives code 0 to rejections without a numeric code', () => {
    expect(toSsoError(new Error('boom')).code).toBe(0);
    expect(toSsoError({ code: '13008' }).code).toBe(13008);
  });
});

describe('Office theme', () => {
  it('reads isDarkTheme when the host gives it', () => {
    installOffice(
      excelOnline({
        context: {
          displayLanguage: 'en-US',
          document: { url: null },
          officeTheme: { isDarkTheme: true, bodyBackgroundColor: '#FFFFFF' },
        },
      }),
    );
    expect(createOfficeJsHost().officeTheme()).toEqual({ isDark: true });
  });

  it('judges an older host by the luminance of its body background', () => {
    installOffice(
      excelOnline({
        context: { displayLanguage: 'en-US', document: { url: null }, officeTheme: { bodyBackgroundColor: '#262626' } },
      }),
    );
    expect(createOfficeJsHost().officeTheme()).toEqual({ isDark: true });
    installOffice(
      excelOnline({
        context: { displayLanguage: 'en-US', document: { url: null }, officeTheme: { bodyBackgroundColor: '#F3F2F1' } },
      }),
    );
    expect(createOfficeJsHost().officeTheme()).toEqual({ isDark: false });
  });

  it("follows the browser's colour scheme when the host has no theme (Excel on the web) or a malformed one", () => {
    const original = window.matchMedia;
    const scheme = { dark: false };
    window.matchMedia = ((query: string) => ({
      matches: query === '(prefers-color-scheme: dark)' && scheme.dark,
      media: query,
    })) as unknown as typeof window.matchMedia;
    try {
      installOffice(excelOnline());
      expect(createOfficeJsHost().officeTheme()).toEqual({ isDark: false });
      scheme.dark = true;
      expect(createOfficeJsHost().officeTheme()).toEqual({ isDark: true });
      installOffice(
        excelOnline({
          context: { displayLanguage: 'en-US', document: { url: null }, officeTheme: { bodyBackgroundColor: 'dark' } },
        }),
      );
      expect(createOfficeJsHost().officeTheme()).toEqual({ isDark: true });
    } finally {
      window.matchMedia = original;
    }
  });

  it('reads the document URL afresh on every call (Excel on the web may fill it in late)', () => {
    const document: { url: string | null } = { url: '' };
    installOffice(excelOnline({ context: { displayLanguage: 'en-US', document } }));
    const host = createOfficeJsHost();
    expect(host.documentUrl()).toBeNull();
    document.url = 'https://contoso.sharepoint.com/a.xlsx';
    expect(host.documentUrl()).toBe('https://contoso.sharepoint.com/a.xlsx');
  });
});

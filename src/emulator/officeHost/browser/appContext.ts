/**
 * The application context the emulated Excel on the web gives office.js in answer to
 * `ContextActivationManager_getAppContextAsync`: the fields office.js reads off it to build
 * `Office.context` (`displayLanguage`, `contentLanguage`, `document.url`, `requirements`,
 * `diagnostics`…). Built from the emulator's host choices (`GET /_emulator/host/context`), which
 * this module validates field by field: anything missing or malformed falls back to the seed's
 * defaults rather than reaching office.js.
 */

/** office.js's `OSF.AppName.ExcelWebApp`. */
export const EXCEL_WEB_APP = 16;
/** The build this emulated Excel on the web reports as `Office.context.diagnostics.version`. */
export const EXCEL_WEB_FULL_VERSION = '16.0.19426.41003';
/** The `_host_Info` version: office.js picks `excel-web-16.00.js` from it. */
export const EXCEL_WEB_HOST_VERSION = '16.01';

/**
 * Requirement sets Excel on the web reports
 * (https://learn.microsoft.com/en-us/javascript/api/requirement-sets/excel/excel-api-requirement-sets,
 * https://learn.microsoft.com/en-us/javascript/api/requirement-sets/common/identity-api-requirement-sets,
 * https://learn.microsoft.com/en-us/javascript/api/requirement-sets/common/nested-app-auth-requirement-sets,
 * https://learn.microsoft.com/en-us/javascript/api/requirement-sets/common/dialog-api-requirement-sets).
 * Versions are strings: office.js compares major and minor as integers ("1.20" > "1.9").
 * NestedAppAuth is added only when the dev host turns it on (default off: the add-in then takes
 * the Office SSO path).
 */
export const EXCEL_WEB_REQUIREMENT_SETS: Readonly<Record<string, string>> = {
  ExcelApi: '1.20',
  ExcelApiOnline: '1.1',
  IdentityAPI: '1.3',
  DialogApi: '1.2',
  DialogOrigin: '1.1',
  SharedRuntime: '1.1',
  RibbonApi: '1.1',
  ImageCoercion: '1.1',
  OpenBrowserWindowApi: '1.1',
};
export const NESTED_APP_AUTH_SET = { name: 'NestedAppAuth', version: '1.1' } as const;

export interface HostChoices {
  documentUrl: string | null;
  documentUrlDelayMs: number;
  displayLanguage: string;
  nestedAppAuth: boolean;
}

const DEFAULT_CHOICES: HostChoices = {
  documentUrl: null,
  documentUrlDelayMs: 0,
  displayLanguage: 'en-US',
  nestedAppAuth: false,
};
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const MAX_DELAY_MS = 60_000;

/** The host choices from the emulator's answer, each field checked; the rest take defaults. */
export function readHostChoices(body: unknown): HostChoices {
  if (typeof body !== 'object' || body === null) return { ...DEFAULT_CHOICES };
  const view = body as Record<string, unknown>;
  const url = view.documentUrl;
  const delay = view.documentUrlDelayMs;
  const language = view.displayLanguage;
  return {
    documentUrl: typeof url === 'string' && url.length > 0 && url.length <= 4096 ? url : null,
    documentUrlDelayMs:
      typeof delay === 'number' && Number.isInteger(delay) && delay >= 0 && delay <= MAX_DELAY_MS ? delay : 0,
    displayLanguage:
      typeof language === 'string' && LANGUAGE_TAG.test(language) ? language : DEFAULT_CHOICES.displayLanguage,
    nestedAppAuth: view.nestedAppAuth === true,
  };
}

export function requirementMatrix(choices: Pick<HostChoices, 'nestedAppAuth'>): string {
  const sets: Record<string, string> = { ...EXCEL_WEB_REQUIREMENT_SETS };
  if (choices.nestedAppAuth) sets[NESTED_APP_AUTH_SET.name] = NESTED_APP_AUTH_SET.version;
  return JSON.stringify(sets);
}

export interface AppContextInit {
  /** The add-in instance id (the second `_xdm_Info` field). */
  appId: string;
  correlationId: string;
  choices: HostChoices;
  /** The document URL to report now: a late URL is empty at first (documentUrl.ts). */
  documentUrlNow: string;
  /** The add-in's own origin (its app domain). */
  addinOrigin: string;
}

/** The `_data` of the answer to `ContextActivationManager_getAppContextAsync`. */
export function buildAppContext(init: AppContextInit): Record<string, unknown> {
  const { choices } = init;
  return {
    _id: init.appId,
    _appInstanceId: init.appId,
    _appName: EXCEL_WEB_APP,
    _appVersion: 16,
    _appMinorVersion: 1,
    _hostFullVersion: EXCEL_WEB_FULL_VERSION,
    _appUILocale: choices.displayLanguage,
    _dataLocale: choices.displayLanguage,
    _docUrl: init.documentUrlNow,
    // OSF.ClientMode.ReadWrite; the task pane of an editable workbook.
    _clientMode: 1,
    // Excel on the web sends settings as [name, value] pairs; this add-in keeps none.
    _settings: [],
    _reason: 'documentOpened',
    // OSF.OsfControlType.ContainerLevel: a task pane.
    _osfControlType: 1,
    _eToken: '',
    _correlationId: init.correlationId,
    _requirementMatrix: requirementMatrix(choices),
    _dialogRequirementMatrix: undefined,
    _appDomains: [init.addinOrigin],
    _featureGates: {},
    _clientWindowHeight: 700,
    _clientWindowWidth: 350,
    _addinName: 'Workbook Sessions',
    _wacHostEnvironment: '0',
    _isFromWacAutomation: false,
  };
}

// @ts-check
/**
 * The settings of one deployment environment (manifests/environments/<name>.json), validated
 * before any manifest is written from them. Every problem is one line naming the field.
 *
 * {
 *   "environment": "production",              the file's name
 *   "kind": "production",                     "development" (localhost allowed), "staging" or "production"
 *   "publicUrl": "https://addin.contoso.com", the add-in's https origin
 *   "clientId": "<GUID>",                     the Entra app registration of this environment
 *   "manifestId": "<GUID>",                   the add-in's <Id>: stable per environment, distinct across them
 *   "version": "1.0.0.0",                     four numbers; must rise with every manifest written
 *   "displayName": "Workbook Sessions",       a visible " (<environment>)" is added outside production
 *   "localizedDisplayNames": { "es-ES": "Sesiones de libro" },   optional
 *   "providerName": "Contoso Ltd",            the publisher, not the product
 *   "supportUrl": "https://…"                 optional; default <publicUrl>/support
 * }
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const KINDS = ['development', 'staging', 'production'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
const ENVIRONMENT_NAME = /^(?=.{1,24}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const VERSION = /^\d{1,5}\.\d{1,5}\.\d{1,5}\.\d{1,5}$/;
const LOCALE = /^[a-z]{2,3}-[A-Z]{2}$/;
const SHORT_STRING_MAX = 125;
const SUPPORT_PATH = '/support';
const FIELDS = [
  'environment',
  'kind',
  'publicUrl',
  'clientId',
  'manifestId',
  'version',
  'displayName',
  'localizedDisplayNames',
  'providerName',
  'supportUrl',
];

/**
 * @typedef {object} EnvironmentSettings
 * @property {string} environment
 * @property {'development' | 'staging' | 'production'} kind
 * @property {string} publicUrl   origin, no trailing slash
 * @property {string} clientId    lower case
 * @property {string} manifestId  lower case
 * @property {string} version
 * @property {string} displayName          as shown, suffix included
 * @property {Record<string, string>} localizedDisplayNames   as shown, suffix included
 * @property {string} providerName
 * @property {string} supportUrl
 */

class SettingsError extends Error {
  /** @param {string} file @param {string[]} problems */
  constructor(file, problems) {
    super(`${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

/** @param {string} host */
function isLocalHost(host) {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || name.startsWith('127.');
}

/**
 * @param {string} field
 * @param {unknown} value
 * @param {string[]} problems
 * @param {boolean} localAllowed
 * @param {boolean} pathAllowed
 */
function httpsUrl(field, value, problems, localAllowed, pathAllowed) {
  if (typeof value !== 'string') {
    problems.push(`${field}: must be an https URL`);
    return undefined;
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${field}: "${value}" is not a URL`);
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    problems.push(`${field}: must be an https URL without credentials, query or fragment (got "${value}")`);
    return undefined;
  }
  if (!pathAllowed && url.pathname !== '/') {
    problems.push(`${field}: must be an origin such as https://addin.contoso.com, without a path (got "${value}")`);
    return undefined;
  }
  if (!localAllowed && isLocalHost(url.hostname)) {
    problems.push(`${field}: ${url.host} is this machine; only a "development" environment may use it`);
    return undefined;
  }
  return pathAllowed ? url.href : url.origin;
}

/**
 * @param {string} field
 * @param {unknown} value
 * @param {string[]} problems
 */
function guid(field, value, problems) {
  if (typeof value !== 'string' || !GUID.test(value)) {
    problems.push(`${field}: must be a GUID like 8c3d5a7e-1f2b-4c6d-9e0f-a1b2c3d4e5f6`);
    return '';
  }
  if (value === NIL_GUID) {
    problems.push(`${field}: replace the placeholder ${NIL_GUID} with the real value`);
    return '';
  }
  return value.toLowerCase();
}

/**
 * @param {string} field
 * @param {unknown} value
 * @param {number} max
 * @param {string[]} problems
 */
function text(field, value, max, problems) {
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  ) {
    problems.push(`${field}: must be a non-empty line of text`);
    return '';
  }
  if (value.length > max) problems.push(`${field}: at most ${max} characters (got ${value.length})`);
  return value.trim();
}

/**
 * Validates parsed JSON as the settings of environment `name`.
 * @param {unknown} raw
 * @param {string} name
 * @returns {{ settings: EnvironmentSettings, problems: string[] }}
 */
function validateSettings(raw, name) {
  /** @type {string[]} */
  const problems = [];
  const input = /** @type {Record<string, unknown>} */ (
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}
  );
  if (input !== raw) problems.push('the file must hold one JSON object');
  for (const key of Object.keys(input))
    if (!FIELDS.includes(key)) problems.push(`${key}: unknown field (known: ${FIELDS.join(', ')})`);

  if (input.environment !== name || !ENVIRONMENT_NAME.test(name)) {
    problems.push(
      `environment: must be "${name}", the file's name (lower-case letters and digits, single hyphens between them, at most 24)`,
    );
  }
  const kind = /** @type {EnvironmentSettings['kind']} */ (
    KINDS.includes(/** @type {string} */ (input.kind)) ? input.kind : 'production'
  );
  if (!KINDS.includes(/** @type {string} */ (input.kind))) problems.push(`kind: must be one of ${KINDS.join(', ')}`);
  const development = kind === 'development';

  const publicUrl = httpsUrl('publicUrl', input.publicUrl, problems, development, false) ?? '';
  const supportUrl =
    input.supportUrl === undefined
      ? publicUrl === ''
        ? ''
        : `${publicUrl}${SUPPORT_PATH}`
      : (httpsUrl('supportUrl', input.supportUrl, problems, development, true) ?? '');
  const clientId = guid('clientId', input.clientId, problems);
  const manifestId = guid('manifestId', input.manifestId, problems);

  let version = '';
  if (typeof input.version !== 'string' || !VERSION.test(input.version))
    problems.push('version: must be four numbers of up to 5 digits, like 1.0.0.0');
  else version = input.version;

  const suffix = kind === 'production' ? '' : ` (${name})`;
  const displayName = text('displayName', input.displayName, SHORT_STRING_MAX - suffix.length, problems) + suffix;
  /** @type {Record<string, string>} */
  const localizedDisplayNames = {};
  if (input.localizedDisplayNames !== undefined) {
    const map = input.localizedDisplayNames;
    if (typeof map !== 'object' || map === null || Array.isArray(map))
      problems.push('localizedDisplayNames: must be an object of locale → name, like { "es-ES": "Sesiones de libro" }');
    else {
      for (const [locale, value] of Object.entries(map)) {
        if (!LOCALE.test(locale) || locale === 'en-US')
          problems.push(`localizedDisplayNames: "${locale}" must be a locale like es-ES, other than the default en-US`);
        else
          localizedDisplayNames[locale] =
            text(`localizedDisplayNames.${locale}`, value, SHORT_STRING_MAX - suffix.length, problems) + suffix;
      }
    }
  }
  const providerName = text('providerName', input.providerName, SHORT_STRING_MAX, problems);

  return {
    settings: {
      environment: name,
      kind,
      publicUrl,
      clientId,
      manifestId,
      version,
      displayName,
      localizedDisplayNames,
      providerName,
      supportUrl,
    },
    problems,
  };
}

/**
 * Reads and validates manifests/environments/<name>.json (or `dir`/<name>.json).
 * @param {string} dir
 * @param {string} name
 * @returns {EnvironmentSettings}
 */
function loadSettings(dir, name) {
  const file = join(dir, `${name}.json`);
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = /** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT' ? 'no such file' : 'not valid JSON';
    throw new SettingsError(file, [
      `${reason} (create one with: npm run manifest -- init ${name} --public-url https://… --client-id <GUID> --provider-name "…")`,
    ]);
  }
  const { settings, problems } = validateSettings(raw, name);
  if (problems.length > 0) throw new SettingsError(file, problems);
  return settings;
}

/**
 * Compares two n.n.n.n versions numerically.
 * @param {string} a
 * @param {string} b
 */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

module.exports = {
  SettingsError,
  validateSettings,
  loadSettings,
  compareVersions,
  isLocalHost,
  SUPPORT_PATH,
  GUID,
  NIL_GUID,
};

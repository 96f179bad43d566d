// @ts-check
/**
 * The rules the Microsoft 365 admin center and AppSource validation apply to an XML add-in
 * manifest that the XML schemas do not express. Each rule returns problems; each problem names
 * the element (its path, and its line in the file) and says what is wrong.
 *
 * Sources:
 * - URLs: https, absolute, at most 2048 characters — https://learn.microsoft.com/en-us/javascript/api/manifest/resources
 * - resource ids: unique, at most 32 characters; ShortStrings ≤ 125, LongStrings ≤ 250 characters —
 *   https://learn.microsoft.com/en-us/javascript/api/manifest/resources, …/manifest/string
 * - DisplayName ≤ 125, Description ≤ 250, ProviderName ≤ 125 (the schema's ShortString/LongString)
 * - Version: 1 to 4 parts of up to 5 digits — https://learn.microsoft.com/en-us/javascript/api/manifest/version
 * - Id: a GUID — https://learn.microsoft.com/en-us/javascript/api/manifest/id
 * - SSO: <Resource> is api://<the domain of the add-in's URLs>/<the <Id> client id>; openid and
 *   profile are always needed — https://learn.microsoft.com/en-us/office/dev/add-ins/develop/sso-in-office-add-ins
 * - Icons: IconUrl 32×32, HighResolutionIconUrl 64×64 (task pane); command icons need 16, 32 and 80 —
 *   https://learn.microsoft.com/en-us/javascript/api/manifest/iconurl, …/manifest/icon
 * - Override locales: "ll-CC" culture names, never the DefaultLocale, once per element —
 *   https://learn.microsoft.com/en-us/javascript/api/manifest/override
 * - localhost only in a development manifest (an admin-deployed add-in would load from each user's machine).
 */
const { existsSync, readFileSync } = require('node:fs');
const { basename, join } = require('node:path');
const { GUID, isLocalHost } = require('./settings');

const VERSION = /^\d{1,5}(\.\d{1,5}){0,3}$/;
const LOCALE = /^[a-z]{2,3}-[A-Za-z]{2,4}$/;
const LIMITS = { url: 2048, resid: 32, short: 125, long: 250 };
/** Elements whose DefaultValue (and Override Value) is a URL. */
const URL_ELEMENTS = new Set(['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'Image', 'Url']);
/** Which resource list each resid-bearing element must point into. */
const RESID_KIND = {
  Icon: 'Images',
  Image: 'Images',
  SourceLocation: 'Urls',
  LearnMoreUrl: 'Urls',
  Label: 'ShortStrings',
  Title: 'ShortStrings',
  Description: 'LongStrings',
};
const REQUIRED_ICON_SIZES = ['16', '32', '80'];

/**
 * @typedef {{ element: string, message: string }} Problem
 * @typedef {{ development: boolean, assetsDir: string }} RuleOptions
 * @typedef {import('@xmldom/xmldom').Element} Element
 */

/** @param {Element} el */
function pathOf(el) {
  /** @type {string[]} */
  const parts = [];
  /** @type {Element | null} */
  let node = el;
  while (node !== null && node.nodeType === 1) {
    const id = node.getAttribute('id') ?? node.getAttribute('Locale') ?? node.getAttribute('size');
    parts.unshift(id ? `${node.nodeName}[${id}]` : node.nodeName);
    node = /** @type {Element | null} */ (node.parentNode);
  }
  return `/${parts.join('/')} (line ${el.lineNumber ?? '?'})`;
}

/** @param {Element} root @returns {Element[]} */
function allElements(root) {
  /** @type {Element[]} */
  const out = [];
  /** @param {Element} el */
  const walk = (el) => {
    out.push(el);
    for (let child = el.firstChild; child !== null; child = child.nextSibling)
      if (child.nodeType === 1) walk(/** @type {Element} */ (child));
  };
  walk(root);
  return out;
}

/** @param {Element} el @returns {string} */
const text = (el) => (el.textContent ?? '').trim();
/** @param {Element} el @param {string} name @returns {Element[]} */
const children = (el, name) => {
  /** @type {Element[]} */
  const out = [];
  for (let child = el.firstChild; child !== null; child = child.nextSibling)
    if (child.nodeType === 1 && /** @type {Element} */ (child).localName === name)
      out.push(/** @type {Element} */ (child));
  return out;
};
/** @param {Element} el @returns {string | undefined} */
const parentName = (el) => /** @type {Element | null} */ (el.parentNode)?.localName ?? undefined;

/**
 * Every URL the manifest declares: [element, attribute or '' for text, value].
 * @param {Element[]} elements
 * @returns {Array<[Element, string, string]>}
 */
function urls(elements) {
  /** @type {Array<[Element, string, string]>} */
  const out = [];
  for (const el of elements) {
    if (URL_ELEMENTS.has(el.localName ?? '') && el.hasAttribute('DefaultValue'))
      out.push([el, 'DefaultValue', el.getAttribute('DefaultValue') ?? '']);
    if (el.localName === 'Override' && URL_ELEMENTS.has(parentName(el) ?? ''))
      out.push([el, 'Value', el.getAttribute('Value') ?? '']);
    if (el.localName === 'AppDomain') out.push([el, '', text(el)]);
  }
  return out;
}

/** @param {string} value */
function parseUrl(value) {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** @type {Record<string, (elements: Element[], options: RuleOptions) => Problem[]>} */
const RULES = {
  'https-urls'(elements) {
    return urls(elements).flatMap(([el, attribute, value]) => {
      const where = `${pathOf(el)}${attribute ? `@${attribute}` : ''}`;
      const url = parseUrl(value);
      if (url === undefined) return [{ element: where, message: `"${value}" is not an absolute URL` }];
      if (url.protocol !== 'https:') return [{ element: where, message: `${value} must use https` }];
      if (value.length > LIMITS.url)
        return [{ element: where, message: `the URL is ${value.length} characters long; at most ${LIMITS.url}` }];
      return [];
    });
  },

  guids(elements) {
    const ids = elements.filter(
      (el) => el.localName === 'Id' && ['OfficeApp', 'WebApplicationInfo'].includes(parentName(el) ?? ''),
    );
    return ids
      .filter((el) => !GUID.test(text(el)))
      .map((el) => ({ element: pathOf(el), message: `"${text(el)}" is not a GUID` }));
  },

  version(elements) {
    return elements
      .filter((el) => el.localName === 'Version' && parentName(el) === 'OfficeApp' && !VERSION.test(text(el)))
      .map((el) => ({
        element: pathOf(el),
        message: `"${text(el)}" must be 1 to 4 numbers of up to 5 digits separated by dots, like 1.0.0.0`,
      }));
  },

  'resource-ids'(elements) {
    /** @type {Problem[]} */
    const problems = [];
    /** @type {Map<string, string>} id → list it is defined in */
    const defined = new Map();
    for (const el of elements) {
      const list = parentName(el);
      if (!['Images', 'Urls', 'ShortStrings', 'LongStrings'].includes(list ?? '') || !el.hasAttribute('id')) continue;
      const id = el.getAttribute('id') ?? '';
      if (id.length > LIMITS.resid)
        problems.push({
          element: pathOf(el),
          message: `the id "${id}" is ${id.length} characters long; at most ${LIMITS.resid}`,
        });
      if (defined.has(id)) problems.push({ element: pathOf(el), message: `the id "${id}" is defined twice` });
      defined.set(id, list ?? '');
    }
    for (const el of elements) {
      if (!el.hasAttribute('resid')) continue;
      const resid = el.getAttribute('resid') ?? '';
      const expected = /** @type {Record<string, string>} */ (RESID_KIND)[el.localName ?? ''];
      const list = defined.get(resid);
      if (resid.length > LIMITS.resid)
        problems.push({
          element: pathOf(el),
          message: `resid "${resid}" is ${resid.length} characters long; at most ${LIMITS.resid}`,
        });
      if (list === undefined)
        problems.push({ element: pathOf(el), message: `resid "${resid}" is not defined in <Resources>` });
      else if (expected !== undefined && list !== expected)
        problems.push({
          element: pathOf(el),
          message: `resid "${resid}" is defined in <${list}>, but a <${el.localName}> needs one from <${expected}>`,
        });
    }
    return problems;
  },

  'text-lengths'(elements) {
    /** @type {Problem[]} */
    const problems = [];
    /** @param {Element} el @param {string} attribute @param {number} max */
    const check = (el, attribute, max) => {
      const value = attribute === '' ? text(el) : el.getAttribute(attribute);
      if (value !== null && value.length > max)
        problems.push({
          element: `${pathOf(el)}${attribute ? `@${attribute}` : ''}`,
          message: `${value.length} characters; at most ${max}`,
        });
    };
    for (const el of elements) {
      const parent = parentName(el);
      if (el.localName === 'String' && (parent === 'ShortStrings' || parent === 'LongStrings')) {
        const max = parent === 'ShortStrings' ? LIMITS.short : LIMITS.long;
        check(el, 'DefaultValue', max);
        for (const override of children(el, 'Override')) check(override, 'Value', max);
      }
      if ((el.localName === 'DisplayName' || el.localName === 'Description') && parent === 'OfficeApp') {
        const max = el.localName === 'DisplayName' ? LIMITS.short : LIMITS.long;
        check(el, 'DefaultValue', max);
        for (const override of children(el, 'Override')) check(override, 'Value', max);
      }
      if (el.localName === 'ProviderName') check(el, '', LIMITS.short);
    }
    return problems;
  },

  'sso-resource'(elements) {
    const info = elements.find((el) => el.localName === 'WebApplicationInfo');
    if (info === undefined) return [];
    /** @type {Problem[]} */
    const problems = [];
    const id = text(children(info, 'Id')[0] ?? info).toLowerCase();
    const resourceEl = children(info, 'Resource')[0];
    const source = elements.find((el) => el.localName === 'SourceLocation' && parentName(el) === 'DefaultSettings');
    const addinHost = parseUrl(source?.getAttribute('DefaultValue') ?? '')?.host;
    if (resourceEl !== undefined) {
      const resource = text(resourceEl);
      const match = /^api:\/\/([^/]+)\/(.+)$/.exec(resource);
      if (match === null)
        problems.push({
          element: pathOf(resourceEl),
          message: `"${resource}" must be api://<add-in host>/<client id>`,
        });
      else {
        if (addinHost !== undefined && match[1]?.toLowerCase() !== addinHost.toLowerCase()) {
          problems.push({
            element: pathOf(resourceEl),
            message: `names host ${match[1]}, but the add-in is served from ${addinHost} (DefaultSettings/SourceLocation)`,
          });
        }
        if ((match[2] ?? '').toLowerCase() !== id)
          problems.push({
            element: pathOf(resourceEl),
            message: `must end with the client id ${id} of <WebApplicationInfo><Id>`,
          });
      }
    }
    const scopes = elements.filter((el) => el.localName === 'Scope').map((el) => text(el).toLowerCase());
    for (const needed of ['openid', 'profile'])
      if (!scopes.includes(needed))
        problems.push({ element: pathOf(info), message: `<Scopes> must include ${needed}` });
    return problems;
  },

  'icon-sizes'(elements, options) {
    /** @type {Problem[]} */
    const problems = [];
    /** @type {Map<string, string>} */
    const images = new Map(
      elements
        .filter((el) => el.localName === 'Image' && parentName(el) === 'Images')
        .map((el) => [el.getAttribute('id') ?? '', el.getAttribute('DefaultValue') ?? '']),
    );
    /** @param {Element} el @param {string} url @param {number} size */
    const checkPixels = (el, url, size) => {
      const parsed = parseUrl(url);
      if (parsed === undefined) return; // reported by https-urls
      const file = join(options.assetsDir, basename(parsed.pathname));
      if (!existsSync(file)) {
        problems.push({
          element: pathOf(el),
          message: `${url}: ${basename(parsed.pathname)} is not in ${options.assetsDir}, so its size cannot be checked`,
        });
        return;
      }
      const png = readFileSync(file);
      if (png.length < 24 || png.subarray(1, 4).toString('ascii') !== 'PNG') {
        problems.push({ element: pathOf(el), message: `${url}: ${file} is not a PNG image` });
        return;
      }
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      if (width !== size || height !== size)
        problems.push({
          element: pathOf(el),
          message: `${url} is ${width}×${height} pixels; ${size}×${size} expected`,
        });
    };
    for (const el of elements) {
      if ((el.localName === 'IconUrl' || el.localName === 'HighResolutionIconUrl') && parentName(el) === 'OfficeApp') {
        checkPixels(el, el.getAttribute('DefaultValue') ?? '', el.localName === 'IconUrl' ? 32 : 64);
      }
      if (el.localName === 'Icon' && el.getAttribute('resid') === null) {
        const declared = children(el, 'Image').map((image) => image.getAttribute('size') ?? '');
        const missing = REQUIRED_ICON_SIZES.filter((size) => !declared.includes(size));
        if (missing.length > 0)
          problems.push({
            element: pathOf(el),
            message: `needs images of sizes ${REQUIRED_ICON_SIZES.join(', ')} (missing ${missing.join(', ')})`,
          });
        for (const image of children(el, 'Image')) {
          const url = images.get(image.getAttribute('resid') ?? '');
          if (url !== undefined) checkPixels(image, url, Number(image.getAttribute('size')));
        }
      }
    }
    return problems;
  },

  'override-locales'(elements) {
    /** @type {Problem[]} */
    const problems = [];
    const defaultLocaleEl = elements.find((el) => el.localName === 'DefaultLocale');
    const defaultLocale = defaultLocaleEl === undefined ? '' : text(defaultLocaleEl);
    if (defaultLocaleEl !== undefined && !LOCALE.test(defaultLocale))
      problems.push({
        element: pathOf(defaultLocaleEl),
        message: `"${defaultLocale}" is not a culture name like en-US`,
      });
    for (const el of elements) {
      const overrides = children(el, 'Override');
      /** @type {Set<string>} */
      const seen = new Set();
      for (const override of overrides) {
        const locale = override.getAttribute('Locale') ?? '';
        if (!LOCALE.test(locale))
          problems.push({ element: pathOf(override), message: `Locale "${locale}" is not a culture name like es-ES` });
        else if (locale.toLowerCase() === defaultLocale.toLowerCase())
          problems.push({ element: pathOf(override), message: `overrides the DefaultLocale ${defaultLocale} itself` });
        if (seen.has(locale.toLowerCase()))
          problems.push({ element: pathOf(override), message: `Locale ${locale} is overridden twice` });
        seen.add(locale.toLowerCase());
      }
    }
    return problems;
  },

  'no-localhost'(elements, options) {
    if (options.development) return [];
    const resource = elements
      .filter((el) => el.localName === 'Resource' && parentName(el) === 'WebApplicationInfo')
      .map((el) => /** @type {[Element, string, string]} */ ([el, '', text(el)]));
    return [...urls(elements), ...resource].flatMap(([el, attribute, value]) => {
      const host = parseUrl(value)?.hostname ?? /^api:\/\/([^/:]+)/.exec(value)?.[1];
      return host !== undefined && isLocalHost(host)
        ? [
            {
              element: `${pathOf(el)}${attribute ? `@${attribute}` : ''}`,
              message: `${value} points at the user's own machine; only a development manifest may (pass --development to validate one)`,
            },
          ]
        : [];
    });
  },
};

/**
 * Runs every rule on a parsed manifest.
 * @param {import('@xmldom/xmldom').Document} doc
 * @param {RuleOptions} options
 * @returns {Array<Problem & { rule: string }>}
 */
function checkManifest(doc, options) {
  const root = doc.documentElement;
  if (root === null || root.localName !== 'OfficeApp')
    return [{ rule: 'structure', element: '/', message: 'the root element must be <OfficeApp>' }];
  const elements = allElements(root);
  return Object.entries(RULES).flatMap(([rule, check]) =>
    check(elements, options).map((problem) => ({ rule, ...problem })),
  );
}

module.exports = { checkManifest, RULE_NAMES: Object.keys(RULES) };

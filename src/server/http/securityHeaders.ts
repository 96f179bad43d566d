/**
 * The security headers of every answer the middle tier sends, computed once at start-up from
 * configuration by `securityHeaders`. Local mode and production get the same policies; only the
 * origins in them differ (the authority, office.js's host, the Office web hosts).
 *
 * Two kinds of answer:
 * - the add-in pages, taskpane.html and dialog.html. Both run MSAL.js: the pane for nested app
 *   authentication, the dialog for the redirect sign-in with PKCE, which fetches the authority's
 *   `/{tenant}/v2.0/.well-known/openid-configuration` and then its token endpoint. So both allow
 *   the authority in `connect-src`. MSAL.js's cloud instance discovery
 *   (`https://login.microsoftonline.com/common/discovery/instance`) is not fetched: the pane
 *   configures the authority's host in `knownAuthorities` (msalLoader.ts), which MSAL.js takes as
 *   the discovery metadata. office.js's origin is allowed for scripts (office.js loads its host
 *   and locale files from there) and fetches. Fluent UI (Griffel) injects <style> elements at run
 *   time, hence style-src 'unsafe-inline'. The pages MUST be framable by Office on the web (it
 *   hosts add-ins and, with displayInIframe, dialogs in an iframe), so there is no X-Frame-Options
 *   and `frame-ancestors` lists the Office web origins (OFFICE_WEB_ORIGINS). Desktop Office loads
 *   the pages top-level in a webview, where frame-ancestors does not apply.
 * - everything else (the API's JSON, the support page, errors, scripts and assets): nothing may
 *   run, connect or frame it; the support page's inline <style> is the only allowance.
 *
 * Every answer also gets HSTS, nosniff and a referrer policy.
 * https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy
 * https://learn.microsoft.com/office/dev/add-ins/develop/privacy-and-security
 */

/** Where Microsoft 365 hosts add-ins on the web; the default of OFFICE_WEB_ORIGINS. */
export const OFFICE_WEB_FRAME_ANCESTORS = [
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://*.officeppe.com',
] as const;

export interface SecurityHeaderSettings {
  /** Entra ID, e.g. https://login.microsoftonline.com. */
  authorityHost: string;
  /** Where the pages load office.js from. */
  officeJsUrl: string;
  /** The Office web origins that may frame the add-in pages (CSP source expressions). */
  officeWebOrigins: readonly string[];
  /**
   * Local mode only: the nested app authentication bridge script the pages load after office.js
   * (OFFICE_HOST_BRIDGE_URL); its origin also answers the bridge's calls. Null in production.
   */
  officeHostBridgeUrl: string | null;
}

export type HeaderSet = Readonly<Record<string, string>>;

export interface SecurityHeaders {
  /** Sent with every answer; the add-in pages replace its content-security-policy. */
  everyAnswer: HeaderSet;
  /** taskpane.html (and `/`). */
  taskpane: HeaderSet;
  /** dialog.html, the sign-in dialog. */
  dialog: HeaderSet;
}

const TRANSPORT_HEADERS = {
  // https://developer.mozilla.org/docs/Web/HTTP/Headers/Strict-Transport-Security
  'strict-transport-security': 'max-age=31536000',
  // https://developer.mozilla.org/docs/Web/HTTP/Headers/X-Content-Type-Options
  'x-content-type-options': 'nosniff',
  // https://developer.mozilla.org/docs/Web/HTTP/Headers/Referrer-Policy
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

const NOTHING_ACTIVE_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function addinPagePolicy(settings: SecurityHeaderSettings): string {
  const officeJsOrigin = new URL(settings.officeJsUrl).origin;
  const authority = new URL(settings.authorityHost).origin;
  const bridge = settings.officeHostBridgeUrl === null ? [] : [new URL(settings.officeHostBridgeUrl).origin];
  const unique = (sources: string[]): string => [...new Set(sources)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${unique(["'self'", officeJsOrigin, ...bridge])}`,
    `connect-src ${unique(["'self'", officeJsOrigin, authority, ...bridge])}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${unique(["'self'", ...settings.officeWebOrigins])}`,
  ].join('; ');
}

export function securityHeaders(settings: SecurityHeaderSettings): SecurityHeaders {
  const pagePolicy = addinPagePolicy(settings);
  return {
    everyAnswer: { 'content-security-policy': NOTHING_ACTIVE_POLICY, ...TRANSPORT_HEADERS },
    // The two pages need the same: each runs MSAL.js against the authority (see above).
    taskpane: { 'content-security-policy': pagePolicy, ...TRANSPORT_HEADERS },
    dialog: { 'content-security-policy': pagePolicy, ...TRANSPORT_HEADERS },
  };
}

/** `https://host[:port]` or `https://*.domain[:port]`: a CSP host source an Office web host can be. */
const WEB_ORIGIN_SOURCE = /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/;

/**
 * OFFICE_WEB_ORIGINS: the origins allowed to frame the add-in pages, separated by spaces or commas;
 * Microsoft's list when empty. Local mode names its emulated Excel on the web.
 */
export function readOfficeWebOrigins(text: string, problems: string[]): string[] {
  if (text === '') return [...OFFICE_WEB_FRAME_ANCESTORS];
  const origins = text
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map((s) => s.toLowerCase().replace(/\/+$/, ''));
  const bad = origins.find((origin) => !WEB_ORIGIN_SOURCE.test(origin));
  if (bad !== undefined)
    problems.push(
      `OFFICE_WEB_ORIGINS must list https origins such as https://*.officeapps.live.com, separated by spaces or commas (bad entry: "${bad}").`,
    );
  return origins;
}

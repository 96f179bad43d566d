/**
 * Security headers for every response, computed once at start-up.
 *
 * CSP: only what the task pane needs. office.js's origin is allowed for scripts (office.js
 * loads its own locale and host files from there) and for fetches. Fluent UI (Griffel) injects
 * <style> elements at run time, hence style-src 'unsafe-inline'.
 *
 * Framing: the pane MUST be framable — Office on the web hosts add-ins in an iframe, and the
 * local dev host shows it in one too — so there is no X-Frame-Options and `frame-ancestors`
 * lists the Microsoft 365 web origins that host add-ins, plus the local dev host (the origin of
 * OFFICE_JS_URL when it is not Microsoft's CDN). Desktop Office loads the pane top-level in a
 * webview, where frame-ancestors does not apply. Change OFFICE_WEB_FRAME_ANCESTORS if Microsoft
 * hosts add-ins from a new domain.
 */
import { OFFICE_JS_CDN_URL } from '../config';

export const OFFICE_WEB_FRAME_ANCESTORS = [
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://*.officeppe.com',
] as const;

function contentSecurityPolicy(officeJsUrl: string, officeHostBridgeUrl: string | null): string {
  const officeOrigin = new URL(officeJsUrl).origin;
  const localHost = officeOrigin === new URL(OFFICE_JS_CDN_URL).origin ? [] : [officeOrigin];
  // Local mode's bridge script, and the broker it calls, live on the emulated host's origin.
  const bridgeOrigin = officeHostBridgeUrl === null ? undefined : new URL(officeHostBridgeUrl).origin;
  const hostSources = [...new Set([officeOrigin, ...(bridgeOrigin === undefined ? [] : [bridgeOrigin])])].join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${hostSources}`,
    `connect-src 'self' ${hostSources}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors 'self' ${[...OFFICE_WEB_FRAME_ANCESTORS, ...localHost].join(' ')}`,
  ].join('; ');
}

export function securityHeaders(officeJsUrl: string, officeHostBridgeUrl: string | null = null): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(officeJsUrl, officeHostBridgeUrl),
    'strict-transport-security': 'max-age=31536000',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}

/**
 * Validation of values read from the Office host. office.js is outside our control (and in local
 * mode it is an emulator), so its answers are checked like any other input.
 */
import { API_LIMITS } from '../../shared/api';
import { type OfficeThemeInfo, SsoError, UNRECOGNISED_SSO_ERROR_CODE } from './OfficeHost';

export const DEFAULT_DISPLAY_LANGUAGE = 'en-US';

/**
 * Only https URLs can be resolved to a OneDrive/SharePoint drive item; a local path, an empty
 * string (documents not saved yet, or Office on the web still loading) or anything over the
 * API's length limit means "no usable URL".
 */
export function validDocumentUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > API_LIMITS.maxDocumentUrlLength) return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' && parsed.hostname.length > 0 ? trimmed : null;
}

const HEX_COLOUR = /^#?([0-9a-f]{6})$/i;

/**
 * `Office.context.officeTheme` reduced to light or dark. `isDarkTheme` is newer than the colours,
 * so an older host is judged by the luminance of its body background instead.
 */
export function validOfficeTheme(value: unknown): OfficeThemeInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const { isDarkTheme, bodyBackgroundColor } = value as { isDarkTheme?: unknown; bodyBackgroundColor?: unknown };
  if (typeof isDarkTheme === 'boolean') return { isDark: isDarkTheme };
  const hex = typeof bodyBackgroundColor === 'string' ? HEX_COLOUR.exec(bodyBackgroundColor.trim())?.[1] : undefined;
  if (hex === undefined) return null;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  // Relative luminance (WCAG 2); below the midpoint the background is a dark one.
  const linear = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return { isDark: 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) < 0.18 };
}

/** A BCP 47-looking tag ("es", "es-ES", "zh-Hant-TW"), else the default. */
export function validDisplayLanguage(value: unknown): string {
  if (typeof value !== 'string') return DEFAULT_DISPLAY_LANGUAGE;
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value) ? value : DEFAULT_DISPLAY_LANGUAGE;
}

/** Turns whatever office.js rejected with into an SsoError carrying its numeric code. */
export function toSsoError(reason: unknown): SsoError {
  if (reason instanceof SsoError) return reason;
  if (typeof reason === 'object' && reason !== null) {
    const { code, message } = reason as { code?: unknown; message?: unknown };
    const numeric =
      typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : NaN;
    if (Number.isInteger(numeric)) {
      return new SsoError(numeric, typeof message === 'string' ? message : `Office SSO error ${numeric}`);
    }
  }
  return new SsoError(UNRECOGNISED_SSO_ERROR_CODE, 'Office.auth.getAccessToken failed without an error code');
}

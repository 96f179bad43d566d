/**
 * Where a workbook lives, for the row's second line, read from its web URL (the middle tier's
 * `webUrl`, the document URL Office reported). OneDrive for work or school URLs have the shape
 * `https://{tenant}-my.sharepoint.com/personal/{user}/Documents/...`; SharePoint sites
 * `https://{tenant}.sharepoint.com/sites/{site}/{library}/...` (or `/teams/{site}/...`), per
 * https://learn.microsoft.com/sharepoint/dev/general-development/urls-and-tokens-in-sharepoint.
 * A display label only: nothing is decided from it.
 */
import { type LocationText } from '../../i18n/Strings';

function decodedSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

export function workbookLocation(webUrl: string | null): LocationText | null {
  if (webUrl === null) return null;
  let url: URL;
  try {
    url = new URL(webUrl);
  } catch {
    return null;
  }
  const segments = decodedSegments(url.pathname);
  const folders = segments.slice(0, -1);
  if (folders[0]?.toLowerCase() === 'personal' && folders.length >= 2) {
    // personal/{user}/Documents/...: the library is OneDrive itself; show the folders inside it.
    return { kind: 'oneDrive', folder: folders.slice(3).join(' › ') };
  }
  const scope = folders[0]?.toLowerCase();
  if ((scope === 'sites' || scope === 'teams') && folders.length >= 2) {
    return { kind: 'site', site: folders[1] ?? '', folder: folders.slice(2).join(' › ') };
  }
  if (url.hostname.length === 0) return null;
  return folders.length > 0 ? { kind: 'site', site: url.hostname, folder: folders.join(' › ') } : { kind: 'other', host: url.hostname };
}

/**
 * Whether two document URLs name the same file. Office reports some URLs with spaces and others
 * percent-encoded, and host names are case-insensitive; compare the decoded forms.
 */
export function sameDocument(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const normal = (value: string): string | null => {
    try {
      const url = new URL(value);
      return `${url.protocol}//${url.host.toLowerCase()}${decodedSegments(url.pathname).join('/').toLowerCase()}`;
    } catch {
      return null;
    }
  };
  const left = normal(a);
  return left !== null && left === normal(b);
}

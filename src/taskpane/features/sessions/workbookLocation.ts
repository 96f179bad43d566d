/**
 * Where a workbook lives, for the row's second line, and whether a session is on the workbook
 * open in Excel, read from URLs. A display aid only: nothing is decided from it on the server.
 *
 * A session's `webUrl` comes in two forms. Opened from the pane, it is Office's document URL, the
 * file's location: `https://{host}/sites/{site}/{library}/{folders}/{name}`
 * (https://learn.microsoft.com/javascript/api/office/office.document#office-office-document-url-member).
 * Opened by drive and item ids, it is Graph's driveItem `webUrl`, which for Office files is the
 * browser's link: `https://{host}/sites/{site}/_layouts/15/Doc.aspx?sourcedoc={id}&file={name}`, or
 * `https://{tenant}-my.sharepoint.com/personal/{user}/_layouts/15/Doc.aspx?...` in OneDrive for
 * work or school (https://learn.microsoft.com/graph/api/resources/driveitem). Both are read here.
 */
import { type LocationText } from '../../i18n/Strings';

interface ParsedFileUrl {
  host: string;
  /** "sites/Finanzas", "teams/Ops", "personal/megan_contoso_com", or "" for the root site. */
  siteRoot: string;
  /** Folders inside the library, when the URL shows them. */
  folders: string[];
  fileName: string;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseFileUrl(value: string | null): ParsedFileUrl | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const segments = url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decoded);
  const scoped = ['sites', 'teams', 'personal'].includes(segments[0]?.toLowerCase() ?? '') && segments.length >= 2;
  const siteRoot = scoped ? `${segments[0]?.toLowerCase()}/${segments[1]}` : '';
  const rest = scoped ? segments.slice(2) : segments;
  const layouts = rest.findIndex((s) => s.toLowerCase() === '_layouts');
  if (layouts >= 0) {
    // Doc.aspx: the file is named by `file`, the folders are not in the URL.
    const fileName = url.searchParams.get('file') ?? '';
    return { host: url.hostname.toLowerCase(), siteRoot, folders: [], fileName };
  }
  return {
    host: url.hostname.toLowerCase(),
    siteRoot,
    folders: rest.slice(0, -1),
    fileName: rest[rest.length - 1] ?? '',
  };
}

export function workbookLocation(webUrl: string | null): LocationText | null {
  const parsed = parseFileUrl(webUrl);
  if (parsed === null) return null;
  const [scope, name] = parsed.siteRoot.split('/');
  if (scope === 'personal') {
    // personal/{user}/Documents/...: the library is OneDrive itself; show the folders inside it.
    return { kind: 'oneDrive', folder: parsed.folders.slice(1).join(' › ') };
  }
  if (name !== undefined) return { kind: 'site', site: name, folder: parsed.folders.join(' › ') };
  return parsed.folders.length > 0
    ? { kind: 'site', site: parsed.host, folder: parsed.folders.join(' › ') }
    : { kind: 'other', host: parsed.host };
}

/**
 * Whether a session's workbook URL and Office's document URL name the same file: same host,
 * same site or OneDrive, same file name (and the same folders when both URLs show them).
 * Office reports some URLs with spaces and others percent-encoded; both are decoded first.
 */
export function sameDocument(a: string | null, b: string | null): boolean {
  const left = parseFileUrl(a);
  const right = parseFileUrl(b);
  if (!left || !right || left.fileName.length === 0) return false;
  const same = (x: string, y: string): boolean => x.toLowerCase() === y.toLowerCase();
  const foldersKnown = left.folders.length > 0 && right.folders.length > 0;
  return (
    left.host === right.host &&
    same(left.siteRoot, right.siteRoot) &&
    same(left.fileName, right.fileName) &&
    (!foldersKnown || same(left.folders.join('/'), right.folders.join('/')))
  );
}

/**
 * Where a document URL reported by Office (`Office.context.document.url`) points, for the two
 * places the Excel REST API cannot open a workbook from:
 *
 *  - a file on the computer: Excel reports a path (`C:\Users\…\Book.xlsx`, `\\server\share\…`,
 *    `/Users/…/Book.xlsx`);
 *  - a personal OneDrive: `https://d.docs.live.net/{cid}/…`; the Excel API serves OneDrive for
 *    work or school and SharePoint only (https://learn.microsoft.com/en-us/graph/api/resources/excel).
 *
 * Anything else is left to Graph to resolve.
 */
export type UnsupportedDocumentLocation = 'localFile' | 'personalOneDrive';

const LOCAL_PATH = /^(?:[A-Za-z]:[\\/]|\\\\|\/)/;
const PERSONAL_ONEDRIVE_HOST = 'd.docs.live.net';

export function unsupportedDocumentLocation(documentUrl: string): UnsupportedDocumentLocation | undefined {
  if (LOCAL_PATH.test(documentUrl)) return 'localFile';
  try {
    if (new URL(documentUrl).hostname.toLowerCase() === PERSONAL_ONEDRIVE_HOST) return 'personalOneDrive';
  } catch {
    return undefined;
  }
  return undefined;
}

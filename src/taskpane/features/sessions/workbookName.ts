/**
 * The file name of the open workbook, for display only, from its document URL
 * ("https://contoso.sharepoint.com/sites/x/Shared%20Documents/Presupuesto%202027.xlsx" →
 * "Presupuesto 2027.xlsx"). The middle tier resolves the real drive item; this is a label.
 */
export function workbookNameFromUrl(documentUrl: string): string {
  let path: string;
  try {
    path = new URL(documentUrl).pathname;
  } catch {
    path = documentUrl;
  }
  // A desktop path (C:\Users\…\Book.xlsx, \\server\share\…) separates with backslashes.
  const lastSegment = path
    .split(/[\\/]/)
    .filter((segment) => segment.length > 0)
    .pop();
  if (!lastSegment) return documentUrl;
  try {
    return decodeURIComponent(lastSegment);
  } catch {
    // A stray "%" that is not an escape: show the segment as it is.
    return lastSegment;
  }
}

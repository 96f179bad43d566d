/**
 * What `Office.context.document.url` reports for a workbook, by where Excel opened it from:
 *
 *  - `cloud`: the file's location URL with raw spaces, not the browser's Doc.aspx URL
 *    (https://github.com/OfficeDev/office-js/issues/831, "by design");
 *  - `desktop`: a path on a Windows computer, as Excel reports a local copy
 *    (`C:\Users\{user}\Documents\{name}`);
 *  - `personalOneDrive`: the `https://d.docs.live.net/{cid}/Documents/{name}` form of a file in a
 *    personal OneDrive, which Graph's Excel API does not serve
 *    (https://learn.microsoft.com/en-us/graph/api/resources/excel).
 *
 * The exact per-platform forms are not documented; these are the forms people report.
 */
import { createHash } from 'node:crypto';
import { type UserRecord, type WorkbookRecord } from '../directory/seed';
import { type DocumentLocation } from './HostContextStore';

export function documentUrlOf(workbook: WorkbookRecord, user: UserRecord, location: DocumentLocation): string {
  switch (location) {
    case 'cloud':
      return workbook.webUrl;
    case 'desktop':
      return `C:\\Users\\${windowsUserName(user)}\\Documents\\${workbook.name}`;
    case 'personalOneDrive':
      return `https://d.docs.live.net/${personalCid(user)}/Documents/${workbook.name}`;
  }
}

/** The part of the UPN before `@`, as a Windows profile folder would be named. */
function windowsUserName(user: UserRecord): string {
  return user.upn.split('@')[0] ?? user.oid;
}

/** A personal OneDrive's cid: 16 hex digits, stable per user. */
function personalCid(user: UserRecord): string {
  return createHash('sha256').update(user.oid).digest('hex').slice(0, 16);
}

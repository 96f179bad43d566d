/**
 * Which workbook a Graph address names for a given caller, and what Graph answers when the
 * caller may not open it:
 *
 *  - a file that does not exist, one in another tenant's drive, or (for `/me/drive/...`) one
 *    outside the caller's own OneDrive: `404 itemNotFound` (that drive is not the caller's to see);
 *  - a file of the caller's tenant that exists but is not shared with them: `403`, in the shape
 *    of the call — `FileOpenUserUnauthorized` for the workbook API (Excel refuses to open it),
 *    `accessDenied` for the driveItem itself.
 */
import { graphErrors } from './graphErrors';
import { type WorkbookRecord } from '../directory/seed';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { type GraphTarget, type WorkbookAddress } from './graphPath';

export type Resolution =
  { kind: 'visible'; workbook: WorkbookRecord } | { kind: 'denied'; workbook: WorkbookRecord } | { kind: 'missing' };

function resolveWorkbook(directory: DirectoryStore, address: WorkbookAddress, userOid: string): Resolution {
  switch (address.kind) {
    case 'drive': {
      const workbook = directory.findWorkbook(address.driveId, address.itemId);
      if (workbook === undefined) return { kind: 'missing' };
      if (directory.canAccess(userOid, workbook)) return { kind: 'visible', workbook };
      // Another tenant's drive does not exist for this caller; their own tenant's file does.
      return workbook.tenantId === directory.findUser(userOid)?.tenantId
        ? { kind: 'denied', workbook }
        : { kind: 'missing' };
    }
    case 'meItem':
      return found(directory.findInOwnDrive(userOid, address.itemId));
    case 'mePath':
      return found(directory.findInOwnDriveByPath(userOid, address.path));
  }
}

function found(workbook: WorkbookRecord | undefined): Resolution {
  return workbook === undefined ? { kind: 'missing' } : { kind: 'visible', workbook };
}

/** The workbook for a workbook-API call (session actions, operations), or the Graph error. */
export function openableWorkbook(directory: DirectoryStore, address: WorkbookAddress, userOid: string): WorkbookRecord {
  const resolution = resolveWorkbook(directory, address, userOid);
  if (resolution.kind === 'visible') return resolution.workbook;
  throw resolution.kind === 'denied' ? graphErrors.fileOpenUnauthorized() : graphErrors.itemNotFound();
}

/** The workbook for a driveItem GET, or the Graph error. */
export function readableWorkbook(directory: DirectoryStore, address: WorkbookAddress, userOid: string): WorkbookRecord {
  const resolution = resolveWorkbook(directory, address, userOid);
  if (resolution.kind === 'visible') return resolution.workbook;
  throw resolution.kind === 'denied' ? graphErrors.itemAccessDenied() : graphErrors.itemNotFound();
}

/**
 * The key Retry-After windows are kept under: the workbook when the request names one the
 * caller can see (so `/me/drive/...` and `/drives/...` forms share it), else the route.
 */
export function retryKeyOf(directory: DirectoryStore, target: GraphTarget, userOid: string): string {
  if ('address' in target) {
    const resolution = resolveWorkbook(directory, target.address, userOid);
    if (resolution.kind === 'visible')
      return `drives/${resolution.workbook.driveId}/items/${resolution.workbook.itemId}`;
  }
  return target.resource === 'sessionAction' ? target.action : target.resource;
}

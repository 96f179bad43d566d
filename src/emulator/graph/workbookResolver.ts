/**
 * Which workbook a Graph address names for a given caller. A file that does not exist and a
 * file the caller may not see are the same `404 itemNotFound` (Graph does not tell them apart);
 * `/me/drive/...` reaches only the caller's own OneDrive.
 */
import { graphErrors } from './graphErrors';
import { type WorkbookRecord } from '../directory/seed';
import { type DirectoryStore } from '../directory/DirectoryStore';
import { type GraphTarget, type WorkbookAddress } from './graphPath';

export function findWorkbook(directory: DirectoryStore, address: WorkbookAddress, userOid: string): WorkbookRecord | undefined {
  switch (address.kind) {
    case 'drive': {
      const workbook = directory.findWorkbook(address.driveId, address.itemId);
      return workbook !== undefined && directory.canAccess(userOid, workbook) ? workbook : undefined;
    }
    case 'meItem':
      return directory.findInOwnDrive(userOid, address.itemId);
    case 'mePath':
      return directory.findInOwnDriveByPath(userOid, address.path);
  }
}

export function visibleWorkbook(directory: DirectoryStore, address: WorkbookAddress, userOid: string): WorkbookRecord {
  const workbook = findWorkbook(directory, address, userOid);
  if (workbook === undefined) throw graphErrors.itemNotFound();
  return workbook;
}

/**
 * The key Retry-After windows are kept under: the workbook when the request names one the
 * caller can see (so `/me/drive/...` and `/drives/...` forms share it), else the route.
 */
export function retryKeyOf(directory: DirectoryStore, target: GraphTarget, userOid: string): string {
  if ('address' in target) {
    const workbook = findWorkbook(directory, target.address, userOid);
    if (workbook !== undefined) return `drives/${workbook.driveId}/items/${workbook.itemId}`;
  }
  return target.resource === 'sessionAction' ? target.action : target.resource;
}

/**
 * The tenant's users and files, and who may see which file. In memory; `reset()` goes back to
 * the seed. Kept apart from the session store because a later issue lets tests add users and
 * files at run time without touching sessions.
 */
import { type TenantSeed, type UserRecord, type WorkbookRecord } from './seed';

export interface DirectoryStore {
  readonly tenantId: string;
  users(): readonly UserRecord[];
  workbooks(): readonly WorkbookRecord[];
  findUser(oid: string): UserRecord | undefined;
  findWorkbook(driveId: string, itemId: string): WorkbookRecord | undefined;
  findWorkbookByItemId(itemId: string): WorkbookRecord | undefined;
  /** Finds a file by its document URL after `normaliseDocumentUrl`. */
  findWorkbookByUrl(url: string): WorkbookRecord | undefined;
  canAccess(userOid: string, workbook: WorkbookRecord): boolean;
  /** A file in the user's own OneDrive (`/me/drive/items/{itemId}`). */
  findInOwnDrive(userOid: string, itemId: string): WorkbookRecord | undefined;
  /** A file in the user's own OneDrive by path from the root (`/me/drive/root:{path}:`), case-insensitive. */
  findInOwnDriveByPath(userOid: string, path: string): WorkbookRecord | undefined;
  reset(): void;
}

/**
 * Office may report a document URL with spaces as `%20` (or other percent-escapes) while
 * another client sends it raw. Both name the same file, so URLs are compared after
 * percent-decoding (DEVIATIONS.md: Graph's exact matching rules are not documented). A URL
 * with a malformed escape is compared as given.
 */
export function normaliseDocumentUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

export class InMemoryDirectoryStore implements DirectoryStore {
  private state: TenantSeed;

  constructor(private readonly seed: () => TenantSeed) {
    this.state = seed();
  }

  get tenantId(): string {
    return this.state.tenantId;
  }

  users(): readonly UserRecord[] {
    return this.state.users;
  }

  workbooks(): readonly WorkbookRecord[] {
    return this.state.workbooks;
  }

  findUser(oid: string): UserRecord | undefined {
    return this.state.users.find((u) => u.oid === oid);
  }

  findWorkbook(driveId: string, itemId: string): WorkbookRecord | undefined {
    return this.state.workbooks.find((w) => w.driveId === driveId && w.itemId === itemId);
  }

  findWorkbookByItemId(itemId: string): WorkbookRecord | undefined {
    return this.state.workbooks.find((w) => w.itemId === itemId);
  }

  findWorkbookByUrl(url: string): WorkbookRecord | undefined {
    const wanted = normaliseDocumentUrl(url);
    return this.state.workbooks.find((w) => normaliseDocumentUrl(w.webUrl) === wanted);
  }

  canAccess(userOid: string, workbook: WorkbookRecord): boolean {
    if (this.findUser(userOid) === undefined) return false;
    return workbook.ownerOid === null || workbook.ownerOid === userOid;
  }

  findInOwnDrive(userOid: string, itemId: string): WorkbookRecord | undefined {
    return this.ownDrive(userOid).find((w) => w.itemId === itemId);
  }

  findInOwnDriveByPath(userOid: string, path: string): WorkbookRecord | undefined {
    // OneDrive paths are case-insensitive; a trailing slash names the same item.
    const wanted = path.replace(/\/+$/, '').toLowerCase();
    return this.ownDrive(userOid).find((w) => w.drivePath.toLowerCase() === wanted);
  }

  reset(): void {
    this.state = this.seed();
  }

  private ownDrive(userOid: string): WorkbookRecord[] {
    return this.state.workbooks.filter((w) => w.driveType === 'business' && w.ownerOid === userOid);
  }
}

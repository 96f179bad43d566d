/**
 * The tenants' users and files, and who may open which file. In memory; `reset()` goes back to
 * the seed. Kept apart from the session store so tests change sharing at run time without
 * touching sessions.
 */
import { type DirectorySeed, type Sharing, type UserRecord, type WorkbookRecord } from './seed';
import { GUID_PATTERN, readArray, readObject, readString } from '../persistence/stateReaders';

export interface TenantSummary {
  id: string;
  displayName: string;
}

export interface DirectoryStore {
  /** The configured (home) tenant. */
  readonly tenantId: string;
  tenants(): readonly TenantSummary[];
  isKnownTenant(tenantId: string): boolean;
  users(): readonly UserRecord[];
  workbooks(): readonly WorkbookRecord[];
  findUser(oid: string): UserRecord | undefined;
  findWorkbook(driveId: string, itemId: string): WorkbookRecord | undefined;
  findWorkbookByItemId(itemId: string): WorkbookRecord | undefined;
  /** Finds a file by its document URL (after `normaliseDocumentUrl`) or by Graph's `Doc.aspx?sourcedoc=` webUrl. */
  findWorkbookByUrl(url: string): WorkbookRecord | undefined;
  /** The file's owner, or a user it is shared with (its whole tenant, or by oid). Read from the current sharing. */
  canAccess(userOid: string, workbook: { itemId: string }): boolean;
  /** A file in the user's own OneDrive (`/me/drive/items/{itemId}`). */
  findInOwnDrive(userOid: string, itemId: string): WorkbookRecord | undefined;
  /** A file in the user's own OneDrive by path from the root (`/me/drive/root:{path}:`), case-insensitive. */
  findInOwnDriveByPath(userOid: string, path: string): WorkbookRecord | undefined;
  /** Changes who may open a file; `undefined` when there is no such file. */
  share(itemId: string, sharedWith: Sharing): WorkbookRecord | undefined;
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

/**
 * The site a document lives in (`https://host/sites/Name`, `https://host/teams/Name`,
 * `https://host-my…/personal/user`), else the host: where SharePoint serves `_layouts/15/Doc.aspx`.
 */
export function siteUrlOf(documentUrl: string): string {
  const match = /^(https:\/\/[^/]+\/(?:sites|teams|personal)\/[^/]+)\//i.exec(documentUrl);
  if (match?.[1] !== undefined) return match[1];
  try {
    return new URL(documentUrl).origin;
  } catch {
    return documentUrl;
  }
}

/** The `sourcedoc` GUID of a `…/_layouts/15/Doc.aspx?sourcedoc={GUID}` URL, upper-case, or undefined. */
export function docAspxSourceDoc(url: string): { site: string; uniqueId: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const marker = '/_layouts/15/doc.aspx';
  const lower = parsed.pathname.toLowerCase();
  if (!lower.endsWith(marker)) return undefined;
  const sourceDoc = parsed.searchParams.get('sourcedoc');
  const guid =
    sourceDoc === null
      ? undefined
      : /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(sourceDoc)?.[1];
  if (guid === undefined) return undefined;
  return {
    site: `${parsed.origin}${parsed.pathname.slice(0, lower.length - marker.length)}`,
    uniqueId: guid.toUpperCase(),
  };
}

interface DirectoryState {
  tenants: TenantSummary[];
  users: UserRecord[];
  workbooks: WorkbookRecord[];
}

export class InMemoryDirectoryStore implements DirectoryStore {
  private state: DirectoryState;

  constructor(private readonly seed: () => DirectorySeed) {
    this.state = stateOf(seed());
  }

  get tenantId(): string {
    return this.state.tenants[0]?.id ?? '';
  }

  tenants(): readonly TenantSummary[] {
    return this.state.tenants;
  }

  isKnownTenant(tenantId: string): boolean {
    return this.state.tenants.some((t) => t.id.toLowerCase() === tenantId.toLowerCase());
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
    const docAspx = docAspxSourceDoc(url);
    if (docAspx !== undefined) {
      return this.state.workbooks.find(
        (w) => w.uniqueId === docAspx.uniqueId && siteUrlOf(w.webUrl).toLowerCase() === docAspx.site.toLowerCase(),
      );
    }
    const wanted = normaliseDocumentUrl(url);
    return this.state.workbooks.find((w) => normaliseDocumentUrl(w.webUrl) === wanted);
  }

  canAccess(userOid: string, workbook: { itemId: string }): boolean {
    const user = this.findUser(userOid);
    const current = this.findWorkbookByItemId(workbook.itemId);
    if (user === undefined || current === undefined) return false;
    if (current.ownerOid === userOid) return true;
    if (current.sharedWith === 'tenant') return current.tenantId === user.tenantId;
    return current.sharedWith.includes(userOid);
  }

  findInOwnDrive(userOid: string, itemId: string): WorkbookRecord | undefined {
    return this.ownDrive(userOid).find((w) => w.itemId === itemId);
  }

  findInOwnDriveByPath(userOid: string, path: string): WorkbookRecord | undefined {
    // OneDrive paths are case-insensitive; a trailing slash names the same item.
    const wanted = path.replace(/\/+$/, '').toLowerCase();
    return this.ownDrive(userOid).find((w) => w.drivePath.toLowerCase() === wanted);
  }

  share(itemId: string, sharedWith: Sharing): WorkbookRecord | undefined {
    const index = this.state.workbooks.findIndex((w) => w.itemId === itemId);
    const current = this.state.workbooks[index];
    if (current === undefined) return undefined;
    const updated: WorkbookRecord = {
      ...current,
      sharedWith: sharedWith === 'tenant' ? 'tenant' : [...new Set(sharedWith)],
    };
    this.state.workbooks[index] = updated;
    return updated;
  }

  reset(): void {
    this.state = stateOf(this.seed());
  }

  /** What the control API can change: who each file is shared with. */
  sharingSnapshot(): Record<string, Sharing> {
    return Object.fromEntries(this.state.workbooks.map((w) => [w.itemId, w.sharedWith]));
  }

  /** Back to the seed, then the saved sharing of the files that still exist (read with `readSharingSnapshot`). */
  restoreSharing(sharing: Record<string, Sharing>): void {
    this.reset();
    for (const [itemId, sharedWith] of Object.entries(sharing)) this.share(itemId, sharedWith);
  }

  private ownDrive(userOid: string): WorkbookRecord[] {
    return this.state.workbooks.filter((w) => w.driveType === 'business' && w.ownerOid === userOid);
  }
}

function stateOf(seed: DirectorySeed): DirectoryState {
  return {
    tenants: seed.tenants.map((t) => ({ id: t.tenantId, displayName: t.displayName })),
    users: seed.tenants.flatMap((t) => t.users.map((u) => ({ ...u, tenantId: t.tenantId }))),
    workbooks: seed.tenants.flatMap((t) => t.workbooks.map((w) => ({ ...w, tenantId: t.tenantId }))),
  };
}

const MAX_STORED_FILES = 10_000;

/** The saved sharing from the state file: per file id, `"tenant"` or a list of user oids. */
export function readSharingSnapshot(value: unknown): Record<string, Sharing> {
  const fields = readObject(value, 'directory.sharing');
  const sharing: Record<string, Sharing> = {};
  for (const [itemId, sharedWith] of Object.entries(fields).slice(0, MAX_STORED_FILES)) {
    readString(itemId, 'a directory.sharing key', 256);
    sharing[itemId] =
      sharedWith === 'tenant'
        ? 'tenant'
        : readArray(sharedWith, `directory.sharing.${itemId}`, MAX_STORED_FILES).map((oid, i) =>
            readString(oid, `directory.sharing.${itemId}[${i}]`, 36, GUID_PATTERN),
          );
  }
  return sharing;
}

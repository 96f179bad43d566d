/**
 * Turns a Graph v1.0 path (after `/v1.0`, without the query) into the resource it names. One
 * parser serves plain requests and `$batch` items, so both reach exactly the same operations.
 *
 * Workbooks are addressed three ways (https://learn.microsoft.com/en-us/graph/api/workbook-createsession): `/drives/{driveId}/items/{itemId}`, and the
 * caller's own OneDrive as `/me/drive/items/{itemId}` or `/me/drive/root:/{path}:` (the path is
 * relative to the drive root, which in OneDrive for Business is the `Documents` library).
 */
import { graphErrors } from './graphErrors';

export type WorkbookAddress =
  | { kind: 'drive'; driveId: string; itemId: string }
  | { kind: 'meItem'; itemId: string }
  | { kind: 'mePath'; path: string };

export const SESSION_ACTIONS = ['createSession', 'refreshSession', 'closeSession'] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

export type GraphTarget =
  | { resource: 'sessionAction'; address: WorkbookAddress; action: SessionAction }
  | { resource: 'workbookOperation'; address: WorkbookAddress; operationId: string }
  | { resource: 'sessionInfo'; address: WorkbookAddress; key: string }
  | { resource: 'driveItem'; address: WorkbookAddress }
  | { resource: 'shares'; shareId: string }
  /** `/me/drive`: the caller's own OneDrive (https://learn.microsoft.com/en-us/graph/api/drive-get). */
  | { resource: 'myDrive' }
  | { resource: 'batch' };

/** The one method each resource takes; any other gets 405. */
export function allowedMethod(target: GraphTarget): 'GET' | 'POST' {
  return target.resource === 'sessionAction' || target.resource === 'batch' ? 'POST' : 'GET';
}

const ADDRESS = /^\/(?:drives\/([^/]+)\/items\/([^/]+)|me\/drive\/items\/([^/]+)|me\/drive\/root:(\/[^:]+):?)(.*)$/;
const SESSION_INFO = /^\/workbook\/sessionInfoResource\(key='([^']+)'\)$/;
const OPERATION = /^\/workbook\/operations\/([^/]+)$/;
const ACTION = /^\/workbook\/(createSession|refreshSession|closeSession)$/;
const SHARES = /^\/shares\/([^/]+)\/driveItem$/;

/**
 * `undefined` for paths the emulator does not serve (the caller answers 501). Throws 400 when a
 * segment's percent-encoding is malformed.
 */
export function parseGraphPath(rawPath: string): GraphTarget | undefined {
  const path = decodeSegments(rawPath);
  if (path === '/$batch') return { resource: 'batch' };
  if (path === '/me/drive') return { resource: 'myDrive' };
  const shares = SHARES.exec(path);
  if (shares?.[1] !== undefined) return { resource: 'shares', shareId: shares[1] };
  const match = ADDRESS.exec(path);
  if (match === null) return undefined;
  const [, driveId, itemId, meItemId, mePath, rest = ''] = match;
  let address: WorkbookAddress;
  if (driveId !== undefined && itemId !== undefined) address = { kind: 'drive', driveId, itemId };
  else if (meItemId !== undefined) address = { kind: 'meItem', itemId: meItemId };
  else if (mePath !== undefined) address = { kind: 'mePath', path: mePath };
  else return undefined;
  // `root:/a.xlsx` (no closing colon) names the item itself; anything after needs the colon.
  if (rest === '') return { resource: 'driveItem', address };
  if (address.kind === 'mePath' && !path.includes(`${address.path}:/`)) return undefined;
  const action = ACTION.exec(rest);
  if (action?.[1] !== undefined) return { resource: 'sessionAction', address, action: action[1] as SessionAction };
  const operation = OPERATION.exec(rest);
  if (operation?.[1] !== undefined) return { resource: 'workbookOperation', address, operationId: operation[1] };
  const info = SESSION_INFO.exec(rest);
  if (info?.[1] !== undefined) return { resource: 'sessionInfo', address, key: info[1] };
  return undefined;
}

/** The URL prefix (after `/v1.0`) that addresses this workbook, for `Location` and `resourceLocation`. */
export function addressPrefix(address: WorkbookAddress): string {
  switch (address.kind) {
    case 'drive':
      return `/drives/${encodeURIComponent(address.driveId)}/items/${encodeURIComponent(address.itemId)}`;
    case 'meItem':
      return `/me/drive/items/${encodeURIComponent(address.itemId)}`;
    case 'mePath':
      return `/me/drive/root:${address.path.split('/').map(encodeURIComponent).join('/')}:`;
  }
}

function decodeSegments(rawPath: string): string {
  try {
    return rawPath
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    throw graphErrors.malformedPath();
  }
}

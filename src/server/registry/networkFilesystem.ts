/**
 * Whether the SQLite registry's file would sit on a network filesystem. SQLite's write-ahead log
 * needs shared memory between the connections of one host and working file locks, which network
 * filesystems (NFS, SMB/CIFS, most FUSE mounts such as Azure App Service's `/home` share) do not
 * give reliably: "WAL does not work over a network filesystem" (https://www.sqlite.org/wal.html).
 *
 * Linux only: the filesystem type comes from the mount table (`/proc/mounts`, format in
 * https://man7.org/linux/man-pages/man5/proc_pid_mounts.5.html). Elsewhere, or when the table
 * cannot be read, nothing is known and nothing is refused.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

export interface Mount {
  mountPoint: string;
  fsType: string;
}

/** Filesystem types that are network (or remote, through FUSE) filesystems. */
const NETWORK_TYPES = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ncpfs',
  'afs',
  'ceph',
  'glusterfs',
  'lustre',
  'sshfs',
  'davfs',
  'fuse',
]);
/** FUSE filesystems that are local to the machine. */
const LOCAL_FUSE_TYPES = new Set(['fuse.fuse-overlayfs', 'fuse.lxcfs', 'fuse.portal', 'fuse.gvfsd-fuse']);

export function isNetworkFsType(fsType: string): boolean {
  if (NETWORK_TYPES.has(fsType)) return true;
  return fsType.startsWith('fuse.') && !LOCAL_FUSE_TYPES.has(fsType);
}

/** `/proc/mounts` writes space, tab, newline and backslash in paths as octal escapes (`\040`). */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The entries of a mount table; malformed lines are skipped. */
export function parseMounts(table: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [, mountPoint, fsType] = fields;
    if (fields.length < 3 || mountPoint === undefined || fsType === undefined || !mountPoint.startsWith('/')) continue;
    mounts.push({ mountPoint: unescapeMountPath(mountPoint), fsType });
  }
  return mounts;
}

/** The real path of `path`'s nearest existing ancestor joined with the rest (the file may not exist yet). */
function realLocation(path: string): string {
  const absolute = resolve(path);
  let existing = absolute;
  for (;;) {
    try {
      const real = realpathSync(existing);
      return absolute === existing ? real : resolve(real, absolute.slice(existing.length + 1));
    } catch {
      const up = dirname(existing);
      if (up === existing) return absolute;
      existing = up;
    }
  }
}

/** The mount holding `path`: the last-mounted entry with the longest mount point containing it. */
export function mountOf(path: string, mounts: readonly Mount[]): Mount | undefined {
  const location = realLocation(path);
  let best: Mount | undefined;
  for (const mount of mounts) {
    const point = mount.mountPoint;
    const contains =
      point === '/' || location === point || location.startsWith(point.endsWith(sep) ? point : point + sep);
    if (contains && (best === undefined || point.length >= best.mountPoint.length)) best = mount;
  }
  return best;
}

/** Reads the Linux mount table, or null where there is none. */
export function readSystemMounts(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return readFileSync('/proc/mounts', 'utf8');
  } catch {
    return null;
  }
}

/** The network filesystem type `path` is on, or null when it is local or cannot be told. */
export function networkFilesystemOf(path: string, mountsTable: string | null): string | null {
  if (mountsTable === null) return null;
  const mount = mountOf(path, parseMounts(mountsTable));
  return mount !== undefined && isNetworkFsType(mount.fsType) ? mount.fsType : null;
}

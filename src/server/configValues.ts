/**
 * The checks of configuration values that need files or keep secrets (GUIDs, files, keys,
 * database URLs) that config.ts and the readers beside each mechanism share; ports, URLs,
 * durations, booleans and lists are checked by shared/configTable.ts. Each pushes one line naming the
 * variable onto `problems` and returns a usable placeholder, so that loading collects every
 * problem before it fails. Secret values (sealing keys, database passwords) are never repeated.
 */
import { accessSync, constants as fsConstants, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isGuid } from '../shared/guid';

/**
 * REGISTRY_URL: empty (the SQLite file), or a postgres:// / postgresql:// URL naming a database
 * and either a host or, for a server on the same machine, its Unix socket folder as libpq writes
 * it (`postgres:///registry?host=/var/run/postgresql`;
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS). Its password
 * is never repeated in a message.
 */
export function postgresUrl(text: string, problems: string[]): string | null {
  if (text === '') return null;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const socketFolders = url?.searchParams.getAll('host') ?? [];
  const namesServer =
    url !== undefined &&
    socketFolders.length <= 1 &&
    (socketFolders.length === 0 ? url.hostname !== '' : socketFolders[0]?.startsWith('/') === true);
  if (
    url === undefined ||
    (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') ||
    !namesServer ||
    url.pathname.length < 2
  ) {
    problems.push(
      'REGISTRY_URL must be a PostgreSQL URL like postgres://user:password@host:5432/database, or postgres:///database?host=/socket/folder for a local server (percent-encode @ : / ? # % in the user name and password; leave it empty for the SQLite file of REGISTRY_PATH).',
    );
    return null;
  }
  // A '/', '?' or '#' left raw in the password ends the URL's user part early: what follows is then
  // read as the host, database, query or fragment, and would be logged as such. No correct URL has
  // an '@' past its host, a '/' inside its database name, or a fragment, so such a URL is refused.
  const database = url.pathname.slice(1);
  if (
    url.hash !== '' ||
    text.includes('#') ||
    /[@/]/.test(database) ||
    url.search.includes('@') ||
    !decodable(url.username) ||
    !decodable(url.password)
  ) {
    problems.push(
      "REGISTRY_URL cannot be read as postgres://user:password@host:port/database: percent-encode the special characters of the user name and password ('@' as %40, ':' as %3A, '/' as %2F, '?' as %3F, '#' as %23, '%' as %25); the value is not repeated here.",
    );
    return null;
  }
  return text;
}

/** Whether a URL part's percent-escapes are whole (a lone '%' in a password is not, and the driver would fail on it). */
function decodable(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** A sealing key: base64 or base64url of at least 32 bytes. The value is never repeated in a message. */
export function sealingKey(name: string, text: string, problems: string[]): Buffer | null {
  if (text === '') return null;
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
    ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    : Buffer.alloc(0);
  if (bytes.length < 32) {
    problems.push(
      `${name} must be base64 of at least 32 random bytes (for example: openssl rand -base64 32); the value given is not.`,
    );
    return null;
  }
  return bytes;
}

export function guid(name: string, value: string, problems: string[]): string {
  if (value !== '' && !isGuid(value))
    problems.push(`${name} must be a GUID like 00000000-0000-0000-0000-000000000000 (got "${value}").`);
  return value.toLowerCase();
}

/** Certificates, keys and CA bundles are a few KB; a bound keeps a wrong path from filling memory. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * The text of a file a variable names. Only a regular file is read: a device or a pipe
 * (`/dev/zero`, `/dev/stdin`) would make start-up read forever instead of refusing.
 */
export function textFile(name: string, path: string, problems: string[]): string | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      problems.push(`${name} must name a regular file ("${path}" is a folder, device or pipe).`);
      return undefined;
    }
    if (stat.size > MAX_CONFIG_FILE_BYTES) {
      problems.push(`${name} must name a file of at most 1 MB ("${path}" has ${stat.size} bytes).`);
      return undefined;
    }
    return readFileSync(path, 'utf8');
  } catch {
    problems.push(`${name} must name a readable file (cannot read "${path}").`);
    return undefined;
  }
}

export function pemFile(name: string, path: string, label: string, problems: string[]): string {
  if (path === '') return '';
  const text = textFile(name, path, problems);
  if (text === undefined) return '';
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) {
    problems.push(`${name} must be a PEM file containing a ${label} ("${path}" does not).`);
  }
  return text;
}

export function parentIsUsable(path: string): boolean {
  // The folder is created at start-up when missing; here we only reject a parent that is a file.
  let dir = dirname(resolve(path));
  for (;;) {
    try {
      return statSync(dir).isDirectory();
    } catch {
      const up = dirname(dir);
      if (up === dir) return false;
      dir = up;
    }
  }
}

export function isReadableDirectory(path: string): boolean {
  try {
    accessSync(path, fsConstants.R_OK);
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

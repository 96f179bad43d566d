/**
 * What local mode keeps on disk for the emulator and the middle tier, and how it is emptied: the
 * emulator's state file and the middle tier's SQLite registry, both in `.data/` beside the
 * certificates folder. A registry the user chose (`REGISTRY_URL`, or a `REGISTRY_PATH` of their
 * own) is theirs: local mode uses it but never empties it.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILE_NAME } from './persistence/EmulatorStateFile';

export interface LocalWorld {
  /** `.data/`: the emulator's state file, and the registry when it is local mode's own. */
  dataDir: string;
  /** The registry file local mode owns; undefined when the user set REGISTRY_URL or REGISTRY_PATH. */
  ownRegistryPath: string | undefined;
}

export function localWorldOf(env: NodeJS.ProcessEnv, stateDir: string): LocalWorld {
  const dataDir = join(stateDir, '..', '.data');
  const userChoseRegistry = (env.REGISTRY_URL ?? '').trim() !== '' || (env.REGISTRY_PATH ?? '').trim() !== '';
  return { dataDir, ownRegistryPath: userChoseRegistry ? undefined : join(dataDir, 'registry.sqlite') };
}

/** Deletes local mode's own registry (with SQLite's -wal/-shm/-journal files). Only while the middle tier is stopped. */
export function removeOwnRegistry(world: LocalWorld): boolean {
  if (world.ownRegistryPath === undefined) return false;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${world.ownRegistryPath}${suffix}`, { force: true });
  return true;
}

/** Deletes the emulator's state file. Only while the emulator is stopped. */
export function removeEmulatorState(world: LocalWorld): void {
  rmSync(join(world.dataDir, STATE_FILE_NAME), { force: true });
}

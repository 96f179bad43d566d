/**
 * The file local mode's emulator keeps its state in (`<stateDir>/emulator-state.json`), so a
 * restart finds the world Microsoft 365 would still have: sessions, operations, keys, switches.
 *
 * Written atomically: the JSON goes to a temporary file in the same folder, is fsynced, renamed
 * over the old file, and the folder is fsynced, so a crash leaves either the old file or the new
 * one, never half of one. Folder 0700, file 0600: it holds the issuer's private keys.
 *
 * A file that cannot be parsed, or that a newer version wrote (`format` above ours), is renamed
 * aside with a timestamp (`emulator-state.json.unreadable-<time>`) and the emulator starts fresh,
 * saying so in one log line; nothing in it is trusted half-way.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { readInteger, readObject, StateFileError, type Fields } from './stateReaders';

export const STATE_FILE_NAME = 'emulator-state.json';
export const STATE_FORMAT = 1;

export type StateLogger = (line: string) => void;

export interface LoadedState {
  /** The validated top-level fields; each part is read further by its store's reader. */
  fields: Fields;
  savedAtMs: number;
}

export class EmulatorStateFile {
  readonly path: string;

  constructor(
    private readonly dir: string,
    private readonly log: StateLogger,
  ) {
    this.path = join(dir, STATE_FILE_NAME);
  }

  /** The saved state, or undefined when there is none (or it was set aside). */
  load(): LoadedState | undefined {
    this.removeLeftoverTemporaries();
    if (!existsSync(this.path)) return undefined;
    try {
      const fields = readObject(JSON.parse(readFileSync(this.path, 'utf8')) as unknown, 'the state file');
      const format = readInteger(fields.format, 'format', 1, Number.MAX_SAFE_INTEGER);
      if (format > STATE_FORMAT)
        throw new StateFileError(
          `it was written in format ${format} by a newer version (this one reads format ${STATE_FORMAT})`,
        );
      const savedAtMs = typeof fields.savedAt === 'string' ? Date.parse(fields.savedAt) : Number.NaN;
      if (!Number.isFinite(savedAtMs)) throw new StateFileError('savedAt must be an ISO date');
      return { fields, savedAtMs };
    } catch (error) {
      this.setAside(error);
      return undefined;
    }
  }

  /** A file whose content a store's reader refused: set aside like an unparsable one. */
  setAside(reason: unknown): void {
    const why = reason instanceof StateFileError || reason instanceof SyntaxError ? reason.message : String(reason);
    const aside = `${this.path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(this.path, aside);
      this.log(
        `emulator: the saved state ${this.path} could not be used (${why}); it was moved to ${aside} and the emulator starts fresh`,
      );
    } catch (error) {
      this.log(
        `emulator: the saved state ${this.path} could not be used (${why}) nor moved aside (${error instanceof Error ? error.message : String(error)}); the emulator starts fresh`,
      );
    }
  }

  save(state: Fields): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify({ format: STATE_FORMAT, ...state }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }

  /** A crash between writing and renaming leaves a temporary file; it never replaced the state. */
  private removeLeftoverTemporaries(): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir))
      if (name.startsWith(`${STATE_FILE_NAME}.`) && name.endsWith('.tmp'))
        rmSync(join(this.dir, name), { force: true });
  }
}

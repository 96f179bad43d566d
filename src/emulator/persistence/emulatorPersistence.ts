/**
 * What the emulator's stores put in the state file and take back from it, and when it is
 * written: a save is scheduled after every answered request but only written when the state
 * changed, at most every SAVE_INTERVAL_MS, and once more when the emulator closes (so the
 * file costs nothing on a request that changed nothing, and a burst of changes is one write).
 *
 * Kept: the clock's offset, the signing keys, who each file is shared with (the directory's only
 * run-time change), Graph sessions with their timestamps (they expire on their own after a
 * restart, as in Graph), long-running createSession operations, Entra switches, consents and MFA
 * state, and fault rules with their counters. Not kept: the request log, the host context (the
 * dev host's user and workbook choice), Retry-After windows and interactive sign-in codes, all
 * of which a restarted Microsoft 365 client would not see again either.
 */
import { type EmulatorClock } from '../common/EmulatorClock';
import { type InMemoryDirectoryStore, readSharingSnapshot } from '../directory/DirectoryStore';
import { type EntraSwitchStore, readEntraSwitchSnapshot } from '../entra/EntraSwitchStore';
import { readKeyRingSnapshot, type KeyRing } from '../entra/KeyRing';
import { type FaultEngine, readFaultSnapshot } from '../faults/FaultEngine';
import { type AsyncCreateStore, readAsyncCreateSnapshot } from '../graph/AsyncCreateStore';
import { type InMemoryWorkbookSessionStore, readSessionRecords } from '../graph/WorkbookSessionStore';
import { type EmulatorStateFile } from './EmulatorStateFile';
import { readInteger } from './stateReaders';

export const SAVE_INTERVAL_MS = 250;

export interface PersistedStores {
  clock: EmulatorClock;
  keys: KeyRing;
  directory: InMemoryDirectoryStore;
  sessions: InMemoryWorkbookSessionStore;
  asyncCreates: AsyncCreateStore;
  switches: EntraSwitchStore;
  faults: FaultEngine;
}

/** The saved state, every part read and checked before any store sees it. */
export interface SavedState {
  savedAtMs: number;
  clockOffsetMs: number;
  keys: ReturnType<typeof readKeyRingSnapshot>;
  sharing: ReturnType<typeof readSharingSnapshot>;
  sessions: ReturnType<typeof readSessionRecords>;
  operations: ReturnType<typeof readAsyncCreateSnapshot>;
  switches: ReturnType<typeof readEntraSwitchSnapshot>;
  faults: ReturnType<typeof readFaultSnapshot>;
}

/** Reads the file; anything wrong in it sets the whole file aside (logged) and gives undefined. */
export function loadSavedState(file: EmulatorStateFile, nowMs: number): SavedState | undefined {
  const loaded = file.load();
  if (loaded === undefined) return undefined;
  const { fields, savedAtMs } = loaded;
  try {
    return {
      savedAtMs,
      clockOffsetMs: readInteger(fields.clockOffsetMs, 'clockOffsetMs', 0, Number.MAX_SAFE_INTEGER),
      keys: readKeyRingSnapshot(fields.keys),
      sharing: readSharingSnapshot(
        fields.directory === undefined ? {} : (fields.directory as { sharing?: unknown }).sharing,
      ),
      sessions: readSessionRecords(fields.sessions),
      operations: readAsyncCreateSnapshot(fields.operations),
      switches: readEntraSwitchSnapshot(fields.switches),
      faults: readFaultSnapshot(fields.faults, nowMs),
    };
  } catch (error) {
    file.setAside(error);
    return undefined;
  }
}

/** Gives each store its saved part (the keys went into the KeyRing's constructor). */
export function restoreStores(saved: SavedState, stores: Omit<PersistedStores, 'keys'>): void {
  stores.clock.restore(saved.clockOffsetMs, saved.savedAtMs);
  stores.directory.restoreSharing(saved.sharing);
  stores.sessions.restore(saved.sessions);
  stores.asyncCreates.restore(saved.operations);
  stores.switches.restore(saved.switches);
  stores.faults.restore(saved.faults);
}

export interface StateSaver {
  /** Something may have changed: write within SAVE_INTERVAL_MS if it did. */
  changed(): void;
  /** Write now if anything changed (shutdown, reset). */
  flush(): void;
}

export function createStateSaver(
  file: EmulatorStateFile,
  stores: PersistedStores,
  log: (line: string) => void,
): StateSaver {
  let lastWritten = '';
  let timer: NodeJS.Timeout | undefined;
  const body = () => ({
    clockOffsetMs: stores.clock.offset(),
    keys: stores.keys.snapshot(),
    directory: { sharing: stores.directory.sharingSnapshot() },
    sessions: stores.sessions.snapshot(),
    operations: stores.asyncCreates.snapshot(),
    switches: stores.switches.snapshot(),
    faults: stores.faults.snapshot(),
  });
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const state = body();
    const text = JSON.stringify(state);
    if (text === lastWritten) return;
    try {
      file.save({ savedAt: new Date(stores.clock.now()).toISOString(), ...state });
      lastWritten = text;
    } catch (error) {
      // The emulator keeps serving; the next change tries again.
      log(
        `emulator: could not save its state to ${file.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  return {
    changed() {
      if (timer !== undefined) return;
      timer = setTimeout(flush, SAVE_INTERVAL_MS);
      timer.unref();
    },
    flush,
  };
}

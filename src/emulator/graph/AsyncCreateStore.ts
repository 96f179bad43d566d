/**
 * Long-running createSession (`Prefer: respond-async`, https://learn.microsoft.com/en-us/graph/workbook-best-practice): the workbookOperations
 * handed out, how slow a start is, and the `sessionInfoResource(key=…)` keys of the sessions
 * they produced. The status follows the emulator clock: `notStarted` for the first half of the
 * configured delay, `running` for the second, then `succeeded` (or `failed` when configured).
 * The session itself is created when a poll first sees the operation finished.
 */
import { type WorkbookOperationStatus } from '../../shared/graph';
import { newGuid } from '../common/ids';
import { type WorkbookKey } from './WorkbookSessionStore';
import {
  GUID_PATTERN,
  readArray,
  readBoolean,
  readInteger,
  readObject,
  readOptional,
  readString,
  StateFileError,
} from '../persistence/stateReaders';

export interface AsyncCreateSettings {
  /** 0: createSession answers 201 even with `Prefer: respond-async` (https://learn.microsoft.com/en-us/graph/workbook-best-practice allows both). */
  delayMs: number;
  outcome: 'succeeded' | 'failed';
}

export interface AsyncCreateRecord {
  id: string;
  userOid: string;
  workbook: WorkbookKey & { name: string };
  persistChanges: boolean;
  startedAtMs: number;
  delayMs: number;
  outcome: 'succeeded' | 'failed';
  /** Set once the operation finished successfully and its session exists. */
  result?: { sessionId: string; key: string };
}

export interface SessionInfoRecord {
  key: string;
  sessionId: string;
  userOid: string;
  workbook: WorkbookKey;
  persistChanges: boolean;
}

export const MAX_ASYNC_DELAY_MS = 10 * 60 * 1000;

export class AsyncCreateStore {
  private settings: AsyncCreateSettings;
  private readonly operations = new Map<string, AsyncCreateRecord>();
  private readonly sessionInfos = new Map<string, SessionInfoRecord>();

  constructor(
    private readonly initial: AsyncCreateSettings,
    private readonly now: () => number,
  ) {
    this.settings = { ...initial };
  }

  currentSettings(): AsyncCreateSettings {
    return { ...this.settings };
  }

  configure(next: AsyncCreateSettings): void {
    this.settings = { ...next };
  }

  start(input: Pick<AsyncCreateRecord, 'userOid' | 'workbook' | 'persistChanges'>): AsyncCreateRecord {
    const record: AsyncCreateRecord = {
      ...input,
      id: newGuid(),
      startedAtMs: this.now(),
      delayMs: this.settings.delayMs,
      outcome: this.settings.outcome,
    };
    this.operations.set(record.id, record);
    return record;
  }

  find(id: string): AsyncCreateRecord | undefined {
    return this.operations.get(id);
  }

  statusOf(record: AsyncCreateRecord): WorkbookOperationStatus {
    const elapsed = this.now() - record.startedAtMs;
    if (elapsed >= record.delayMs) return record.outcome;
    return elapsed < record.delayMs / 2 ? 'notStarted' : 'running';
  }

  /** Links the finished operation to the session it created and returns the sessionInfo key. */
  complete(record: AsyncCreateRecord, sessionId: string): string {
    const key = newGuid();
    record.result = { sessionId, key };
    this.sessionInfos.set(key, {
      key,
      sessionId,
      userOid: record.userOid,
      workbook: { driveId: record.workbook.driveId, itemId: record.workbook.itemId },
      persistChanges: record.persistChanges,
    });
    return key;
  }

  findSessionInfo(key: string): SessionInfoRecord | undefined {
    return this.sessionInfos.get(key);
  }

  list(): (AsyncCreateRecord & { status: WorkbookOperationStatus })[] {
    return [...this.operations.values()].map((r) => ({ ...r, status: this.statusOf(r) }));
  }

  reset(): void {
    this.settings = { ...this.initial };
    this.operations.clear();
    this.sessionInfos.clear();
  }

  snapshot(): AsyncCreateSnapshot {
    return {
      settings: this.currentSettings(),
      operations: [...this.operations.values()].map((r) => ({ ...r, workbook: { ...r.workbook } })),
      sessionInfos: [...this.sessionInfos.values()].map((i) => ({ ...i, workbook: { ...i.workbook } })),
    };
  }

  /** Replaces everything by a snapshot read with `readAsyncCreateSnapshot`. */
  restore(snapshot: AsyncCreateSnapshot): void {
    this.settings = { ...snapshot.settings };
    this.operations.clear();
    this.sessionInfos.clear();
    for (const r of snapshot.operations) this.operations.set(r.id, r);
    for (const i of snapshot.sessionInfos) this.sessionInfos.set(i.key, i);
  }
}

export interface AsyncCreateSnapshot {
  settings: AsyncCreateSettings;
  operations: AsyncCreateRecord[];
  sessionInfos: SessionInfoRecord[];
}

const MAX_STORED_OPERATIONS = 100_000;

function readOutcome(value: unknown, where: string): 'succeeded' | 'failed' {
  if (value !== 'succeeded' && value !== 'failed') throw new StateFileError(`${where} must be "succeeded" or "failed"`);
  return value;
}

function readWorkbook(value: unknown, where: string): WorkbookKey & { name?: string } {
  const fields = readObject(value, where);
  const workbook: WorkbookKey & { name?: string } = {
    driveId: readString(fields.driveId, `${where}.driveId`, 256),
    itemId: readString(fields.itemId, `${where}.itemId`, 256),
  };
  const name = readOptional(fields.name, (v) => readString(v, `${where}.name`, 512));
  if (name !== undefined) workbook.name = name;
  return workbook;
}

/** Long-running operations from the state file, each field checked. */
export function readAsyncCreateSnapshot(value: unknown): AsyncCreateSnapshot {
  const fields = readObject(value, 'operations');
  const settingsIn = readObject(fields.settings, 'operations.settings');
  const settings: AsyncCreateSettings = {
    delayMs: readInteger(settingsIn.delayMs, 'operations.settings.delayMs', 0, MAX_ASYNC_DELAY_MS),
    outcome: readOutcome(settingsIn.outcome, 'operations.settings.outcome'),
  };
  const operations = readArray(fields.operations, 'operations.operations', MAX_STORED_OPERATIONS).map((item, index) => {
    const where = `operations.operations[${index}]`;
    const row = readObject(item, where);
    const workbook = readWorkbook(row.workbook, `${where}.workbook`);
    const record: AsyncCreateRecord = {
      id: readString(row.id, `${where}.id`, 36, GUID_PATTERN),
      userOid: readString(row.userOid, `${where}.userOid`, 36, GUID_PATTERN),
      workbook: { ...workbook, name: workbook.name ?? '' },
      persistChanges: readBoolean(row.persistChanges, `${where}.persistChanges`),
      startedAtMs: readInteger(row.startedAtMs, `${where}.startedAtMs`),
      delayMs: readInteger(row.delayMs, `${where}.delayMs`, 0, MAX_ASYNC_DELAY_MS),
      outcome: readOutcome(row.outcome, `${where}.outcome`),
    };
    if (row.result !== undefined) {
      const result = readObject(row.result, `${where}.result`);
      record.result = {
        sessionId: readString(result.sessionId, `${where}.result.sessionId`),
        key: readString(result.key, `${where}.result.key`, 36, GUID_PATTERN),
      };
    }
    return record;
  });
  const sessionInfos = readArray(fields.sessionInfos, 'operations.sessionInfos', MAX_STORED_OPERATIONS).map(
    (item, index) => {
      const where = `operations.sessionInfos[${index}]`;
      const row = readObject(item, where);
      const { driveId, itemId } = readWorkbook(row.workbook, `${where}.workbook`);
      return {
        key: readString(row.key, `${where}.key`, 36, GUID_PATTERN),
        sessionId: readString(row.sessionId, `${where}.sessionId`),
        userOid: readString(row.userOid, `${where}.userOid`, 36, GUID_PATTERN),
        workbook: { driveId, itemId },
        persistChanges: readBoolean(row.persistChanges, `${where}.persistChanges`),
      };
    },
  );
  return { settings, operations, sessionInfos };
}

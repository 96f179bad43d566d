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
    const record: AsyncCreateRecord = { ...input, id: newGuid(), startedAtMs: this.now(), delayMs: this.settings.delayMs, outcome: this.settings.outcome };
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
    this.sessionInfos.set(key, { key, sessionId, userOid: record.userOid, workbook: { driveId: record.workbook.driveId, itemId: record.workbook.itemId }, persistChanges: record.persistChanges });
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
}

/**
 * One request at a time per workbook, different workbooks in parallel up to a bound.
 *
 * Graph's Excel guidance: "for each workbook, only send the next request after receiving a
 * successful response to the current request" — concurrent requests to one workbook are a main
 * cause of throttling, timeouts and merge conflicts. Each task names the workbooks it touches (one
 * for a plain call, several for a `$batch` whose items span workbooks); it starts when it is at the
 * head of the FIFO of EVERY workbook it names and fewer than `maxParallel` tasks are running.
 * Tasks are enqueued on all their workbooks at once, in arrival order, so the oldest waiting task
 * is always at the head of all its queues: no deadlock, and no task starves.
 *
 * A task keeps its workbooks for its whole run, retry waits included: that is what makes a
 * `Retry-After` hold for every later request to the same workbook too.
 */

/** The queue key of a workbook: drive id + item id (an item id is unique only within its drive). */
export function workbookKey(driveId: string, itemId: string): string {
  return `${driveId}\u0000${itemId}`;
}

interface Waiting {
  keys: readonly string[];
  start(): void;
}

export class WorkbookScheduler {
  private readonly queues = new Map<string, Waiting[]>();
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(readonly maxParallel = 8) {
    if (!Number.isInteger(maxParallel) || maxParallel < 1)
      throw new RangeError('maxParallel must be a positive integer');
  }

  /** Tasks running now (for tests and metrics). */
  get active(): number {
    return this.running;
  }

  /** Runs `task` once it owns every workbook in `keys` (deduplicated) and a parallel slot is free. */
  run<T>(keys: string | readonly string[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(typeof keys === 'string' ? [keys] : keys)];
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        keys: unique,
        start: () => {
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => this.finish(entry));
        },
      };
      for (const key of unique) {
        const queue = this.queues.get(key);
        if (queue === undefined) this.queues.set(key, [entry]);
        else queue.push(entry);
      }
      this.waiting.push(entry);
      this.pump();
    });
  }

  private finish(entry: Waiting): void {
    this.running--;
    for (const key of entry.keys) {
      const queue = this.queues.get(key);
      if (queue === undefined) continue;
      queue.shift();
      if (queue.length === 0) this.queues.delete(key);
    }
    this.pump();
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.maxParallel;) {
      const entry = this.waiting[i];
      if (entry !== undefined && entry.keys.every((key) => this.queues.get(key)?.[0] === entry)) {
        this.waiting.splice(i, 1);
        this.running++;
        entry.start();
      } else {
        i++;
      }
    }
  }
}

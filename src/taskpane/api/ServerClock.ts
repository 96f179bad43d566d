/**
 * The middle tier's clock as the pane keeps it: the device's clock plus the offset its answers
 * show (serverOffset.ts). The API client feeds it every answer; the pane reads `now()` for every
 * time it shows or acts on, and re-renders when the estimate moves noticeably.
 */
import { combineOffsets, offsetEstimate, type OffsetKnowledge, offsetRangeOf, parseHttpDate } from './serverOffset';

/** Smaller corrections are used from the next render on without re-rendering anything. */
const NOTIFY_AFTER_MS = 250;

export class ServerClock {
  private knowledge: OffsetKnowledge | undefined;
  private offset = 0;
  private changes = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly deviceNow: () => number = Date.now) {}

  /** The middle tier's time now (epoch ms). */
  readonly now = (): number => this.deviceNow() + this.offset;

  /** Server − device, ms. */
  readonly offsetMs = (): number => this.offset;

  /**
   * An instant on the middle tier's clock as this computer's clock shows it: a time of day the
   * person compares with the clock on their screen ("try again after 10:42").
   */
  readonly onDeviceClock = (serverMs: number): number => serverMs - this.offset;

  /** One answer: sent and received on the device's clock, and its `Date` header (ignored when missing or bad). */
  observe(sentAtMs: number, receivedAtMs: number, dateHeader: string | null): void {
    const serverDate = parseHttpDate(dateHeader);
    if (serverDate === undefined) return;
    const sample = offsetRangeOf(sentAtMs, receivedAtMs, serverDate);
    if (sample === undefined) return;
    this.knowledge = combineOffsets(this.knowledge, sample);
    const previous = this.offset;
    this.offset = offsetEstimate(this.knowledge);
    if (Math.abs(this.offset - previous) < NOTIFY_AFTER_MS) return;
    this.changes++;
    for (const listener of this.listeners) listener();
  }

  /** Counts the noticeable moves (a snapshot for React's useSyncExternalStore). */
  readonly version = (): number => this.changes;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

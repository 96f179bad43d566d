/**
 * The emulator's one clock. It follows the injected time source (real time by default) plus an
 * offset that `POST /_emulator/clock/advance` grows, so session expiry, token lifetimes and
 * Retry-After windows all move together. The offset only grows: time never runs backwards,
 * not even on reset, because tokens and Retry-After instants already handed out would
 * otherwise lie in the future (DEVIATIONS.md).
 */

/** Longest single jump accepted: ten years, far beyond any lifetime the emulator models. */
export const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 3600;

export class EmulatorClock {
  private offsetMs = 0;

  constructor(private readonly source: () => number = Date.now) {}

  /** The time source alone, without advances: the clock the add-in's own machine keeps. */
  readonly sourceNow = (): number => this.source();

  /** Milliseconds since the epoch on the emulator's clock. */
  readonly now = (): number => this.source() + this.offsetMs;

  /** Moves the clock forward; `seconds` may be fractional. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw new RangeError(`seconds must be a number from 0 to ${MAX_ADVANCE_SECONDS}`);
    }
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }

  /** What the advances add up to, for the state file. */
  offset(): number {
    return this.offsetMs;
  }

  /**
   * After a restart: the saved offset, raised if needed so the clock is not behind the moment
   * the state was saved (the machine's clock may have been set back in between).
   */
  restore(offsetMs: number, savedAtMs: number): void {
    this.offsetMs = Math.max(this.offsetMs, offsetMs, savedAtMs - this.source());
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }
}

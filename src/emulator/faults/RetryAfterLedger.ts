/**
 * Remembers every `Retry-After` the emulator gave, per user and per key (the workbook a
 * request names, else its route), and records each later request of that user for that key
 * that arrives before the instant has passed — like Dev Proxy's RetryAfterPlugin, so a test
 * can assert that a client backed off. Requests are only recorded, never refused: what they
 * get is decided by the fault rules alone (DEVIATIONS.md).
 */

export interface RetryAfterViolation {
  /** When the early request arrived (emulator clock, ISO). */
  at: string;
  method: string;
  path: string;
  userOid: string;
  /** The workbook (`drives/{driveId}/items/{itemId}`) or route the Retry-After was given for. */
  key: string;
  /** The instant before which the client should not have come back (ISO). */
  notBefore: string;
}

const VIOLATION_LIMIT = 5000;

export class RetryAfterLedger {
  private readonly notBefore = new Map<string, number>();
  private recorded: RetryAfterViolation[] = [];

  constructor(private readonly now: () => number) {}

  /** Called when an answer carries `Retry-After: seconds` (fractions allowed). */
  remember(userOid: string, key: string, seconds: number): void {
    const until = this.now() + seconds * 1000;
    const slot = slotOf(userOid, key);
    this.notBefore.set(slot, Math.max(until, this.notBefore.get(slot) ?? 0));
  }

  /** Called for every request before it is answered. */
  check(request: { method: string; path: string; userOid: string; key: string }): void {
    const until = this.notBefore.get(slotOf(request.userOid, request.key));
    const now = this.now();
    if (until === undefined || now >= until) return;
    this.recorded.push({ at: new Date(now).toISOString(), ...request, notBefore: new Date(until).toISOString() });
    if (this.recorded.length > VIOLATION_LIMIT) this.recorded.splice(0, this.recorded.length - VIOLATION_LIMIT);
  }

  violations(): RetryAfterViolation[] {
    return this.recorded.map((v) => ({ ...v }));
  }

  reset(): void {
    this.notBefore.clear();
    this.recorded = [];
  }
}

function slotOf(userOid: string, key: string): string {
  return `${userOid}\n${key}`;
}

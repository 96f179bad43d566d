/**
 * How far the middle tier's clock is from this computer's, learnt from the `Date` header of its
 * answers (https://www.rfc-editor.org/rfc/rfc9110#field.date). Graph's session expiry follows
 * the service's clock, and office computers drift by minutes, so every time the pane shows or
 * acts on is the device's time plus this offset. Pure.
 *
 * `Date` has whole seconds and is written somewhere between sending and receiving, so one answer
 * only says the offset lies in a range: [date − received, date + 1 s − sent]. Each answer narrows
 * the range (intersection); an answer outside it means a clock was set since, and starts afresh.
 */

/** The offset (server − device, ms) lies in [low, high]. */
export interface OffsetRange {
  low: number;
  high: number;
}

const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The header's instant (epoch ms), or undefined when absent or not the IMF-fixdate a server must send. */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string' || !IMF_FIXDATE.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

const DATE_RESOLUTION_MS = 1000;

/**
 * What one answer says: sent and received on the device's clock, `serverDateMs` from its `Date`.
 * Undefined when the device clock went backwards during the request (the sample means nothing).
 */
export function offsetRangeOf(sentAtMs: number, receivedAtMs: number, serverDateMs: number): OffsetRange | undefined {
  if (![sentAtMs, receivedAtMs, serverDateMs].every(Number.isFinite) || receivedAtMs < sentAtMs) return undefined;
  return { low: serverDateMs - receivedAtMs, high: serverDateMs + DATE_RESOLUTION_MS - sentAtMs };
}

/** The best range after one more answer: the overlap, or the new answer alone when they disagree. */
export function combineOffsets(previous: OffsetRange | undefined, sample: OffsetRange): OffsetRange {
  if (previous === undefined) return sample;
  const low = Math.max(previous.low, sample.low);
  const high = Math.min(previous.high, sample.high);
  return low <= high ? { low, high } : sample;
}

/** The offset to use: the middle of the range (its error is at most half the range's width). */
export function offsetEstimate(range: OffsetRange | undefined): number {
  return range === undefined ? 0 : Math.round((range.low + range.high) / 2);
}

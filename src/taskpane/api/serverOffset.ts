/**
 * How far the middle tier's clock is from this computer's, learnt from the `Date` header of its
 * answers (https://www.rfc-editor.org/rfc/rfc9110#field.date). Graph's session expiry follows
 * the service's clock, and office computers drift by minutes, so every time the pane shows or
 * acts on is the device's time plus this offset. Pure.
 *
 * `Date` has whole seconds and is written somewhere between sending and receiving, so one answer
 * only says the offset lies in a range: [date − received, date + 1 s − sent]. Each answer narrows
 * the range (intersection). An answer outside it means a clock was set since, or that this one
 * answer is wrong (a stale `Date` from a cache on the way): it is held as a candidate, and the
 * estimate starts afresh from it only when the next answer agrees with it.
 */

/** The offset (server − device, ms) lies in [low, high]. */
export interface OffsetRange {
  low: number;
  high: number;
}

// The names themselves are checked by Date.parse, which refuses a month it does not know.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/;

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

/** What the answers so far say: the range in use, and an answer that disagreed with it. */
export interface OffsetKnowledge {
  range: OffsetRange;
  candidate?: OffsetRange;
}

function overlap(a: OffsetRange, b: OffsetRange): OffsetRange | undefined {
  const low = Math.max(a.low, b.low);
  const high = Math.min(a.high, b.high);
  return low <= high ? { low, high } : undefined;
}

/**
 * After one more answer: the overlap with the range in use; else, when it agrees with the
 * previous disagreeing answer, their overlap replaces the range; else it becomes the candidate.
 */
export function combineOffsets(previous: OffsetKnowledge | undefined, sample: OffsetRange): OffsetKnowledge {
  if (previous === undefined) return { range: sample };
  const narrowed = overlap(previous.range, sample);
  if (narrowed) return { range: narrowed };
  const confirmed = previous.candidate && overlap(previous.candidate, sample);
  return confirmed ? { range: confirmed } : { range: previous.range, candidate: sample };
}

/** The offset to use: the middle of the range (its error is at most half the range's width). */
export function offsetEstimate(knowledge: OffsetKnowledge | undefined): number {
  return knowledge === undefined ? 0 : Math.round((knowledge.range.low + knowledge.range.high) / 2);
}

/**
 * A small seeded pseudo-random generator (mulberry32): the same seed always yields the same
 * sequence, which is what makes fault injection reproducible. Not for anything secret.
 */
export type RandomSource = () => number;

/** Returns numbers in [0, 1). Any finite number is accepted as a seed (reduced to 32 bits). */
export function mulberry32(seed: number): RandomSource {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

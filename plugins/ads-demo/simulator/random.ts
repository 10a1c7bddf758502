/** A stream of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG; plenty for a simulation, and reproducible everywhere. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(input: number): number {
  let value = input >>> 0;
  value = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35);
  return (value ^ (value >>> 16)) >>> 0;
}

/**
 * A seed derived from several integers. Days are simulated by random access (a resumed sync
 * starts mid-history), so each (campaign, day, purpose) gets its own seed instead of consuming
 * one long stream whose position would depend on where the run started.
 */
export function deriveSeed(first: number, second: number, third = 0, fourth = 0): number {
  let hash = fmix32(Math.imul(0x811c9dc5 ^ (first >>> 0), 0x01000193) + 0x9e3779b9);
  hash = fmix32(Math.imul(hash ^ (second >>> 0), 0x01000193) + 0x9e3779b9);
  hash = fmix32(Math.imul(hash ^ (third >>> 0), 0x01000193) + 0x9e3779b9);
  return fmix32(Math.imul(hash ^ (fourth >>> 0), 0x01000193) + 0x9e3779b9);
}

/** One uniform number in [0, 1) for the given coordinates. */
export function uniformAt(first: number, second: number, third = 0, fourth = 0): number {
  return deriveSeed(first, second, third, fourth) / 4294967296;
}

/** Zero-mean, unit-variance noise (sum of two uniforms, rescaled): cheap and bounded at ±2.45, enough for a simulation. */
export function standardNormal(random: RandomSource): number {
  return (random() + random() - 1) * 2.449489742783178;
}

/** Uniform number in [low, high). */
export function between(random: RandomSource, low: number, high: number): number {
  return low + (high - low) * random();
}

/** Log-uniform number in [low, high): budgets and prices spread over orders of magnitude. */
export function logBetween(random: RandomSource, low: number, high: number): number {
  return Math.exp(between(random, Math.log(low), Math.log(high)));
}

/** One element of a non-empty list. */
export function pick<T>(random: RandomSource, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}

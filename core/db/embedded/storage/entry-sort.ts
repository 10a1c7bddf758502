/**
 * Sorting index entries for a bulk build. Index key fields usually have few distinct values
 * (tenants, platforms, campaigns, days), so instead of n·log n calls of the generic comparator,
 * each field's distinct values are ranked once and the entries are ordered by stable counting
 * sorts on those ranks, last field first (LSD radix). Entries arrive in recordId order, which
 * the stable passes preserve as the final tie-break, exactly as the entry comparator orders them.
 */
import type { KeyEntry } from './key-values.js';
import { compareKeyValues } from './key-values.js';

/** Below this many entries the comparator sort is as fast and allocates less. */
const MIN_RADIX_ENTRIES = 4096;
/** A field with more distinct values than entries / this gains nothing from ranking. */
const MAX_DISTINCT_SHARE = 8;

/**
 * Per entry, the rank of its value in field `field` (equal-comparing values share a rank;
 * descending fields rank in reverse), or undefined when the field has too many distinct values.
 */
function rankField(entries: readonly KeyEntry[], field: number, direction: number): Int32Array | undefined {
  const limit = Math.ceil(entries.length / MAX_DISTINCT_SHARE);
  const slots = new Map<unknown, number>();
  const slotOf = new Int32Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const value = (entries[i] as KeyEntry)[field];
    let slot = slots.get(value);
    if (slot === undefined) {
      if (slots.size >= limit) return undefined;
      slot = slots.size;
      slots.set(value, slot);
    }
    slotOf[i] = slot;
  }
  const distinct = [...slots.keys()];
  const order = distinct.map((_, slot) => slot);
  order.sort((a, b) => direction * compareKeyValues(distinct[a], distinct[b]));
  // Distinct Map keys may still compare equal (null and undefined, equal Dates): they share a rank.
  const rankOfSlot = new Int32Array(distinct.length);
  let rank = 0;
  for (let i = 0; i < order.length; i++) {
    const slot = order[i] as number;
    if (i > 0 && compareKeyValues(distinct[order[i - 1] as number], distinct[slot]) !== 0) rank++;
    rankOfSlot[slot] = rank;
  }
  for (let i = 0; i < slotOf.length; i++) slotOf[i] = rankOfSlot[slotOf[i] as number] as number;
  return slotOf;
}

/** The stable passes keep the input order as the tie-break, which must then be by recordId. */
function inRecordIdOrder(entries: readonly KeyEntry[], width: number): boolean {
  let previous = -Infinity;
  for (let i = 0; i < entries.length; i++) {
    const recordId = (entries[i] as KeyEntry)[width];
    if (typeof recordId !== 'number' || recordId < previous) return false;
    previous = recordId;
  }
  return true;
}

/** One stable counting-sort pass of the permutation `from` into `to` by `ranks`. */
function countingPass(ranks: Int32Array, from: Int32Array, to: Int32Array): void {
  let max = 0;
  for (let i = 0; i < ranks.length; i++) if ((ranks[i] as number) > max) max = ranks[i] as number;
  const starts = new Int32Array(max + 2);
  for (let i = 0; i < ranks.length; i++) {
    const next = (ranks[i] as number) + 1;
    starts[next] = (starts[next] as number) + 1;
  }
  for (let r = 1; r < starts.length; r++) starts[r] = (starts[r] as number) + (starts[r - 1] as number);
  for (let i = 0; i < from.length; i++) {
    const entry = from[i] as number;
    const rank = ranks[entry] as number;
    const at = starts[rank] as number;
    starts[rank] = at + 1;
    to[at] = entry;
  }
}

/**
 * Sorts `entries` (in recordId order, as a build collects them) into `compare`'s order, which
 * must be the entry comparator for `directions`.
 */
export function sortEntries(
  entries: KeyEntry[],
  directions: readonly number[],
  compare: (a: KeyEntry, b: KeyEntry) => number,
): KeyEntry[] {
  if (entries.length < MIN_RADIX_ENTRIES || !inRecordIdOrder(entries, directions.length)) return entries.sort(compare);
  const ranks: Int32Array[] = [];
  for (let field = 0; field < directions.length; field++) {
    const fieldRanks = rankField(entries, field, directions[field] === 1 ? 1 : -1);
    if (fieldRanks === undefined) return entries.sort(compare);
    ranks.push(fieldRanks);
  }
  let from = new Int32Array(entries.length);
  for (let i = 0; i < from.length; i++) from[i] = i;
  let to = new Int32Array(entries.length);
  for (let field = directions.length - 1; field >= 0; field--) {
    countingPass(ranks[field] as Int32Array, from, to);
    [from, to] = [to, from];
  }
  const sorted = new Array<KeyEntry>(entries.length);
  for (let i = 0; i < from.length; i++) sorted[i] = entries[from[i] as number] as KeyEntry;
  return sorted;
}

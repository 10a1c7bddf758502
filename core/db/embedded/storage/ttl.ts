/**
 * The TTL monitor's pass: for every single-field index with `expireAfterSeconds`, removes the
 * documents whose indexed date (the earliest, for an array of dates) is older than that many
 * seconds. Documents without a date in that field never expire. Uses the index itself to find
 * them, so a pass costs in proportion to what it deletes.
 */
import { isNumeric, toDouble, TypeOrder } from '../bson-values.js';
import type { BTreeIndex } from './btree-index.js';
import type { Collection } from './collection.js';
import type { IntervalList } from './intervals.js';
import { TypeEdge } from './key-values.js';
import { IndexScanner, planScan } from './scan.js';

const FIRST_DATE = new TypeEdge(TypeOrder.date, false);

function ttlSeconds(index: BTreeIndex): number | undefined {
  const seconds = index.spec.expireAfterSeconds;
  if (index.pattern.fields.length !== 1 || !isNumeric(seconds)) return undefined;
  const value = toDouble(seconds);
  return Number.isFinite(value) ? value : undefined;
}

function expiredRecords(index: BTreeIndex, cutoff: Date): Set<number> {
  const bounds: IntervalList = [{ low: FIRST_DATE, lowInclusive: true, high: cutoff, highInclusive: false }];
  const plan = planScan(index.pattern.directions, [bounds]);
  const scanner = new IndexScanner(index, plan, false);
  const recordIds = new Set<number>();
  for (let entry = scanner.next(); entry !== undefined; entry = scanner.next()) recordIds.add(entry[1] as number);
  return recordIds;
}

/** Removes expired documents from `collections` as of `now` (ms); returns how many. */
export function runTtlPass(collections: Iterable<Collection>, now: number): number {
  let removed = 0;
  for (const collection of [...collections]) {
    for (const index of [...collection.indexes]) {
      const seconds = ttlSeconds(index);
      if (seconds === undefined) continue;
      for (const recordId of expiredRecords(index, new Date(now - seconds * 1000))) {
        if (!collection.records.has(recordId)) continue;
        collection.remove(recordId);
        removed++;
      }
    }
  }
  return removed;
}

/**
 * Index bounds for one key field: a sorted list of disjoint intervals over BSON values in
 * ascending value order (the index direction is applied only when scanning and printing).
 */
import { compareKeyValues, HIGHEST, LOWEST } from './key-values.js';

export interface Interval {
  readonly low: unknown;
  readonly high: unknown;
  readonly lowInclusive: boolean;
  readonly highInclusive: boolean;
}

/** Sorted ascending, non-overlapping; empty means no value can match. */
export type IntervalList = readonly Interval[];

/** `[MinKey, MaxKey]`: the field is not constrained. */
export const FULL_RANGE: IntervalList = [{ low: LOWEST, high: HIGHEST, lowInclusive: true, highInclusive: true }];

export function pointInterval(value: unknown): Interval {
  return { low: value, high: value, lowInclusive: true, highInclusive: true };
}

export function isFullRange(list: IntervalList): boolean {
  return list === FULL_RANGE || (list.length === 1 && list[0]?.low === LOWEST && list[0].high === HIGHEST);
}

function isPoint(interval: Interval): boolean {
  return interval.lowInclusive && interval.highInclusive && compareKeyValues(interval.low, interval.high) === 0;
}

/** Every interval is a single value (an equality or an `$in` list); empty lists count too. */
export function isPointList(list: IntervalList): boolean {
  for (const interval of list) if (!isPoint(interval)) return false;
  return true;
}

export function isSinglePoint(list: IntervalList): boolean {
  return list.length === 1 && isPoint(list[0] as Interval);
}

function compareLows(a: Interval, b: Interval): number {
  const c = compareKeyValues(a.low, b.low);
  if (c !== 0) return c;
  return a.lowInclusive === b.lowInclusive ? 0 : a.lowInclusive ? -1 : 1;
}

function intersectTwo(a: Interval, b: Interval): Interval | undefined {
  const lowOrder = compareKeyValues(a.low, b.low);
  const low = lowOrder >= 0 ? a : b;
  const lowInclusive = lowOrder === 0 ? a.lowInclusive && b.lowInclusive : low.lowInclusive;
  const highOrder = compareKeyValues(a.high, b.high);
  const high = highOrder <= 0 ? a : b;
  const highInclusive = highOrder === 0 ? a.highInclusive && b.highInclusive : high.highInclusive;
  const span = compareKeyValues(low.low, high.high);
  if (span > 0 || (span === 0 && !(lowInclusive && highInclusive))) return undefined;
  return { low: low.low, high: high.high, lowInclusive, highInclusive };
}

/** Values in both lists. */
export function intersectLists(a: IntervalList, b: IntervalList): IntervalList {
  if (isFullRange(a)) return b;
  if (isFullRange(b)) return a;
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const both = intersectTwo(x, y);
    if (both !== undefined) result.push(both);
    const c = compareKeyValues(x.high, y.high);
    if (c < 0 || (c === 0 && !x.highInclusive)) i++;
    else j++;
  }
  return result;
}

/** Values in any of the intervals, as a sorted disjoint list. */
export function unionIntervals(intervals: readonly Interval[]): IntervalList {
  if (intervals.length <= 1) return intervals;
  const sorted = [...intervals].sort(compareLows);
  const result: Interval[] = [];
  let current = sorted[0] as Interval;
  for (let i = 1; i < sorted.length; i++) {
    const next = sorted[i] as Interval;
    const gap = compareKeyValues(next.low, current.high);
    if (gap < 0 || (gap === 0 && (next.lowInclusive || current.highInclusive))) {
      const c = compareKeyValues(next.high, current.high);
      if (c > 0 || (c === 0 && next.highInclusive && !current.highInclusive)) {
        current = { low: current.low, lowInclusive: current.lowInclusive, high: next.high, highInclusive: next.highInclusive };
      }
    } else {
      result.push(current);
      current = next;
    }
  }
  result.push(current);
  return result;
}

function intervalContains(interval: Interval, value: unknown): boolean {
  const low = compareKeyValues(value, interval.low);
  if (low < 0 || (low === 0 && !interval.lowInclusive)) return false;
  const high = compareKeyValues(value, interval.high);
  return high < 0 || (high === 0 && interval.highInclusive);
}

/** Whether `value` lies in the list (binary search: `$in` lists can be long). */
export function listContains(list: IntervalList, value: unknown): boolean {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const interval = list[middle] as Interval;
    const c = compareKeyValues(value, interval.high);
    if (c > 0 || (c === 0 && !interval.highInclusive)) low = middle + 1;
    else if (intervalContains(interval, value)) return true;
    else high = middle - 1;
  }
  return false;
}

function intervalWithin(inner: Interval, outer: Interval): boolean {
  const low = compareKeyValues(inner.low, outer.low);
  if (low < 0 || (low === 0 && inner.lowInclusive && !outer.lowInclusive)) return false;
  const high = compareKeyValues(inner.high, outer.high);
  return high < 0 || (high === 0 && (!inner.highInclusive || outer.highInclusive));
}

/** Every value of `inner` is in `outer`. */
export function listWithin(inner: IntervalList, outer: IntervalList): boolean {
  return inner.every((interval) => outer.some((candidate) => intervalWithin(interval, candidate)));
}

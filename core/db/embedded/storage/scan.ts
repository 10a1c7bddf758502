/**
 * Index scans: turns per-field bounds into B+tree key ranges (the cross product of the leading
 * point fields and the first range field) and walks them forwards or backwards. Fields after the
 * ranged ones are checked per key. The tree is read in short synchronous chunks, re-seeking from
 * the last key, so a cursor that pauses between batches survives writes to the tree.
 */
import type { BTreeIndex } from './btree-index.js';
import type { Interval, IntervalList } from './intervals.js';
import { FULL_RANGE, isFullRange, isPointList, listContains } from './intervals.js';
import type { KeyEntry } from './key-values.js';
import { HIGHEST, LOWEST } from './key-values.js';

/** Beyond this many key ranges the later fields are checked per key instead. */
const MAX_RANGES = 4096;
/** Big enough that a typical range (tens of keys) is read in one descent of the tree. */
const FIRST_CHUNK = 64;
const MAX_CHUNK = 1024;
/** forRange's stop signal, shared: returning it allocates nothing. */
const STOP = { break: true } as const;

interface KeyRange {
  /** Search keys that sort strictly before and after every entry in the range. */
  readonly start: KeyEntry;
  readonly end: KeyEntry;
}

interface FieldCheck {
  readonly position: number;
  readonly list: IntervalList;
}

export interface ScanPlan {
  readonly ranges: readonly KeyRange[];
  readonly checks: readonly FieldCheck[];
}

function rangedFieldCount(bounds: readonly IntervalList[]): number {
  let count = 0;
  while (count < bounds.length && isPointList(bounds[count] as IntervalList)) count++;
  if (count < bounds.length && !isFullRange(bounds[count] as IntervalList)) count++;
  let product = 1;
  for (let i = 0; i < count; i++) {
    product *= (bounds[i] as IntervalList).length;
    if (product > MAX_RANGES) return i;
  }
  return count;
}

/** The intervals of one field in index order (descending fields run from high to low). */
function inIndexOrder(list: IntervalList, direction: number): IntervalList {
  return direction === 1 ? list : [...list].reverse();
}

function edgeKey(
  prefix: readonly Interval[],
  directions: readonly number[],
  atStart: boolean,
  inclusive: boolean,
): KeyEntry {
  const key: KeyEntry = [];
  prefix.forEach((interval, i) => {
    const ascending = directions[i] === 1;
    key.push(atStart === ascending ? interval.low : interval.high);
  });
  // Exclusive starts and inclusive ends pass every entry sharing the prefix; the others stop short.
  const pastPrefix = atStart !== inclusive;
  for (let i = prefix.length; i < directions.length; i++) {
    const ascending = directions[i] === 1;
    key.push(pastPrefix === ascending ? HIGHEST : LOWEST);
  }
  key.push(pastPrefix ? Infinity : -Infinity);
  return key;
}

function startInclusive(interval: Interval | undefined, direction: number): boolean {
  if (interval === undefined) return true;
  return direction === 1 ? interval.lowInclusive : interval.highInclusive;
}

function endInclusive(interval: Interval | undefined, direction: number): boolean {
  if (interval === undefined) return true;
  return direction === 1 ? interval.highInclusive : interval.lowInclusive;
}

/** Key ranges (ascending in index order) and per-key checks for `bounds` over `index`. */
export function planScan(directions: readonly number[], bounds: readonly IntervalList[]): ScanPlan {
  const ranged = rangedFieldCount(bounds);
  const ranges: KeyRange[] = [];
  const prefix: Interval[] = [];
  const expand = (field: number): void => {
    if (field === ranged) {
      const last = prefix[ranged - 1];
      const direction = directions[ranged - 1] ?? 1;
      ranges.push({
        start: edgeKey(prefix, directions, true, startInclusive(last, direction)),
        end: edgeKey(prefix, directions, false, endInclusive(last, direction)),
      });
      return;
    }
    for (const interval of inIndexOrder(bounds[field] as IntervalList, directions[field] as number)) {
      prefix.push(interval);
      expand(field + 1);
      prefix.pop();
    }
  };
  expand(0);
  const checks: FieldCheck[] = [];
  for (let i = ranged; i < bounds.length; i++) {
    const list = bounds[i] as IntervalList;
    if (list !== FULL_RANGE && !isFullRange(list)) checks.push({ position: i, list });
  }
  return { ranges, checks };
}

function passes(entry: KeyEntry, checks: readonly FieldCheck[]): boolean {
  for (const check of checks) if (!listContains(check.list, entry[check.position])) return false;
  return true;
}

/**
 * Pulls the entries of `index` within a scan plan, in index order or backwards, one at a time.
 * A pull-style cursor rather than a generator: one scan yields up to millions of keys.
 */
export class IndexScanner {
  /** Every key read so far, including those a per-key check rejected. */
  keysExamined = 0;
  private readonly ranges: readonly KeyRange[];
  private rangePosition = 0;
  private readonly chunk: KeyEntry[] = [];
  private chunkPosition = 0;
  private chunkSize = FIRST_CHUNK;
  /** Where the next chunk starts: a range edge, or the last key returned. */
  private cursor: KeyEntry | undefined;
  private rangeDone = true;
  private readonly pair: [KeyEntry, undefined] = [[], undefined];

  constructor(
    private readonly index: BTreeIndex,
    private readonly plan: ScanPlan,
    private readonly backwards: boolean,
  ) {
    this.ranges = backwards ? [...plan.ranges].reverse() : plan.ranges;
  }

  next(): KeyEntry | undefined {
    const checks = this.plan.checks;
    for (;;) {
      if (this.chunkPosition < this.chunk.length) {
        const entry = this.chunk[this.chunkPosition++] as KeyEntry;
        this.keysExamined++;
        if (checks.length === 0 || passes(entry, checks)) return entry;
        continue;
      }
      if (!this.fill()) return undefined;
    }
  }

  /** Reads the next chunk; false when every range is exhausted. */
  private fill(): boolean {
    for (;;) {
      if (this.rangeDone) {
        const range = this.ranges[this.rangePosition++];
        if (range === undefined) return false;
        this.cursor = undefined;
        this.rangeDone = false;
        this.chunkSize = FIRST_CHUNK;
      }
      this.readChunk(this.ranges[this.rangePosition - 1] as KeyRange);
      if (this.chunk.length > 0) return true;
    }
  }

  private readChunk(range: KeyRange): void {
    const resumed = this.cursor !== undefined;
    this.chunk.length = 0;
    this.chunkPosition = 0;
    if (this.backwards) this.readBackwards(range, this.cursor ?? range.end, resumed);
    else this.readForwards(range, this.cursor ?? range.start, resumed);
    if (this.chunk.length === this.chunkSize) {
      this.cursor = this.chunk[this.chunk.length - 1];
      this.chunkSize = Math.min(this.chunkSize * 2, MAX_CHUNK);
    } else {
      this.rangeDone = true;
    }
  }

  /** forRange calls back without allocating per key, unlike the tree's iterators. */
  private readForwards(range: KeyRange, from: KeyEntry, resumed: boolean): void {
    const { chunk, chunkSize } = this;
    const compare = this.index.compare;
    this.index.tree.forRange(from, range.end, false, (key) => {
      // A resumed read starts at the last key returned when it still exists.
      if (resumed && chunk.length === 0 && compare(key, from) === 0) return undefined;
      chunk.push(key);
      return chunk.length === chunkSize ? STOP : undefined;
    });
  }

  private readBackwards(range: KeyRange, from: KeyEntry, resumed: boolean): void {
    const { chunk, chunkSize } = this;
    const compare = this.index.compare;
    const iterator = this.index.tree.entriesReversed(from, this.pair, resumed);
    for (let step = iterator.next(); step.done !== true; step = iterator.next()) {
      const key = step.value[0];
      if (compare(key, range.start) <= 0) return;
      chunk.push(key);
      if (chunk.length === chunkSize) return;
    }
  }
}

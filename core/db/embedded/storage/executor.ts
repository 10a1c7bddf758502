/**
 * Runs a plan: reads candidate records (collection scan, `_id` lookups or an index scan), applies
 * the full compiled filter, then sorts in memory when the access path does not give the order
 * (keeping only skip + limit records when there is a limit), and applies skip and limit. Records
 * are produced lazily and the statistics fill in as they are consumed.
 */
import type { Document } from '../bson-values.js';
import type { CompiledFilter } from '../query/matcher.js';
import type { BTreeIndex } from './btree-index.js';
import { formatInterval } from './key-format.js';
import type { Interval, IntervalList } from './intervals.js';
import type { AccessPath, Plan, PlannableIndex } from './planner.js';
import { IndexScanner, planScan } from './scan.js';
import type { ExecutionStats, QueryPlanInfo, StoredRecord } from './types.js';

/** The records of a collection by recordId, in natural (recordId) order. */
export interface RecordTable {
  get(recordId: number): StoredRecord | undefined;
  values(): IterableIterator<StoredRecord>;
  valuesReversed(): IterableIterator<StoredRecord>;
}

/** What the executor reads from a collection. */
export interface RecordSource {
  readonly records: RecordTable;
  findById(id: unknown): StoredRecord | undefined;
  /** The B+tree behind an index the planner chose (materializing the ordered `_id` index). */
  scannable(index: PlannableIndex): BTreeIndex;
}

export interface ExecutionOptions {
  readonly filter: CompiledFilter | undefined;
  /** Comparator for an in-memory sort, when the plan does not cover the sort. */
  readonly compare: ((a: Document, b: Document) => number) | undefined;
  readonly skip: number;
  /** 0: no limit. */
  readonly limit: number;
}

/** Buffered records beyond which a limited sort trims back to skip + limit. */
const MIN_TOP_K_BUFFER = 256;

/** The next candidate record, or undefined when the access path is exhausted. */
type Pull = () => StoredRecord | undefined;

function collectionScan(source: RecordSource, direction: 1 | -1, stats: ExecutionStats): Pull {
  const values = direction === 1 ? source.records.values() : source.records.valuesReversed();
  return () => {
    const step = values.next();
    if (step.done === true) return undefined;
    stats.docsExamined++;
    return step.value;
  };
}

function idLookups(source: RecordSource, access: Extract<AccessPath, { kind: 'ids' }>, stats: ExecutionStats): Pull {
  const ids = access.direction === 1 ? access.ids : [...access.ids].reverse();
  let position = 0;
  return () => {
    while (position < ids.length) {
      stats.keysExamined++;
      const record = source.findById((ids[position++] as Interval).low);
      if (record === undefined) continue;
      stats.docsExamined++;
      return record;
    }
    return undefined;
  };
}

function indexScan(source: RecordSource, access: Extract<AccessPath, { kind: 'ixscan' }>, stats: ExecutionStats): Pull {
  const index = source.scannable(access.index);
  const width = index.pattern.fields.length;
  // A document with several keys in range must come out once.
  const seen = index.multikey ? new Set<number>() : undefined;
  const scanner = new IndexScanner(index, planScan(index.pattern.directions, access.bounds), access.direction === -1);
  const records = source.records;
  return () => {
    for (;;) {
      const before = scanner.keysExamined;
      const entry = scanner.next();
      stats.keysExamined += scanner.keysExamined - before;
      if (entry === undefined) return undefined;
      const recordId = entry[width] as number;
      if (seen !== undefined) {
        if (seen.has(recordId)) continue;
        seen.add(recordId);
      }
      const record = records.get(recordId);
      if (record === undefined) continue;
      stats.docsExamined++;
      return record;
    }
  };
}

function candidates(source: RecordSource, access: AccessPath, stats: ExecutionStats): Pull {
  switch (access.kind) {
    case 'collscan':
      return collectionScan(source, access.direction, stats);
    case 'ids':
      return idLookups(source, access, stats);
    case 'ixscan':
      return indexScan(source, access, stats);
  }
}

/** Candidates that pass the full filter. */
function matching(source: RecordSource, plan: Plan, options: ExecutionOptions, stats: ExecutionStats): Pull {
  const pull = candidates(source, plan.access, stats);
  const filter = options.filter;
  if (filter === undefined) return pull;
  return () => {
    for (;;) {
      const record = pull();
      if (record === undefined || filter.matches(record.document)) return record;
    }
  };
}

function sortRecords(pull: Pull, compare: (a: Document, b: Document) => number, keep: number): StoredRecord[] {
  const byDocument = (a: StoredRecord, b: StoredRecord): number => compare(a.document, b.document);
  const buffer: StoredRecord[] = [];
  const trimAt = Math.max(keep * 2, MIN_TOP_K_BUFFER);
  for (let record = pull(); record !== undefined; record = pull()) {
    buffer.push(record);
    // Stable sorts keep scan order among equal keys across trims.
    if (buffer.length >= trimAt) {
      buffer.sort(byDocument);
      buffer.length = keep;
    }
  }
  return buffer.sort(byDocument);
}

/**
 * The records of a plan, filtered, ordered, skipped and limited, pulled one at a time. Reuses
 * its iterator result object: a scan may return millions of records.
 */
class RecordCursor implements IterableIterator<StoredRecord> {
  private readonly result: { done: boolean; value: StoredRecord | undefined } = { done: false, value: undefined };
  private pull: Pull | undefined;
  private started = 0;
  private finished = false;

  constructor(
    private readonly source: RecordSource,
    private readonly plan: Plan,
    private readonly options: ExecutionOptions,
    private readonly stats: ExecutionStats,
  ) {}

  [Symbol.iterator](): IterableIterator<StoredRecord> {
    return this;
  }

  next(): IteratorResult<StoredRecord> {
    if (this.finished) return this.end();
    const pull = this.pull ?? this.start();
    const { stats, options } = this;
    const record = options.limit > 0 && stats.nReturned >= options.limit ? undefined : pull();
    if (record === undefined) return this.end();
    stats.nReturned++;
    this.result.value = record;
    return this.result as IteratorResult<StoredRecord>;
  }

  return(): IteratorResult<StoredRecord> {
    return this.end();
  }

  private start(): Pull {
    this.started = performance.now();
    const { skip, limit, compare } = this.options;
    let pull = matching(this.source, this.plan, this.options, this.stats);
    if (compare !== undefined) {
      const sorted = sortRecords(pull, compare, limit > 0 ? skip + limit : Infinity);
      let position = 0;
      pull = () => sorted[position++];
    }
    let skipped = 0;
    while (skipped < skip && pull() !== undefined) skipped++;
    this.pull = pull;
    return pull;
  }

  private end(): IteratorResult<StoredRecord> {
    if (!this.finished) {
      this.finished = true;
      if (this.started > 0) this.stats.executionTimeMillis = Math.round(performance.now() - this.started);
    }
    this.result.done = true;
    this.result.value = undefined;
    return this.result as IteratorResult<StoredRecord>;
  }
}

/** The records of `plan`, produced lazily; fills `stats` as they are consumed. */
export function execute(
  source: RecordSource,
  plan: Plan,
  options: ExecutionOptions,
  stats: ExecutionStats,
): IterableIterator<StoredRecord> {
  return new RecordCursor(source, plan, options, stats);
}

function boundsStrings(
  pattern: { readonly fields: readonly string[]; readonly directions: readonly number[] },
  bounds: readonly IntervalList[],
  scanDirection: number,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  pattern.fields.forEach((field, i) => {
    const direction = (pattern.directions[i] as number) * scanDirection;
    const list = bounds[i] as IntervalList;
    const ordered = direction === 1 ? list : [...list].reverse();
    result[field] = ordered.map((interval) => formatInterval(interval, direction));
  });
  return result;
}

/** The explain view of a plan. */
export function describePlan(plan: Plan, multikey: (index: PlannableIndex) => boolean): QueryPlanInfo {
  const common = { sortCoveredByIndex: plan.sortCovered, rejectedIndexNames: plan.rejected };
  const access = plan.access;
  if (access.kind === 'collscan') return { stage: 'COLLSCAN', ...common };
  const index = access.index;
  const base = { indexName: index.spec.name, keyPattern: index.spec.key, isMultiKey: multikey(index), ...common };
  if (access.kind === 'ids') {
    if (access.ids.length === 1 && !access.hinted) return { stage: 'IDHACK', ...base };
    return { stage: 'IXSCAN', indexBounds: boundsStrings(index.pattern, [access.ids], access.direction), ...base };
  }
  return { stage: 'IXSCAN', indexBounds: boundsStrings(index.pattern, access.bounds, access.direction), ...base };
}

/**
 * The "N" accumulators: `$firstN $lastN $minN $maxN $top $bottom $topN $bottomN`. Each keeps at
 * most n entries while streaming, so a group over a large input stays small.
 */
import { compareValues, isNumeric, isPlainObject, toDouble } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import type { Accumulator, AccumulatorSpec } from './accumulators.js';
import type { CompiledExpression, Variables } from './expression.js';
import { compileFast } from './stages/expr.js';
import { parseSortSpec } from './stages/sort-spec.js';
import { fail, renderValue } from './stages/util.js';

const nInputOperators: ReadonlySet<string> = new Set(['$firstN', '$lastN', '$minN', '$maxN']);
const sortedOperators: ReadonlySet<string> = new Set(['$top', '$bottom', '$topN', '$bottomN']);

/** True for the operators this module parses. */
export function isNAccumulator(name: string): boolean {
  return nInputOperators.has(name) || sortedOperators.has(name);
}

/** Validates a runtime `n`: a positive integral number (mongod codes 5787902/5787903/5787908). */
export function validateN(value: unknown): number {
  if (!isNumeric(value)) throw fail(5787902, `Value for 'n' must be of integral type, but found ${renderValue(value)}`);
  const n = toDouble(value);
  if (!Number.isInteger(n)) throw fail(5787903, `Value for 'n' must be of integral type, but found ${renderValue(value)}`);
  if (n <= 0) throw fail(5787908, `'n' must be greater than 0, found ${n}`);
  return n;
}

/** `n` may depend on the group key: it is evaluated against `{_id: <key>}`. */
function resolveN(n: CompiledExpression, groupId: unknown, variables: Variables): number {
  return validateN(n({ _id: groupId }, variables));
}

class FirstNAccumulator implements Accumulator {
  private readonly values: unknown[] = [];
  constructor(private readonly n: number) {}
  add(value: unknown): void {
    if (this.values.length < this.n) this.values.push(value === undefined ? null : value);
  }
  result(): unknown {
    return this.values;
  }
}

class LastNAccumulator implements Accumulator {
  private values: unknown[] = [];
  constructor(private readonly n: number) {}
  add(value: unknown): void {
    this.values.push(value === undefined ? null : value);
    // Trim in batches so that adding stays amortised O(1).
    if (this.values.length >= this.n * 2 + 16) this.values = this.values.slice(this.values.length - this.n);
  }
  result(): unknown {
    return this.values.length > this.n ? this.values.slice(this.values.length - this.n) : this.values;
  }
}

/** Index where `item` goes after every entry that compares equal (stable insertion). */
function upperBound<T>(entries: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(entries[middle] as T, item) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Keeps the n smallest (`keepLargest` false) or largest entries in ascending order; on a tie with
 * the boundary entry the one seen first stays, as in mongod.
 */
class BoundedSorted<T> {
  readonly entries: T[] = [];
  constructor(
    private readonly n: number,
    private readonly compare: (a: T, b: T) => number,
    private readonly keepLargest: boolean,
  ) {}

  add(item: T): void {
    const entries = this.entries;
    if (entries.length === this.n) {
      if (this.keepLargest) {
        if (this.compare(item, entries[0] as T) <= 0) return;
        entries.shift();
      } else {
        if (this.compare(entries[entries.length - 1] as T, item) <= 0) return;
        entries.pop();
      }
    }
    entries.splice(upperBound(entries, item, this.compare), 0, item);
  }
}

class MinMaxNAccumulator implements Accumulator {
  private readonly kept: BoundedSorted<unknown>;
  constructor(
    n: number,
    private readonly max: boolean,
  ) {
    this.kept = new BoundedSorted<unknown>(n, compareValues, max);
  }
  add(value: unknown): void {
    if (value !== undefined && value !== null) this.kept.add(value);
  }
  result(): unknown {
    return this.max ? [...this.kept.entries].reverse() : [...this.kept.entries];
  }
}

interface SortedEntry {
  readonly document: Document;
  readonly output: unknown;
}

class TopBottomAccumulator implements Accumulator {
  private readonly kept: BoundedSorted<SortedEntry>;
  constructor(
    n: number,
    compare: (a: Document, b: Document) => number,
    bottom: boolean,
    private readonly single: boolean,
  ) {
    this.kept = new BoundedSorted<SortedEntry>(n, (a, b) => compare(a.document, b.document), bottom);
  }
  add(value: unknown): void {
    this.kept.add(value as SortedEntry);
  }
  result(): unknown {
    const outputs = this.kept.entries.map((entry) => (entry.output === undefined ? null : entry.output));
    if (!this.single) return outputs;
    return outputs.length === 0 ? null : outputs[0];
  }
}

function specObject(operator: string, argument: unknown, code: number): Document {
  if (!isPlainObject(argument)) {
    throw fail(code, `specification must be an object; found ${operator}: ${renderValue(argument)}`);
  }
  return argument;
}

function parseInputN(field: string, operator: string, argument: unknown): AccumulatorSpec {
  const spec = specObject(operator, argument, operator === '$firstN' || operator === '$lastN' ? 5787801 : 5787900);
  for (const key of Object.keys(spec)) {
    if (key !== 'n' && key !== 'input') throw fail(5787901, `Unknown argument for 'n' operator: ${key}`);
  }
  if (!('n' in spec)) throw fail(5787906, "Missing value for 'n'");
  if (!('input' in spec)) throw fail(5787907, "Missing value for 'input'");
  const n = compileFast(spec.n);
  const create = (groupId: unknown, variables: Variables): Accumulator => {
    const count = resolveN(n, groupId, variables);
    if (operator === '$firstN') return new FirstNAccumulator(count);
    if (operator === '$lastN') return new LastNAccumulator(count);
    return new MinMaxNAccumulator(count, operator === '$maxN');
  };
  return { field, operator, argument: compileFast(spec.input), constant: undefined, create };
}

function parseSorted(field: string, operator: string, argument: unknown): AccumulatorSpec {
  const single = operator === '$top' || operator === '$bottom';
  const spec = specObject(operator, argument, 5788001);
  for (const key of Object.keys(spec)) {
    if (key === 'output' || key === 'sortBy' || (key === 'n' && !single)) continue;
    throw fail(5788002, `Unknown argument to ${operator} '${key}'`);
  }
  if (!single && !('n' in spec)) throw fail(5788003, "Missing value for 'n'");
  if (!('output' in spec)) throw fail(5788004, "Missing value for 'output'");
  if (!('sortBy' in spec)) throw fail(5788005, "Missing value for 'sortBy'");
  const sort = parseSortSpec(spec.sortBy);
  const output = compileFast(spec.output);
  const n = single ? () => 1 : compileFast(spec.n);
  const bottom = operator === '$bottom' || operator === '$bottomN';
  return {
    field,
    operator,
    // The entry keeps the whole input document: the sort key is read from it, not from `output`.
    argument: (root: Document, variables: Variables): SortedEntry => ({ document: root, output: output(root, variables) }),
    constant: undefined,
    create: (groupId, variables) => new TopBottomAccumulator(resolveN(n, groupId, variables), sort.compare, bottom, single),
  };
}

/** Parses `{$firstN: {input, n}}`-style accumulators (see `isNAccumulator`). */
export function parseNAccumulator(field: string, operator: string, argument: unknown): AccumulatorSpec {
  return nInputOperators.has(operator) ? parseInputN(field, operator, argument) : parseSorted(field, operator, argument);
}

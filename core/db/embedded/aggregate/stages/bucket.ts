/**
 * `$bucket`: documents grouped into [lower, upper) ranges of fixed boundaries, sorted by bucket.
 * mongod desugars it to `$group` on a `$switch` + `$sort`; the errors follow that desugaring.
 */
import { canonicalTypeOrder, compareValues, isPlainObject } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { parseAccumulator } from '../accumulators.js';
import type { Accumulator, AccumulatorSpec } from '../accumulators.js';
import type { CompiledExpression } from '../expression.js';
import { compileFast } from './expr.js';
import type { StageRunner } from './types.js';
import { fail, isOperatorObject, renderCompact, renderValue, typeName } from './util.js';

interface BucketSpec {
  groupBy: CompiledExpression;
  boundaries: unknown[];
  default: { value: unknown } | undefined;
  output: AccumulatorSpec[];
}

/** The value of a constant expression, or `undefined` + false when it depends on the input. */
function constantOf(value: unknown): { ok: boolean; value: unknown } {
  if (typeof value === 'string') return { ok: !value.startsWith('$'), value };
  if (Array.isArray(value)) {
    const items = value.map(constantOf);
    return { ok: items.every((item) => item.ok), value: items.map((item) => item.value) };
  }
  if (isPlainObject(value)) {
    if (isOperatorObject(value)) {
      const keys = Object.keys(value);
      return keys.length === 1 && keys[0] === '$literal' ? { ok: true, value: value.$literal } : { ok: false, value };
    }
    const out: Document = {};
    for (const key of Object.keys(value)) {
      const item = constantOf(value[key]);
      if (!item.ok) return { ok: false, value };
      out[key] = item.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}

function parseGroupBy(value: unknown): CompiledExpression {
  const isPath = typeof value === 'string' && value.startsWith('$');
  if (!isPath && !isOperatorObject(value)) {
    throw fail(40202, `The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression, but found: ${renderValue(value)}.`);
  }
  return compileFast(value);
}

function parseBoundaries(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw fail(40200, `The $bucket 'boundaries' field must be an array, but found type: ${typeName(value)}.`);
  const boundaries = value.map((item: unknown) => {
    const constant = constantOf(item);
    if (!constant.ok) {
      throw fail(40191, `The $bucket 'boundaries' field must be an array of constant values, but found value: ${renderValue(item)}.`);
    }
    return constant.value;
  });
  if (boundaries.length < 2) {
    throw fail(40192, `The $bucket 'boundaries' field must have at least 2 values, but found ${boundaries.length} value(s).`);
  }
  for (let i = 1; i < boundaries.length; i++) {
    const lower = boundaries[i - 1];
    const upper = boundaries[i];
    if (canonicalTypeOrder(lower) !== canonicalTypeOrder(upper)) {
      throw fail(
        40193,
        `All values in the the 'boundaries' option to $bucket must have the same type. Found conflicting types ${typeName(lower)} and ${typeName(upper)}.`,
      );
    }
    if (compareValues(lower, upper) >= 0) {
      throw fail(
        40194,
        `The 'boundaries' option to $bucket must be sorted, but elements ${i - 1} and ${i} are not in ascending order (${renderCompact(lower)} is not less than ${renderCompact(upper)}).`,
      );
    }
  }
  return boundaries;
}

function parseOutput(value: unknown): AccumulatorSpec[] {
  if (!isPlainObject(value)) throw fail(40196, `The $bucket 'output' field must be an object, but found type: ${typeName(value)}.`);
  return Object.keys(value).map((field) => parseAccumulator(field, value[field]));
}

function parseBucket(spec: unknown): BucketSpec {
  if (!isPlainObject(spec)) throw fail(40201, `Argument to $bucket stage must be an object, but found type: ${typeName(spec)}.`);
  let groupBy: CompiledExpression | undefined;
  let boundaries: unknown[] | undefined;
  let fallback: { value: unknown } | undefined;
  let output: AccumulatorSpec[] | undefined;
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (key === 'groupBy') groupBy = parseGroupBy(value);
    else if (key === 'boundaries') boundaries = parseBoundaries(value);
    else if (key === 'default') {
      const constant = constantOf(value);
      if (!constant.ok) throw fail(40195, `The $bucket 'default' field must be a constant expression, but found: ${renderValue(value)}.`);
      fallback = { value: constant.value };
    } else if (key === 'output') output = parseOutput(value);
    else throw fail(40197, `Unrecognized option to $bucket: ${key}.`);
  }
  if (groupBy === undefined || boundaries === undefined) {
    throw fail(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  }
  checkDefault(boundaries, fallback);
  return { groupBy, boundaries, default: fallback, output: output ?? [parseAccumulator('count', { $sum: 1 })] };
}

function checkDefault(boundaries: readonly unknown[], fallback: { value: unknown } | undefined): void {
  if (fallback === undefined) return;
  const lowest = boundaries[0];
  const highest = boundaries[boundaries.length - 1];
  if (canonicalTypeOrder(fallback.value) !== canonicalTypeOrder(lowest)) return;
  if (compareValues(fallback.value, lowest) < 0 || compareValues(fallback.value, highest) >= 0) return;
  throw fail(40199, "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.");
}

/** Index of the bucket [b[i], b[i+1]) holding `value`, or -1 outside every bucket. */
function bucketIndex(boundaries: readonly unknown[], value: unknown): number {
  if (compareValues(value, boundaries[0]) < 0 || compareValues(value, boundaries[boundaries.length - 1]) >= 0) return -1;
  let low = 0;
  let high = boundaries.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (compareValues(value, boundaries[middle]) < 0) high = middle;
    else low = middle;
  }
  return low;
}

/** Compiles `$bucket`. */
export function compileBucket(spec: unknown): StageRunner {
  const bucket = parseBucket(spec);
  const { boundaries, output } = bucket;
  return function* runBucket(input, run) {
    const variables = run.variables;
    const states = new Map<number, { id: unknown; accumulators: Accumulator[] }>();
    for (const document of input) {
      const index = bucketIndex(boundaries, bucket.groupBy(document, variables));
      if (index < 0 && bucket.default === undefined) {
        throw fail(40066, '$switch could not find a matching branch for an input, and no default was specified.');
      }
      let state = states.get(index);
      if (state === undefined) {
        const id = index < 0 ? (bucket.default as { value: unknown }).value : boundaries[index];
        state = { id, accumulators: output.map((accumulator) => accumulator.create(id, variables)) };
        states.set(index, state);
      }
      for (let i = 0; i < output.length; i++) {
        const accumulator = output[i] as AccumulatorSpec;
        (state.accumulators[i] as Accumulator).add(
          accumulator.constant === undefined ? accumulator.argument(document, variables) : accumulator.constant.value,
        );
      }
    }
    const results = [...states.values()].sort((a, b) => compareValues(a.id, b.id));
    for (const state of results) {
      const document: Document = { _id: state.id };
      output.forEach((accumulator, i) => (document[accumulator.field] = (state.accumulators[i] as Accumulator).result()));
      yield document;
    }
  };
}

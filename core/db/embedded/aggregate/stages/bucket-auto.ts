/**
 * `$bucketAuto`: sorts the input by the groupBy value and cuts it into `buckets` runs of roughly
 * equal size, never splitting equal values (mongod's algorithm). `granularity` is not supported.
 */
import { compareValues, isNumeric, isPlainObject, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { serverError } from '../../errors.js';
import { parseAccumulator } from '../accumulators.js';
import type { Accumulator, AccumulatorSpec } from '../accumulators.js';
import type { CompiledExpression, Variables } from '../expression.js';
import { compileFast } from './expr.js';
import type { StageRunner } from './types.js';
import { fail, isOperatorObject, renderValue, typeName } from './util.js';

interface BucketAutoSpec {
  groupBy: CompiledExpression;
  buckets: number;
  output: AccumulatorSpec[];
}

function parseBuckets(value: unknown): number {
  if (!isNumeric(value)) throw fail(40241, `The $bucketAuto 'buckets' field must be a numeric value, but found type: ${typeName(value)}`);
  const buckets = toDouble(value);
  if (!Number.isInteger(buckets) || Math.abs(buckets) > 2147483647) {
    throw fail(40242, `The $bucketAuto 'buckets' field must be representable as a 32-bit integer, but found ${buckets}`);
  }
  return buckets;
}

function parseGroupBy(value: unknown): CompiledExpression {
  const isPath = typeof value === 'string' && value.length > 1 && value.startsWith('$');
  if (!isPath && !isOperatorObject(value)) {
    throw fail(40239, `The $bucketAuto 'groupBy' field must be defined as a $-prefixed path or an expression object, but found: ${renderValue(value)}`);
  }
  return compileFast(value);
}

function parseBucketAuto(spec: unknown): BucketAutoSpec {
  if (!isPlainObject(spec)) throw fail(40240, `The argument to $bucketAuto must be an object, but found type: ${typeName(spec)}`);
  let groupBy: CompiledExpression | undefined;
  let buckets: number | undefined;
  const output: AccumulatorSpec[] = [];
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (key === 'groupBy') groupBy = parseGroupBy(value);
    else if (key === 'buckets') buckets = parseBuckets(value);
    else if (key === 'output') {
      if (!isPlainObject(value)) throw fail(40244, `The $bucketAuto 'output' field must be an object, but found type: ${typeName(value)}`);
      for (const field of Object.keys(value)) output.push(parseAccumulator(field, value[field]));
    } else if (key === 'granularity') {
      if (typeof value !== 'string') throw fail(40261, `The $bucketAuto 'granularity' field must be a string, but found type: ${typeName(value)}`);
      throw serverError('BadValue', "The $bucketAuto 'granularity' option is not supported by the embedded database");
    } else throw fail(40245, `Unrecognized option to $bucketAuto: ${key}`);
  }
  if (groupBy === undefined || buckets === undefined) throw fail(40246, "$bucketAuto requires 'groupBy' and 'buckets' to be specified");
  if (buckets <= 0) throw fail(40243, `The $bucketAuto 'buckets' field must be greater than 0, but found: ${buckets}`);
  if (output.length === 0) output.push(parseAccumulator('count', { $sum: 1 }));
  return { groupBy, buckets, output };
}

interface Keyed {
  readonly key: unknown;
  readonly document: Document;
}

interface Bucket {
  min: unknown;
  max: unknown;
  readonly accumulators: Accumulator[];
}

function fillBuckets(sorted: readonly Keyed[], spec: BucketAutoSpec, variables: Variables): Bucket[] {
  const approximateSize = Math.max(1, Math.round(sorted.length / spec.buckets));
  const buckets: Bucket[] = [];
  let next = 0;
  const add = (bucket: Bucket, entry: Keyed): void => {
    bucket.max = entry.key;
    spec.output.forEach((accumulator, i) => {
      (bucket.accumulators[i] as Accumulator).add(
        accumulator.constant === undefined ? accumulator.argument(entry.document, variables) : accumulator.constant.value,
      );
    });
  };
  for (let b = 0; b < spec.buckets && next < sorted.length; b++) {
    const first = sorted[next++] as Keyed;
    const bucket: Bucket = { min: first.key, max: first.key, accumulators: spec.output.map((a) => a.create(null, variables)) };
    add(bucket, first);
    const end = b === spec.buckets - 1 ? sorted.length : Math.min(sorted.length, next + approximateSize - 1);
    while (next < end) add(bucket, sorted[next++] as Keyed);
    // A bucket ends strictly below its upper bound: equal values stay together.
    while (next < sorted.length && compareValues((sorted[next] as Keyed).key, bucket.max) === 0) add(bucket, sorted[next++] as Keyed);
    buckets.push(bucket);
  }
  return buckets;
}

/** Compiles `$bucketAuto`. */
export function compileBucketAuto(spec: unknown): StageRunner {
  const parsed = parseBucketAuto(spec);
  return function* bucketAuto(input, run) {
    const variables = run.variables;
    const keyed: Keyed[] = [];
    for (const document of input) {
      const key = parsed.groupBy(document, variables);
      keyed.push({ key: key === undefined ? null : key, document });
    }
    keyed.sort((a, b) => compareValues(a.key, b.key));
    const buckets = fillBuckets(keyed, parsed, variables);
    for (let i = 0; i < buckets.length; i++) {
      const bucket = buckets[i] as Bucket;
      const max = i + 1 < buckets.length ? (buckets[i + 1] as Bucket).min : bucket.max;
      const document: Document = { _id: { min: bucket.min, max } };
      parsed.output.forEach((accumulator, j) => (document[accumulator.field] = (bucket.accumulators[j] as Accumulator).result()));
      yield document;
    }
  };
}

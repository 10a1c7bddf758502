/**
 * `$densify`: inserts documents so that a numeric or date field has a value at every `step` of
 * a range (the whole input's, each partition's, or explicit bounds). Generated documents hold
 * only the field and the partition fields, as in mongod.
 */
import { compareValues, isNumeric, isPlainObject, keyString, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { serverError } from '../../errors.js';
import { getPath, setPath } from './paths.js';
import type { StageRunner } from './types.js';
import { fail, parseFieldPath, typeName } from './util.js';

type Bounds = 'full' | 'partition' | [number, number];

interface DensifySpec {
  field: string[];
  partitionFields: string[][];
  step: number;
  unit: string | undefined;
  bounds: Bounds;
}

const unitMilliseconds: Readonly<Record<string, number>> = {
  millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000,
};
const unitMonths: Readonly<Record<string, number>> = { month: 1, quarter: 3, year: 12 };

const invalid = (message: string) => serverError('FailedToParse', message);

function parseBounds(value: unknown, unit: string | undefined): Bounds {
  if (value === 'full' || value === 'partition') return value;
  if (!Array.isArray(value) || value.length !== 2) {
    throw fail(5946802, "the bounds parameter must be one of 'full', 'partition', or an array of two values");
  }
  const [lower, upper] = value.map((bound: unknown) => {
    if (unit === undefined ? !isNumeric(bound) : !(bound instanceof Date)) {
      throw fail(5733402, `a bounding array in a range statement must contain ${unit === undefined ? 'numeric' : 'date'} values, found ${typeName(bound)}`);
    }
    return bound instanceof Date ? bound.getTime() : toDouble(bound);
  }) as [number, number];
  if (lower > upper) throw fail(5733403, 'a bounding array must be an ascending array of either two dates or two numbers');
  return [lower, upper];
}

function parseRange(range: unknown): Pick<DensifySpec, 'step' | 'unit' | 'bounds'> {
  if (!isPlainObject(range)) throw invalid(`BSON field '$densify.range' is the wrong type '${typeName(range)}', expected type 'object'`);
  const unit = range.unit;
  if (unit !== undefined && (typeof unit !== 'string' || !(unit in unitMilliseconds || unit in unitMonths))) {
    throw serverError('BadValue', `unknown time unit value: ${String(unit)}`);
  }
  const step = range.step;
  if (!isNumeric(step) || toDouble(step) <= 0) {
    throw fail(5733401, 'the step parameter in a range statement must be a strictly positive numeric value');
  }
  if (unit !== undefined && !Number.isInteger(toDouble(step))) throw fail(5733412, 'The step parameter in a range satement must be a whole number when densifying a date range');
  return { step: toDouble(step), unit, bounds: parseBounds(range.bounds, unit) };
}

function parseDensify(spec: unknown): DensifySpec {
  if (!isPlainObject(spec)) throw invalid(`The $densify stage specification must be an object, found ${typeName(spec)}`);
  for (const key of Object.keys(spec)) {
    if (key !== 'field' && key !== 'partitionByFields' && key !== 'range') throw fail(40415, `BSON field '$densify.${key}' is an unknown field.`);
  }
  if (typeof spec.field !== 'string') throw fail(40414, "BSON field '$densify.field' is missing but a required field");
  if (!('range' in spec)) throw fail(40414, "BSON field '$densify.range' is missing but a required field");
  const partitions = spec.partitionByFields ?? [];
  if (!Array.isArray(partitions) || partitions.some((field) => typeof field !== 'string')) {
    throw invalid("BSON field '$densify.partitionByFields' must be an array of strings");
  }
  const range = parseRange(spec.range);
  if (range.bounds === 'partition' && partitions.length === 0) {
    throw fail(5733408, "one may not specify the bounds as 'partition' without specifying a non-empty array of partitionByFields");
  }
  return { field: parseFieldPath(spec.field), partitionFields: (partitions as string[]).map((field) => parseFieldPath(field)), ...range };
}

function advance(value: number, spec: DensifySpec): number {
  if (spec.unit === undefined) return value + spec.step;
  const months = unitMonths[spec.unit];
  if (months === undefined) return value + spec.step * (unitMilliseconds[spec.unit] as number);
  const date = new Date(value);
  date.setUTCMonth(date.getUTCMonth() + spec.step * months);
  return date.getTime();
}

function fieldNumber(document: Document, spec: DensifySpec): number | undefined {
  const value = getPath(document, spec.field);
  if (value === undefined || value === null) return undefined;
  if (spec.unit === undefined) {
    if (!isNumeric(value)) throw fail(5733201, `Densify field type must be numeric, found ${typeName(value)}`);
    return toDouble(value);
  }
  if (!(value instanceof Date)) throw fail(5733500, `Densify field type must be a date when unit is specified, found ${typeName(value)}`);
  return value.getTime();
}

function densifyPartition(documents: Document[], spec: DensifySpec, template: Document, range: [number, number] | undefined): Document[] {
  const out: Document[] = [];
  const make = (value: number): Document => setPath(template, spec.field, spec.unit === undefined ? value : new Date(value));
  let next = range?.[0];
  for (const document of documents) {
    const value = fieldNumber(document, spec);
    if (value !== undefined && next !== undefined) {
      while (next < value && (range === undefined || next < range[1])) {
        out.push(make(next));
        next = advance(next, spec);
      }
      if (next === value) next = advance(next, spec);
    }
    out.push(document);
  }
  while (range !== undefined && next !== undefined && next < range[1]) {
    out.push(make(next));
    next = advance(next, spec);
  }
  return out;
}

function extent(documents: readonly Document[], spec: DensifySpec): [number, number] | undefined {
  let low: number | undefined;
  let high: number | undefined;
  for (const document of documents) {
    const value = fieldNumber(document, spec);
    if (value === undefined) continue;
    low = low === undefined ? value : Math.min(low, value);
    high = high === undefined ? value : Math.max(high, value);
  }
  // The last existing value closes the range: nothing is generated at or past it.
  return low === undefined || high === undefined ? undefined : [low, high];
}

/** Compiles `$densify`. */
export function compileDensify(spec: unknown): StageRunner {
  const densify = parseDensify(spec);
  return function* densifyDocuments(input) {
    const all = [...input];
    const byField = (a: Document, b: Document): number =>
      compareValues(getPath(a, densify.field) ?? null, getPath(b, densify.field) ?? null);
    const partitions = new Map<string, { template: Document; documents: Document[] }>();
    for (const document of all) {
      let template: Document = {};
      for (const path of densify.partitionFields) template = setPath(template, path, getPath(document, path));
      const key = keyString(template);
      const partition = partitions.get(key) ?? { template, documents: [] };
      partition.documents.push(document);
      partitions.set(key, partition);
    }
    const full = densify.bounds === 'full' ? extent(all, densify) : undefined;
    for (const { template, documents } of partitions.values()) {
      documents.sort(byField);
      const range = Array.isArray(densify.bounds) ? densify.bounds : densify.bounds === 'full' ? full : extent(documents, densify);
      yield* densifyPartition(documents, densify, template, range);
    }
  };
}

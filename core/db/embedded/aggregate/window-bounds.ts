/**
 * `$setWindowFields` window bounds: `{documents: [lower, upper]}` relative to the current
 * position, or `{range: [lower, upper], unit?}` relative to the current sortBy value, resolved to
 * index ranges over a sorted partition.
 */
import { isNumeric, isPlainObject, toDouble } from '../bson-values.js';
import { serverError } from '../errors.js';
import type { MongoServerError } from '../errors.js';
import { fail, renderValue, typeName } from './stages/util.js';

/** One end of a window. */
export type Bound = 'unbounded' | 'current' | number;

/** Parsed window bounds. */
export interface WindowBounds {
  readonly kind: 'documents' | 'range';
  readonly lower: Bound;
  readonly upper: Bound;
  /** Milliseconds per unit, or a calendar unit in months, for range windows over dates. */
  readonly unit: { readonly milliseconds: number } | { readonly months: number } | undefined;
}

/** The default window: the whole partition. */
export const wholePartition: WindowBounds = { kind: 'documents', lower: 'unbounded', upper: 'unbounded', unit: undefined };

const fixedUnits: Readonly<Record<string, number>> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};
const calendarUnits: Readonly<Record<string, number>> = { month: 1, quarter: 3, year: 12 };

const invalid = (message: string): MongoServerError => serverError('FailedToParse', message);

function parseBound(value: unknown, kind: 'documents' | 'range'): Bound {
  if (value === 'unbounded' || value === 'current') return value;
  if (!isNumeric(value)) {
    throw invalid(`Window bounds must be 'unbounded', 'current', or a number, but found: ${renderValue(value)}`);
  }
  const number = toDouble(value);
  if (kind === 'documents' && !Number.isInteger(number)) {
    throw invalid(`Numeric document-based bounds must be an integer, but found: ${renderValue(value)}`);
  }
  return number;
}

function parseUnit(value: unknown): WindowBounds['unit'] {
  if (typeof value !== 'string') throw invalid(`'unit' must be a string, but found: ${typeName(value)}`);
  const fixed = fixedUnits[value];
  if (fixed !== undefined) return { milliseconds: fixed };
  const months = calendarUnits[value];
  if (months !== undefined) return { months };
  throw invalid(`unknown time unit value: ${value}`);
}

/** Rank of a bound for ordering checks ('current' is offset 0). */
function boundOrder(bound: Bound, end: 'lower' | 'upper'): number {
  if (bound === 'unbounded') return end === 'lower' ? -Infinity : Infinity;
  return bound === 'current' ? 0 : bound;
}

/** Parses a `window` specification; `sortFields` is the number of sortBy fields (undefined: none). */
export function parseWindowBounds(spec: unknown, sortFields: number | undefined): WindowBounds {
  if (!isPlainObject(spec)) throw invalid("'window' field must be an object");
  const keys = Object.keys(spec);
  const kind = keys.includes('documents') ? 'documents' : keys.includes('range') ? 'range' : undefined;
  const allowed = kind === 'range' ? ['range', 'unit'] : ['documents'];
  if (kind === undefined || keys.some((key) => !allowed.includes(key))) {
    throw invalid("'window' field can only contain 'documents' as the only argument or 'range' with an optional 'unit' field");
  }
  const pair = spec[kind];
  if (!Array.isArray(pair) || pair.length !== 2) throw invalid(`Window bounds must be a 2-element array: ${renderValue(pair)}`);
  const lower = parseBound(pair[0], kind);
  const upper = parseBound(pair[1], kind);
  if (boundOrder(lower, 'lower') > boundOrder(upper, 'upper')) throw invalid('Lower bound must not exceed upper bound');
  if (kind === 'documents' && !(lower === 'unbounded' && upper === 'unbounded') && sortFields === undefined) {
    throw fail(5339901, 'Document-based bounds require a sortBy');
  }
  if (kind === 'range' && sortFields !== 1) throw fail(5339902, 'Range-based bounds require sortBy a single field');
  const unit = kind === 'range' && 'unit' in spec ? parseUnit(spec.unit) : undefined;
  return { kind, lower, upper, unit };
}

/** Inclusive index ranges [lo, hi] per position of a partition of `size` documents. */
export interface IndexRanges {
  lower(i: number): number;
  upper(i: number): number;
}

/** Index ranges of a documents-based window. */
export function documentRanges(bounds: WindowBounds, size: number): IndexRanges {
  const offset = (bound: Bound, i: number, end: 'lower' | 'upper'): number => {
    if (bound === 'unbounded') return end === 'lower' ? 0 : size - 1;
    return i + (bound === 'current' ? 0 : bound);
  };
  return {
    lower: (i) => Math.max(0, offset(bounds.lower, i, 'lower')),
    upper: (i) => Math.min(size - 1, offset(bounds.upper, i, 'upper')),
  };
}

function shiftKey(key: number, bound: number, unit: WindowBounds['unit']): number {
  if (unit === undefined) return key + bound;
  if ('milliseconds' in unit) return key + bound * unit.milliseconds;
  const date = new Date(key);
  date.setUTCMonth(date.getUTCMonth() + bound * unit.months);
  return date.getTime();
}

/** Numeric sort keys of a range window (dates as milliseconds when a unit is given). */
export function rangeKeys(values: readonly unknown[], unit: WindowBounds['unit']): number[] {
  return values.map((value) => {
    if (unit !== undefined) {
      if (!(value instanceof Date)) {
        throw fail(5429513, `Invalid range: Expected the sortBy field to be a Date, but it was ${typeName(value)}`);
      }
      return value.getTime();
    }
    if (!isNumeric(value)) throw fail(5429413, `Invalid range: Expected the sortBy field to be a number, but it was ${typeName(value)}`);
    return toDouble(value);
  });
}

/** First index whose key is >= target (`strict`: > target); keys ascending. */
function search(keys: readonly number[], target: number, strict: boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const key = keys[middle] as number;
    if (key < target || (strict && key === target)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index ranges of a range-based window over ascending `keys`. */
export function rangeRanges(bounds: WindowBounds, keys: readonly number[]): IndexRanges {
  const edge = (bound: Bound, i: number, end: 'lower' | 'upper'): number => {
    if (bound === 'unbounded') return end === 'lower' ? 0 : keys.length - 1;
    const target = shiftKey(keys[i] as number, bound === 'current' ? 0 : bound, bounds.unit);
    return end === 'lower' ? search(keys, target, false) : search(keys, target, true) - 1;
  };
  return { lower: (i) => edge(bounds.lower, i, 'lower'), upper: (i) => edge(bounds.upper, i, 'upper') };
}

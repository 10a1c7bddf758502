/**
 * Sort specifications (`{a: 1, 'b.c': -1}`) compiled into a comparator with MongoDB's semantics:
 * BSON cross-type order, a missing field sorting as null, and array fields sorting by their
 * smallest element ascending / largest descending, an empty array before null.
 */
import { TypeOrder, canonicalTypeOrder, compareValues, isNumeric, isPlainObject, toDouble } from '../bson-values.js';
import type { Document } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';
import { compilePath } from './path.js';
import type { CompiledPath } from './path.js';
import { fieldOf, formatElement } from './values.js';

/** Sort direction: 1 ascending, -1 descending. */
export type SortDirection = 1 | -1;

/** One key of a parsed sort specification. */
export interface SortField {
  readonly path: CompiledPath;
  readonly direction: SortDirection;
}

/** The sort key of an empty array: below every value but MinKey (MongoDB uses BSON undefined). */
const EMPTY_ARRAY_KEY: unique symbol = Symbol('emptyArraySortKey');

/** Compares two sort keys (as returned by `sortKey`) in ascending BSON order. */
export function compareSortKeys(a: unknown, b: unknown): number {
  if (a === EMPTY_ARRAY_KEY || b === EMPTY_ARRAY_KEY) {
    if (a === b) return 0;
    const other = a === EMPTY_ARRAY_KEY ? b : a;
    const otherFirst = canonicalTypeOrder(other) === TypeOrder.minKey;
    return (a === EMPTY_ARRAY_KEY) === otherFirst ? 1 : -1;
  }
  return compareValues(a, b);
}

/** Validates a sort specification into its fields (MongoDB's `$sort` errors). */
export function parseSortSpec(spec: Document): SortField[] {
  const fields: SortField[] = [];
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (key === '$natural') {
      // Natural order is the input order, which a stable sort keeps; reversing it needs the caller.
      if (toDouble(value) !== 1) throw serverError('BadValue', '$natural: -1 sort is not supported by the embedded server');
      continue;
    }
    validateSortPath(key);
    if (isPlainObject(value)) {
      if (Object.hasOwn(value, '$meta')) {
        throw serverError('BadValue', `$meta sort by ${formatElement('$meta', value['$meta'])} is not supported by the embedded server (no text or search scores)`);
      }
      throw new MongoServerError(17312, '$meta is the only expression supported by $sort right now');
    }
    if (!isNumeric(value)) throw new MongoServerError(15974, `Illegal key in $sort specification: ${formatElement(key, value)}`);
    const direction = toDouble(value);
    if (direction !== 1 && direction !== -1) {
      throw new MongoServerError(15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    }
    fields.push({ path: compilePath(key), direction });
  }
  if (fields.length === 0 && !Object.hasOwn(spec, '$natural')) throw new MongoServerError(15976, '$sort stage must have at least one sort key');
  return fields;
}

function validateSortPath(key: string): void {
  if (key === '') throw new MongoServerError(40352, 'FieldPath cannot be constructed with empty string');
  for (const part of key.split('.')) {
    if (part === '') throw new MongoServerError(15998, 'FieldPath field names may not be empty strings.');
    if (part.startsWith('$')) {
      throw new MongoServerError(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.");
    }
  }
}

/** Accumulates the min (ascending) or max (descending) of the values a path reaches. */
class KeyReducer {
  key: unknown = undefined;
  found = false;

  constructor(private readonly direction: SortDirection) {}

  offer(value: unknown): void {
    const candidate = value === undefined ? null : value;
    if (!this.found || compareSortKeys(candidate, this.key) * this.direction < 0) {
      this.key = candidate;
      this.found = true;
    }
  }
}

function collect(value: unknown, path: CompiledPath, index: number, reducer: KeyReducer): void {
  if (index === path.parts.length) {
    if (!Array.isArray(value)) reducer.offer(value);
    else if (value.length === 0) reducer.offer(EMPTY_ARRAY_KEY);
    else for (const element of value) reducer.offer(element);
    return;
  }
  const part = path.parts[index] as string;
  if (Array.isArray(value)) {
    const offset = path.offsets[index] as number;
    if (offset >= 0 && offset < value.length) return collect(value[offset], path, index + 1, reducer);
    if (value.length === 0) return reducer.offer(null);
    for (const element of value) {
      if (isPlainObject(element)) collect(fieldOf(element, part), path, index + 1, reducer);
      else reducer.offer(null);
    }
    return;
  }
  if (isPlainObject(value)) return collect(fieldOf(value, part), path, index + 1, reducer);
  reducer.offer(null);
}

const THROUGH_ARRAY: unique symbol = Symbol('throughArray');

/** The key when no array lies on the path (the common case), without allocating. */
function plainPathValue(document: Document, path: CompiledPath): unknown {
  let value: unknown = document;
  for (const part of path.parts) {
    if (Array.isArray(value)) return THROUGH_ARRAY;
    if (!isPlainObject(value)) return null;
    value = fieldOf(value, part);
  }
  if (Array.isArray(value)) return THROUGH_ARRAY;
  return value === undefined ? null : value;
}

/**
 * A document's sort key for one path and direction: the value itself for a non-array, the
 * smallest (ascending) or largest (descending) of the values reached through arrays. Compare keys
 * with `compareSortKeys`.
 */
export function sortKey(document: Document, path: string | CompiledPath, direction: SortDirection): unknown {
  const compiled = typeof path === 'string' ? compilePath(path) : path;
  const direct = plainPathValue(document, compiled);
  if (direct !== THROUGH_ARRAY) return direct;
  const reducer = new KeyReducer(direction);
  collect(document, compiled, 0, reducer);
  return reducer.key;
}

type KeyGetter = (document: Document) => unknown;

/** A key extractor specialised for one field; top-level names skip the generic path walk. */
function keyGetter(field: SortField): KeyGetter {
  const { path, direction } = field;
  const name = path.parts[0] as string;
  if (path.parts.length === 1 && !(name in Object.prototype)) {
    return (document) => {
      const value = document[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? sortKey(document, path, direction) : value;
    };
  }
  return (document) => sortKey(document, path, direction);
}

/** Compiles a sort specification ({a: 1, b: -1}) into a comparator over documents (ties: 0). */
export function compileSort(spec: Document): (a: Document, b: Document) => number {
  const fields = parseSortSpec(spec);
  const getters = fields.map(keyGetter);
  const directions = fields.map((field) => field.direction);
  if (fields.length === 1) {
    const [getter, direction] = [getters[0] as KeyGetter, directions[0] as SortDirection];
    return (a, b) => compareSortKeys(getter(a), getter(b)) * direction;
  }
  return (a, b) => {
    for (let i = 0; i < getters.length; i++) {
      const getter = getters[i] as KeyGetter;
      const order = compareSortKeys(getter(a), getter(b));
      if (order !== 0) return order * (directions[i] as SortDirection);
    }
    return 0;
  };
}

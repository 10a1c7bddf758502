/**
 * Validation of sort specifications ($sort, $topN sortBy, $setWindowFields sortBy) with the
 * errors mongod gives, normalised to `{path: 1 | -1}` for `compileSort`.
 */
import { isNumeric, isPlainObject, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import { compilePath } from '../../query/matcher.js';
import { compareSortKeys, compileSort, sortKey } from '../../query/sort.js';
import { fail, parseFieldPath, renderValue } from './util.js';

/** A validated sort: the normalised spec and its comparator over documents. */
export interface SortSpec {
  readonly spec: Readonly<Record<string, 1 | -1>>;
  readonly compare: (a: Document, b: Document) => number;
  /**
   * The document's sort key, computed once so that sorting compares keys rather than walking
   * paths on every comparison (one value for a single-field sort, else an array).
   */
  keyOf(document: Document): unknown;
  /** Orders two keys from `keyOf`, directions applied. */
  compareKeys(a: unknown, b: unknown): number;
}

function keyFunctions(spec: Readonly<Record<string, 1 | -1>>): Pick<SortSpec, 'keyOf' | 'compareKeys'> {
  const fields = Object.keys(spec).map((key) => ({ path: compilePath(key), direction: spec[key] as 1 | -1 }));
  if (fields.length === 1) {
    const { path, direction } = fields[0] as { path: ReturnType<typeof compilePath>; direction: 1 | -1 };
    return {
      keyOf: (document) => sortKey(document, path, direction),
      compareKeys: (a, b) => compareSortKeys(a, b) * direction,
    };
  }
  return {
    keyOf: (document) => fields.map((field) => sortKey(document, field.path, field.direction)),
    compareKeys: (a, b) => {
      for (let i = 0; i < fields.length; i++) {
        const order = compareSortKeys((a as unknown[])[i], (b as unknown[])[i]);
        if (order !== 0) return order * (fields[i] as { direction: 1 | -1 }).direction;
      }
      return 0;
    },
  };
}

function sortDirection(key: string, value: unknown): 1 | -1 {
  if (isNumeric(value)) {
    const direction = toDouble(value);
    if (direction !== 1 && direction !== -1) {
      throw fail(15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    }
    return direction;
  }
  if (isPlainObject(value)) {
    if (Object.keys(value)[0] !== '$meta') throw fail(17312, '$meta is the only expression supported by $sort right now');
    // Without $text or $search there is never score metadata to sort by.
    throw fail(40218, 'query requires text score metadata, but it is not available');
  }
  throw fail(15974, `Illegal key in $sort specification: ${key}: ${renderValue(value)}`);
}

/** Validates and compiles a sort specification. */
export function parseSortSpec(spec: unknown): SortSpec {
  if (!isPlainObject(spec)) throw fail(15973, 'the $sort key specification must be an object');
  const keys = Object.keys(spec);
  if (keys.length === 0) throw fail(15976, '$sort stage must have at least one sort key');
  const normalised: Record<string, 1 | -1> = {};
  for (const key of keys) {
    parseFieldPath(key);
    normalised[key] = sortDirection(key, spec[key]);
  }
  return { spec: normalised, compare: compileSort(normalised), ...keyFunctions(normalised) };
}

/**
 * Point lookups for write statements whose filter is exactly an equality on every field of a
 * unique index (or on `_id` alone): the one matching record is found with a single B+tree probe,
 * skipping predicate extraction, planning and the executor. Only scalar values qualify (arrays,
 * objects, null, regexes and NaN have matching rules an index probe does not reproduce), and only
 * plain unique indexes that never saw an array (so one key is one document and key equality is
 * exactly query equality).
 */
import { bsonTypeName, type Document } from '../bson-values.js';
import type { BTreeIndex } from './btree-index.js';
import { compareKeyValues, type KeyEntry } from './key-values.js';

/** A value whose query equality is exactly index-key equality. */
function isPointValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(value);
    case 'object':
      if (value instanceof Date) return !Number.isNaN(value.getTime());
      return value !== null && bsonTypeName(value) === 'objectId';
    default:
      return false;
  }
}

/** Whether an index can answer an exact-equality probe on all of its fields. */
function isPointIndex(index: BTreeIndex): boolean {
  if (!index.unique || index.multikey || index.partial !== undefined || index.sparse) return false;
  return !index.pattern.hashed.some(Boolean);
}

/** The `_id` value when the filter is `{_id: <scalar>}`, else undefined. */
export function idPointValue(filter: Document, keys: readonly string[]): unknown {
  if (keys.length !== 1 || keys[0] !== '_id') return undefined;
  const value = filter['_id'];
  return isPointValue(value) ? value : undefined;
}

/**
 * The recordId of the document a filter names through a unique index: a number, null when the
 * lookup applies but nothing matches, undefined when no index answers this filter exactly.
 */
export function uniquePointLookup(indexes: readonly BTreeIndex[], filter: Document, keyCount: number): number | null | undefined {
  for (const index of indexes) {
    const fields = index.pattern.fields;
    if (fields.length !== keyCount || !isPointIndex(index)) continue;
    const probe: KeyEntry = new Array<unknown>(keyCount + 1);
    let usable = true;
    for (let i = 0; i < keyCount; i++) {
      const field = fields[i] as string;
      const value = Object.hasOwn(filter, field) ? filter[field] : undefined;
      if (!isPointValue(value)) {
        usable = false;
        break;
      }
      probe[i] = value;
    }
    if (!usable) continue;
    probe[keyCount] = -Infinity;
    const found = index.tree.nextHigherKey(probe);
    if (found === undefined) return null;
    for (let i = 0; i < keyCount; i++) if (compareKeyValues(found[i], probe[i]) !== 0) return null;
    return found[keyCount] as number;
  }
  return undefined;
}

/**
 * A validated index key pattern (`{a: 1, "b.c": -1}`) in the shape key generation and planning use.
 */
import type { Document } from '../bson-values.js';
import { isNumeric, toDouble, valuesEqual } from '../bson-values.js';

export interface KeyPattern {
  /** The dotted field names, in key order. */
  readonly fields: readonly string[];
  readonly paths: readonly (readonly string[])[];
  /** 1 ascending, -1 descending (hashed fields are stored ascending). */
  readonly directions: readonly number[];
  /** Fields indexed as `"hashed"`: usable for equality only. */
  readonly hashed: readonly boolean[];
}

/** Parses a key pattern that `validateIndexSpec` accepted. */
export function parseKeyPattern(key: Document): KeyPattern {
  const fields = Object.keys(key);
  return {
    fields,
    paths: fields.map((field) => field.split('.')),
    directions: fields.map((field) => (isNumeric(key[field]) && toDouble(key[field]) < 0 ? -1 : 1)),
    hashed: fields.map((field) => key[field] === 'hashed'),
  };
}

/** MongoDB's generated name: `a_1_b_-1`, `h_hashed`. */
export function defaultIndexName(key: Document): string {
  return Object.keys(key)
    .map((field) => `${field}_${String(key[field])}`)
    .join('_');
}

/** Same fields in the same order with equal values (1 and 1.0 are the same pattern). */
export function sameKeyPattern(a: Document, b: Document): boolean {
  const aFields = Object.keys(a);
  const bFields = Object.keys(b);
  if (aFields.length !== bFields.length) return false;
  for (let i = 0; i < aFields.length; i++) {
    const field = aFields[i] as string;
    if (field !== bFields[i] || !valuesEqual(a[field], b[field])) return false;
  }
  return true;
}

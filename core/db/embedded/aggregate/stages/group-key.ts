/**
 * Group keys built without materialising the `_id` document: for `_id: {a: "$x", b: "$y"}` each
 * field is evaluated on its own and the values are folded into one string that is equal exactly
 * when the `_id` documents would be (`keyString` semantics, fields in their fixed spec order).
 */
import { isNumeric, isPlainObject, keyString, toDouble } from '../../bson-values.js';
import type { Document } from '../../bson-values.js';
import type { CompiledExpression, Variables } from '../expression.js';
import { compileFast } from './expr.js';

/** An `_id` given as a document of expressions, evaluated field by field. */
export interface CompositeId {
  readonly names: readonly string[];
  readonly fields: readonly CompiledExpression[];
}

/** The composite form of an `_id` document spec, or undefined for any other `_id`. */
export function compositeId(id: unknown): CompositeId | undefined {
  if (!isPlainObject(id)) return undefined;
  const names = Object.keys(id);
  if (names.length === 0 || (names[0] as string).startsWith('$') || names.includes('__proto__')) return undefined;
  return { names, fields: names.map((name) => compileFast(id[name])) };
}

function valueKey(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number':
      return `n${value === 0 ? 0 : value}|`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return '-';
    default:
      break;
  }
  if (value === null) return 'z';
  const key = keyString(value);
  if (isNumeric(value) && key === `n${toDouble(value) === 0 ? 0 : toDouble(value)}`) return `${key}|`;
  return `o${key.length}:${key}`;
}

/** Evaluates the fields into `values` and returns the group key string. */
export function compositeKey(id: CompositeId, document: Document, variables: Variables, values: unknown[]): string {
  for (let i = 0; i < id.fields.length; i++) values[i] = (id.fields[i] as CompiledExpression)(document, variables);
  return compositeKeyOf(values);
}

/** The group key string of evaluated field values. */
export function compositeKeyOf(values: readonly unknown[]): string {
  let key = '';
  for (const value of values) key += valueKey(value);
  return key;
}

/** The `_id` document for evaluated field values (missing values are left out). */
export function compositeDocument(id: CompositeId, values: readonly unknown[]): Document {
  const out: Document = {};
  for (let i = 0; i < id.names.length; i++) {
    if (values[i] !== undefined) out[id.names[i] as string] = values[i];
  }
  return out;
}

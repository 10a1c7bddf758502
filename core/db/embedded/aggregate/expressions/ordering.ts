/**
 * Value ordering as aggregation expressions see it. Unlike query matching, a missing value is
 * distinct from null and sorts before it (after MinKey): `{$eq: ['$absent', null]}` is false.
 */
import { compareValues, keyString } from '../../bson-values.js';

function isMinKey(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'MinKey';
}

/** Total order over expression values: -1, 0 or 1. */
export function compareExpressionValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    if (a === undefined) return isMinKey(b) ? 1 : -1;
    return isMinKey(a) ? -1 : 1;
  }
  return compareValues(a, b);
}

export function expressionValuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  return compareExpressionValues(a, b) === 0;
}

/** Hash key consistent with `expressionValuesEqual` (missing distinct from null). */
export function expressionKey(value: unknown): string {
  return value === undefined ? 'missing' : keyString(value);
}

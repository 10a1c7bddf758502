/**
 * Truthiness as the aggregation language defines it: false, null, missing and numeric zero are
 * false; everything else — NaN, empty strings, empty arrays, documents — is true.
 */
import type { Decimal128, Long } from 'bson';

function bsonTag(value: object): unknown {
  return (value as { _bsontype?: unknown })._bsontype;
}

/** Whether a value counts as true in `$cond`, `$and`, `$filter`, `$match` `$expr`… */
export function isTruthy(value: unknown): boolean {
  if (value === false || value === null || value === undefined || value === 0) return false;
  if (typeof value !== 'object') return true;
  switch (bsonTag(value)) {
    case 'Long':
      return !(value as Long).isZero();
    case 'Decimal128':
      return !/^-?0(\.0*)?(E[+-]?\d+)?$/i.test((value as Decimal128).toString());
    case 'Int32':
    case 'Double':
      return (value as { value: number }).value !== 0;
    default:
      return true;
  }
}

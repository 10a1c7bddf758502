/**
 * Value helpers for update operators: exact ("binary") identity, used to detect no-op updates, and
 * the numeric arithmetic of `$inc`, `$mul` and `$bit` over the promoted value model.
 *
 * Type fidelity: int32, double and safe int64 values are all JS numbers here, so arithmetic on two
 * numbers is plain double arithmetic. mongod would keep int32 results int32, promote int32 overflow
 * to int64 and keep doubles double; we cannot tell those apart once promoted. Only `Long` operands
 * (int64 beyond 2^53) get exact 64-bit integer arithmetic. With a Decimal128 operand the
 * arithmetic is exact decimal128 (decimal-arithmetic.ts), as mongod's SafeNum does it.
 */
import { Long } from 'bson';
import { bsonTypeName, compareValues, isPlainObject } from '../bson-values.js';
import { decimalArithmetic } from '../decimal-arithmetic.js';

function bsonTag(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

function identicalArrays(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!identicalValues(a[i], b[i])) return false;
  return true;
}

function identicalDocuments(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    const key = aKeys[i] as string;
    if (key !== bKeys[i] || !identicalValues(a[key], b[key])) return false;
  }
  return true;
}

/**
 * True when two values would serialize to the same BSON: same types, same field order, same
 * values (unlike `valuesEqual`, 1 and Long/Decimal 1 differ and `{a, b}` differs from `{b, a}`).
 */
export function identicalValues(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || Object.is(a, b);
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) return Array.isArray(b) && identicalArrays(a, b);
  if (Array.isArray(b)) return false;
  if (isPlainObject(a)) return isPlainObject(b) && identicalDocuments(a, b);
  if (isPlainObject(b)) return false;
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof RegExp) return b instanceof RegExp && a.source === b.source && a.flags === b.flags;
  if (bsonTypeName(a) !== bsonTypeName(b)) return false;
  if (bsonTag(a) === 'Decimal128') return String(a) === String(b);
  return compareValues(a, b) === 0;
}

/** int32 or int64 (what `$bit` accepts and what `isIntegral` means in mongod). */
export function isIntegral(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  const tag = bsonTag(value);
  return tag === 'Long' || tag === 'Int32';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A 64-bit integer back in the promoted model: a number when safe, a Long beyond 2^53. */
function fromBigInt(value: bigint): number | Long {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : Long.fromBigInt(value);
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'number') return BigInt(value);
  if (bsonTag(value) === 'Long') return (value as Long).toBigInt();
  return BigInt((value as { value: number }).value);
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  const tag = bsonTag(value);
  if (tag === 'Long') return (value as Long).toNumber();
  if (tag === 'Decimal128') return Number.parseFloat(String(value));
  return (value as { value: number }).value;
}

export type ArithmeticOperation = 'add' | 'multiply';

/**
 * `a + b` or `a * b` over numeric BSON values. Returns undefined when an int64 result overflows
 * (mongod reports that as an error).
 */
export function applyArithmetic(operation: ArithmeticOperation, a: unknown, b: unknown): unknown {
  if (bsonTag(a) === 'Decimal128' || bsonTag(b) === 'Decimal128') return decimalArithmetic(operation, a, b);
  if ((bsonTag(a) === 'Long' || bsonTag(b) === 'Long') && isIntegral(a) && isIntegral(b)) {
    const result = operation === 'add' ? toBigInt(a) + toBigInt(b) : toBigInt(a) * toBigInt(b);
    return result < INT64_MIN || result > INT64_MAX ? undefined : fromBigInt(result);
  }
  return operation === 'add' ? toNumber(a) + toNumber(b) : toNumber(a) * toNumber(b);
}

/**
 * The zero `$mul` creates on a missing field: the same numeric type as the operand. mongod
 * computes it as operand × 0, so a Decimal128 1.50 gives 0.00 and -2 gives -0.
 */
export function zeroLike(value: unknown): unknown {
  return bsonTag(value) === 'Decimal128' ? decimalArithmetic('multiply', value, 0) : 0;
}

export type BitOperation = 'and' | 'or' | 'xor';

function isInt32(value: unknown): value is number {
  return typeof value === 'number' && (value | 0) === value;
}

/** One `$bit` step over int32/int64 operands (int64 when either side is outside int32). */
export function applyBitOperation(operation: BitOperation, a: unknown, b: unknown): unknown {
  if (isInt32(a) && isInt32(b)) {
    return operation === 'and' ? a & b : operation === 'or' ? a | b : a ^ b;
  }
  const left = toBigInt(a);
  const right = toBigInt(b);
  const result = operation === 'and' ? left & right : operation === 'or' ? left | right : left ^ right;
  return fromBigInt(BigInt.asIntN(64, result));
}

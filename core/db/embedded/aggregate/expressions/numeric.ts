/**
 * Numeric value model for expressions. Integral JS numbers behave as int/long (exact, widening to
 * a bson Long past 2^53 and to a double past int64), other JS numbers as doubles, Long as long and
 * Decimal128 as decimal (exact arithmetic and rounding via decimal-arithmetic.ts). The widest
 * operand type decides the result type, as in MongoDB.
 */
import { Long } from 'bson';
import type { Decimal128 } from 'bson';
import { isNumeric, toDouble } from '../../bson-values.js';
import {
  decimalArithmetic,
  decimalToDouble,
  fromDecimal128,
  negateDecimal,
  parseDecimal,
  toDecimal128,
  toExactDecimal,
} from '../../decimal-arithmetic.js';
import type { ExactDecimal } from '../../decimal-arithmetic.js';

export { isNumeric } from '../../bson-values.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bsonTag(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { _bsontype?: unknown })._bsontype : undefined;
}

export function isDecimal(value: unknown): value is Decimal128 {
  return bsonTag(value) === 'Decimal128';
}

export function isLong(value: unknown): value is Long {
  return bsonTag(value) === 'Long';
}

/** Exact integer value of an integral safe number or a Long; undefined otherwise. */
export function exactInteger(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (isLong(value)) return value.toBigInt();
  const tag = bsonTag(value);
  if (tag === 'Int32') return BigInt((value as { value: number }).value);
  return undefined;
}

/** An exact integer as a value: a number when safe, a Long within int64, a double beyond. */
export function bigToValue(value: bigint): number | Long {
  const asNumber = Number(value);
  if (Number.isSafeInteger(asNumber)) return asNumber;
  if (value >= INT64_MIN && value <= INT64_MAX) return Long.fromBigInt(value);
  return asNumber;
}

/** A numeric value as a JS number when it is one already (Int32/Double wrappers unwrapped). */
export function plainNumber(value: unknown): unknown {
  const tag = bsonTag(value);
  return tag === 'Int32' || tag === 'Double' ? (value as { value: number }).value : value;
}

const NOT_A_NUMBER = parseDecimal('NaN');

/**
 * A numeric value as an exact decimal, converted as mongod's `coerceToDecimal` does (integers
 * exactly, doubles to 15 digits); callers have checked that it is numeric.
 */
export function exactDecimal(value: unknown): ExactDecimal {
  return toExactDecimal(value) ?? NOT_A_NUMBER;
}

/** A numeric value as a Decimal128 (see `exactDecimal`): how a decimal result takes in a double. */
export function toDecimal(value: unknown): Decimal128 {
  return toDecimal128(exactDecimal(value));
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum) || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return sum;
    return bigToValue(BigInt(a) + BigInt(b));
  }
  if (isDecimal(a) || isDecimal(b)) return decimalArithmetic('add', a, b);
  const x = exactInteger(a);
  const y = exactInteger(b);
  if (x !== undefined && y !== undefined) return bigToValue(x + y);
  return toDouble(a) + toDouble(b);
}

export function negate(value: unknown): unknown {
  if (typeof value === 'number') return -value;
  if (isDecimal(value)) return toDecimal128(negateDecimal(fromDecimal128(value)));
  const exact = exactInteger(value);
  return exact !== undefined ? bigToValue(-exact) : -toDouble(value);
}

export function subtract(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const difference = a - b;
    if (Number.isSafeInteger(difference) || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) {
      return difference;
    }
    return bigToValue(BigInt(a) - BigInt(b));
  }
  return add(a, negate(b));
}

export function multiply(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const product = a * b;
    if (Number.isSafeInteger(product) || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return product;
    return bigToValue(BigInt(a) * BigInt(b));
  }
  if (isDecimal(a) || isDecimal(b)) return decimalArithmetic('multiply', a, b);
  const x = exactInteger(a);
  const y = exactInteger(b);
  if (x !== undefined && y !== undefined) return bigToValue(x * y);
  return toDouble(a) * toDouble(b);
}

/** Whether a numeric value is integral and fits in 32 bits (MongoDB's `integral()`). */
export function isIntegral32(value: unknown): boolean {
  if (!isNumeric(value)) return false;
  const number = toDouble(value);
  return Number.isInteger(number) && number >= -2147483648 && number <= 2147483647;
}

/** Whether a numeric value is integral and fits in 64 bits (`integral64Bit()`). */
export function isIntegral64(value: unknown): boolean {
  if (isLong(value)) return true;
  if (!isNumeric(value)) return false;
  const number = toDouble(value);
  return Number.isInteger(number) && number >= -9223372036854775808 && number < 9223372036854775808;
}

/** The value truncated to an integer JS number (MongoDB's coerceToInt/Long for our ranges). */
export function toInteger(value: unknown): number {
  return Math.trunc(toDouble(value));
}

/** Whether the value is a double in MongoDB's sense (a non-integral or non-safe JS number). */
export function isDoubleValue(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isSafeInteger(value);
  return bsonTag(value) === 'Double';
}

/** A decimal's value as a double, exactly rounded. */
export function decimalToNumber(value: Decimal128): number {
  return decimalToDouble(fromDecimal128(value));
}

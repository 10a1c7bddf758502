/**
 * `$mod` and the bitwise operators (`$bitsAllSet`, `$bitsAnySet`, `$bitsAllClear`,
 * `$bitsAnyClear`): operand validation with MongoDB's messages, and their value predicates.
 */
import type { Long } from 'bson';
import { isNumeric, toDouble } from '../bson-values.js';
import { MongoServerError, serverError } from '../errors.js';
import type { ValueTest } from './path.js';
import { binaryBytesOf, bsonTag, formatElement } from './values.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_POW_63 = 2 ** 63;

/** A numeric value as a 64-bit integer the way mod/bit tests see it, or undefined when it has none. */
function integralOf(value: unknown, requireIntegral: boolean): bigint | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    const truncated = Math.trunc(value);
    if (requireIntegral && truncated !== value) return undefined;
    if (truncated >= TWO_POW_63 || truncated < -TWO_POW_63) return undefined;
    return BigInt(truncated);
  }
  const tag = bsonTag(value);
  if (tag === 'Long') return (value as Long).toBigInt();
  if (isNumeric(value)) return integralOf(toDouble(value), requireIntegral);
  return undefined;
}

/** MongoDB's `tryCoerce` to a 64-bit integer for `$mod` operands (truncating). */
function coerceModOperand(value: unknown, role: 'divisor' | 'remainder'): bigint {
  const number = typeof value === 'number' ? value : bsonTag(value) === 'Long' ? undefined : toDouble(value);
  if (number !== undefined && !Number.isFinite(number)) {
    throw serverError('BadValue', `malformed mod, ${role} value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type`);
  }
  const integral = integralOf(value, false);
  if (integral === undefined || integral < INT64_MIN || integral > INT64_MAX) {
    throw serverError('BadValue', `malformed mod, ${role} value is invalid :: caused by :: Out of bounds coercing to integral value`);
  }
  return integral;
}

/** `$mod: [divisor, remainder]`. */
export function modTest(operand: unknown): ValueTest {
  if (!Array.isArray(operand)) throw serverError('BadValue', 'malformed mod, needs to be an array');
  if (operand.length < 1) throw serverError('BadValue', 'malformed mod, not enough elements');
  if (!isNumeric(operand[0])) throw serverError('BadValue', 'malformed mod, divisor not a number');
  if (operand.length < 2) throw serverError('BadValue', 'malformed mod, not enough elements');
  if (!isNumeric(operand[1])) throw serverError('BadValue', 'malformed mod, remainder not a number');
  if (operand.length > 2) throw serverError('BadValue', 'malformed mod, too many elements');
  const divisor = coerceModOperand(operand[0], 'divisor');
  const remainder = coerceModOperand(operand[1], 'remainder');
  if (divisor === 0n) throw serverError('BadValue', 'divisor cannot be 0');
  const small = divisor <= BigInt(Number.MAX_SAFE_INTEGER) && divisor >= BigInt(-Number.MAX_SAFE_INTEGER);
  const divisorNumber = Number(divisor);
  const remainderNumber = Number(remainder);
  return (value) => {
    if (small && typeof value === 'number' && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
      return Math.trunc(value) % divisorNumber === remainderNumber;
    }
    const dividend = integralOf(value, false);
    if (dividend === undefined) return false;
    // C++ `%` truncates toward zero like BigInt `%`; LLONG_MIN % -1 is 0 there too.
    return dividend % divisor === remainder;
  };
}

/** The four bitwise query operators. */
export type BitOp = '$bitsAllSet' | '$bitsAnySet' | '$bitsAllClear' | '$bitsAnyClear';

interface BitMask {
  readonly mask: bigint;
  readonly positions: readonly number[];
}

function parsePosition(element: unknown, index: number): number {
  const reason = integerProblem(element, `${index}`, false);
  if (reason !== undefined) throw serverError('BadValue', `Failed to parse bit position. ${reason}`);
  const position = Number(integralOf(element, true));
  if (position > 2147483647) {
    throw serverError('BadValue', `Failed to parse bit position. Cannot represent ${formatElement(`${index}`, element)} in an int`);
  }
  return position;
}

/** Why a value is not a non-negative integer, in `parseIntegerElementToNonNegativeLong`'s words. */
export function integerProblem(value: unknown, name: string, allowNegative: boolean): string | undefined {
  const element = formatElement(name, value);
  if (!isNumeric(value)) return `Expected a number in: ${element}`;
  const number = toDouble(value);
  if (Number.isNaN(number)) return `Expected an integer, but found NaN in: ${element}`;
  if (bsonTag(value) !== 'Long' && (number >= TWO_POW_63 || number < -TWO_POW_63)) return `Cannot represent as a 64-bit integer: ${element}`;
  if (bsonTag(value) !== 'Long' && !Number.isInteger(number)) return `Expected an integer: ${element}`;
  if (!allowNegative && number < 0) return `Expected a non-negative number in: ${element}`;
  return undefined;
}

function maskFromPositions(positions: readonly number[]): bigint {
  let mask = 0n;
  for (const position of positions) mask |= 1n << BigInt(Math.min(position, 63));
  return mask;
}

function parseBitMask(op: BitOp, operand: unknown, path: string): BitMask {
  if (Array.isArray(operand)) {
    const positions = operand.map(parsePosition);
    return { mask: maskFromPositions(positions), positions };
  }
  if (isNumeric(operand)) {
    const reason = integerProblem(operand, op, false);
    if (reason !== undefined) throw new MongoServerError(9, reason);
    const mask = integralOf(operand, true) as bigint;
    const positions: number[] = [];
    for (let bit = 0; bit < 64; bit++) if ((mask >> BigInt(bit)) & 1n) positions.push(bit);
    return { mask, positions };
  }
  const bytes = binaryBytesOf(operand);
  if (bytes === undefined) {
    throw serverError('BadValue', `${path} takes an Array, a number, or a BinData but received: ${formatElement(op, operand)}`);
  }
  const positions: number[] = [];
  for (let byte = 0; byte < bytes.length; byte++) {
    for (let bit = 0; bit < 8; bit++) if (((bytes[byte] as number) >> bit) & 1) positions.push(byte * 8 + bit);
  }
  return { mask: maskFromPositions(positions), positions };
}

function binaryBitTest(op: BitOp, positions: readonly number[], bytes: Uint8Array): boolean {
  const wantSet = op === '$bitsAllSet' || op === '$bitsAnySet';
  const any = op === '$bitsAnySet' || op === '$bitsAnyClear';
  for (const position of positions) {
    const set = position < bytes.length * 8 && (((bytes[position >> 3] as number) >> (position & 7)) & 1) === 1;
    if (set === wantSet) {
      if (any) return true;
    } else if (!any) {
      return false;
    }
  }
  return !any;
}

/** A bitwise operator's predicate over numbers (as 64-bit two's complement) and BinData. */
export function bitTest(op: BitOp, operand: unknown, path: string): ValueTest {
  const { mask, positions } = parseBitMask(op, operand, path);
  return (value) => {
    const bytes = binaryBytesOf(value);
    if (bytes !== undefined) return binaryBitTest(op, positions, bytes);
    const integral = integralOf(value, true);
    if (integral === undefined) return false;
    const masked = BigInt.asUintN(64, integral) & mask;
    switch (op) {
      case '$bitsAllSet':
        return masked === mask;
      case '$bitsAllClear':
        return masked === 0n;
      case '$bitsAnySet':
        return masked !== 0n;
      case '$bitsAnyClear':
        return masked !== mask;
    }
  };
}

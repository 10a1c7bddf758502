/**
 * Decimal128 arithmetic on (coefficient, exponent) pairs with BigInt, so that decimal addition,
 * subtraction, multiplication and rounding are exact as in MongoDB. Division is carried to 34
 * significant digits; transcendental functions go through doubles (callers' choice).
 */
import { Decimal128, Long } from 'bson';

/** A finite decimal value: coefficient × 10^exponent. */
export interface DecimalParts {
  readonly coefficient: bigint;
  readonly exponent: number;
}

/** How a quantize step rounds away the dropped digits. */
export type RoundingMode = 'halfEven' | 'towardZero' | 'ceiling' | 'floor';

const MAX_DIGITS = 34;
const NUMBER_PATTERN = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Parses a decimal string; non-finite values (NaN, Infinity) come back as numbers. */
export function parseDecimalString(text: string): DecimalParts | number {
  const match = NUMBER_PATTERN.exec(text);
  if (match === null) return Number.parseFloat(text);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${whole as string}${fraction}`);
  return {
    coefficient: sign === '-' ? -digits : digits,
    exponent: Number.parseInt(exponent, 10) - fraction.length,
  };
}

function bsonTag(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { _bsontype?: unknown })._bsontype : undefined;
}

/**
 * A numeric value as decimal parts: integers exactly, doubles rounded to 15 significant digits
 * (MongoDB's double-to-decimal conversion), decimals as stored.
 */
export function toDecimalParts(value: unknown): DecimalParts | number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value;
    if (Number.isSafeInteger(value)) return { coefficient: BigInt(value), exponent: 0 };
    return parseDecimalString(value.toPrecision(15));
  }
  const tag = bsonTag(value);
  if (tag === 'Long') return { coefficient: (value as Long).toBigInt(), exponent: 0 };
  if (tag === 'Decimal128') return parseDecimalString((value as Decimal128).toString());
  if (tag === 'Int32' || tag === 'Double') return toDecimalParts((value as { value: number }).value);
  return Number.NaN;
}

function digitCount(value: bigint): number {
  return (value < 0n ? -value : value).toString().length;
}

/** Divides with the requested rounding of the discarded remainder. */
function divideRounded(numerator: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / divisor;
  const remainder = numerator % divisor;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n !== divisor < 0n;
  switch (mode) {
    case 'towardZero':
      return quotient;
    case 'ceiling':
      return negative ? quotient : quotient + 1n;
    case 'floor':
      return negative ? quotient - 1n : quotient;
    case 'halfEven': {
      const twice = (remainder < 0n ? -remainder : remainder) * 2n;
      const absDivisor = divisor < 0n ? -divisor : divisor;
      const awayFromZero = twice > absDivisor || (twice === absDivisor && quotient % 2n !== 0n);
      if (!awayFromZero) return quotient;
      return negative ? quotient - 1n : quotient + 1n;
    }
  }
}

/** Rescales to `exponent` (like IEEE quantize), rounding dropped digits with `mode`. */
export function quantize(parts: DecimalParts, exponent: number, mode: RoundingMode): DecimalParts {
  if (parts.exponent >= exponent) {
    return { coefficient: parts.coefficient * pow10(parts.exponent - exponent), exponent };
  }
  const coefficient = divideRounded(parts.coefficient, pow10(exponent - parts.exponent), mode);
  return { coefficient, exponent };
}

function limitPrecision(parts: DecimalParts): DecimalParts {
  const excess = digitCount(parts.coefficient) - MAX_DIGITS;
  return excess > 0 ? quantize(parts, parts.exponent + excess, 'halfEven') : parts;
}

export function decimalAdd(a: DecimalParts, b: DecimalParts): DecimalParts {
  const exponent = Math.min(a.exponent, b.exponent);
  const coefficient =
    a.coefficient * pow10(a.exponent - exponent) + b.coefficient * pow10(b.exponent - exponent);
  return limitPrecision({ coefficient, exponent });
}

export function decimalNegate(a: DecimalParts): DecimalParts {
  return { coefficient: -a.coefficient, exponent: a.exponent };
}

export function decimalMultiply(a: DecimalParts, b: DecimalParts): DecimalParts {
  return limitPrecision({ coefficient: a.coefficient * b.coefficient, exponent: a.exponent + b.exponent });
}

/** Quotient to 34 significant digits, trimmed back toward the ideal exponent when exact. */
export function decimalDivide(a: DecimalParts, b: DecimalParts): DecimalParts {
  const ideal = a.exponent - b.exponent;
  const shift = Math.max(0, MAX_DIGITS + digitCount(b.coefficient) - digitCount(a.coefficient) + 1);
  let coefficient = divideRounded(a.coefficient * pow10(shift), b.coefficient, 'halfEven');
  let exponent = ideal - shift;
  while (exponent < ideal && coefficient % 10n === 0n && coefficient !== 0n) {
    coefficient /= 10n;
    exponent += 1;
  }
  if (coefficient === 0n) exponent = ideal;
  return limitPrecision({ coefficient, exponent });
}

export function isDecimalZero(a: DecimalParts): boolean {
  return a.coefficient === 0n;
}

/** Builds a Decimal128 from parts (or from a non-finite double). */
export function makeDecimal(parts: DecimalParts | number): Decimal128 {
  if (typeof parts === 'number') {
    if (Number.isNaN(parts)) return Decimal128.fromString('NaN');
    if (!Number.isFinite(parts)) return Decimal128.fromString(parts > 0 ? 'Infinity' : '-Infinity');
    return makeDecimal(toDecimalParts(parts));
  }
  const limited = limitPrecision(parts);
  return Decimal128.fromString(`${limited.coefficient}E${limited.exponent}`);
}

/** A double converted to Decimal128 the way MongoDB does (15 significant digits). */
export function decimalFromDouble(value: number): Decimal128 {
  return makeDecimal(toDecimalParts(value));
}

/** The exact value of parts as a double (correctly rounded by the JS parser). */
export function decimalPartsToNumber(parts: DecimalParts): number {
  return Number(`${parts.coefficient}e${parts.exponent}`);
}

export function decimalToLong(parts: DecimalParts): Long | number {
  const integer = quantize(parts, 0, 'towardZero').coefficient;
  return Number.isSafeInteger(Number(integer)) ? Number(integer) : Long.fromBigInt(integer);
}

/**
 * Exact IEEE 754-2008 decimal128 arithmetic, as mongod performs it (Intel's decimal library)
 * whenever an operand is a Decimal128: 34 significant digits, round half to even, results keep
 * the IEEE "ideal exponent" (1.10 + 2.20 = 3.30, 0.1 + 0.2 = 0.3), exponents clamp to
 * [-6176, 6111] and overflow gives ±Infinity.
 *
 * A value is parsed from `Decimal128.toString()` into a sign, a BigInt coefficient and a base-10
 * exponent; results go back through `Decimal128.fromString` with that exponent, so bson formats
 * them the way mongod does.
 *
 * Doubles become decimals as mongod's `Decimal128(double, precision)` does: the exact binary
 * value rounded to 34 digits, then (the default, `kRoundTo15Digits`) quantized to exactly 15
 * significant digits, so 0.1 becomes 0.100000000000000 and 2.5 becomes 2.50000000000000. This is
 * not the shortest round-trip string: mongod's SafeNum ($inc, $mul) and `Value::coerceToDecimal`
 * (expressions) use the 15-digit rounding; `DoubleDoubleSummation::getDecimal` ($sum, $avg) uses
 * the 34-digit one.
 */
import { Decimal128 } from 'bson';
import type { Long } from 'bson';

/** A decimal128 value; a finite one is (-1)^negative × coefficient × 10^exponent. */
export type ExactDecimal =
  | { readonly kind: 'finite'; readonly negative: boolean; readonly coefficient: bigint; readonly exponent: number }
  | { readonly kind: 'infinity'; readonly negative: boolean }
  | { readonly kind: 'nan' };

/** A finite decimal (coefficient ≥ 0, the sign kept apart so that -0 exists). */
export type FiniteDecimal = Extract<ExactDecimal, { kind: 'finite' }>;

/** Significant digits a double keeps when converted: mongod's kRoundTo15Digits / kRoundTo34Digits. */
export type DoubleConversion = 15 | 34;

export type DecimalOperation = 'add' | 'subtract' | 'multiply' | 'divide';

/** How `quantizeDecimal` rounds the digits it drops: $round, $trunc, $ceil and $floor. */
export type RoundingMode = 'halfEven' | 'towardZero' | 'ceiling' | 'floor';

const PRECISION = 34;
const MAX_EXPONENT = 6111;
const MIN_EXPONENT = -6176;

const NAN: ExactDecimal = { kind: 'nan' };

function finite(negative: boolean, coefficient: bigint, exponent: number): FiniteDecimal {
  return { kind: 'finite', negative, coefficient, exponent };
}

function infinity(negative: boolean): ExactDecimal {
  return { kind: 'infinity', negative };
}

/** +0 with exponent 0: mongod's `Decimal128()`, where decimal sums start. */
export const DECIMAL_ZERO: FiniteDecimal = finite(false, 0n, 0);

const SMALL_POWERS: bigint[] = Array.from({ length: 80 }, (_, n) => 10n ** BigInt(n));

function pow10(n: number): bigint {
  return n < SMALL_POWERS.length ? (SMALL_POWERS[n] as bigint) : 10n ** BigInt(n);
}

const MAX_COEFFICIENT = pow10(PRECISION);

function digitCount(value: bigint): number {
  return value < MAX_COEFFICIENT && value >= 0n ? smallDigitCount(value) : value.toString().length;
}

function smallDigitCount(value: bigint): number {
  let digits = 1;
  while (digits < SMALL_POWERS.length && value >= (SMALL_POWERS[digits] as bigint)) digits++;
  return digits;
}

/** Drops `drop` low digits of a non-negative coefficient, rounding half to even. */
function roundDigits(coefficient: bigint, drop: number): bigint {
  if (drop <= 0) return coefficient;
  // Below 10^(drop-1) the value is under half a unit of the result: it rounds to zero.
  if (drop > digitCount(coefficient)) return 0n;
  const divisor = pow10(drop);
  const quotient = coefficient / divisor;
  const twice = (coefficient % divisor) * 2n;
  if (twice > divisor || (twice === divisor && (quotient & 1n) === 1n)) return quotient + 1n;
  return quotient;
}

/**
 * Rounds an exact result into the decimal128 format: at most 34 digits, no exponent below -6176
 * (subnormals lose digits), exponents above 6111 fold into the coefficient when it has room and
 * overflow to Infinity otherwise. Rounding happens once, from the exact value.
 */
function encode(negative: boolean, coefficient: bigint, exponent: number): ExactDecimal {
  const digits = digitCount(coefficient);
  const target = Math.max(exponent + Math.max(0, digits - PRECISION), MIN_EXPONENT);
  let value = coefficient;
  let scale = exponent;
  if (target > scale) {
    value = roundDigits(value, target - scale);
    scale = target;
    if (value === MAX_COEFFICIENT) {
      value = pow10(PRECISION - 1);
      scale += 1;
    }
  }
  if (scale <= MAX_EXPONENT) return finite(negative, value, scale);
  if (value === 0n) return finite(negative, 0n, MAX_EXPONENT);
  if (digitCount(value) + scale - MAX_EXPONENT > PRECISION) return infinity(negative);
  return finite(negative, value * pow10(scale - MAX_EXPONENT), MAX_EXPONENT);
}

const NUMBER_PATTERN = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const SPECIAL_PATTERN = /^([+-]?)(?:(inf|infinity)|(nan))$/i;

/**
 * Parses decimal text as `Decimal128.toString()` writes it ("0.1", "1.23E-7", "-0", "NaN",
 * "-Infinity") or any plain decimal literal; more than 34 digits round half to even.
 * @throws RangeError when the text is not a number.
 */
export function parseDecimal(text: string): ExactDecimal {
  const match = NUMBER_PATTERN.exec(text);
  if (match === null) {
    const special = SPECIAL_PATTERN.exec(text);
    if (special === null) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    return special[3] !== undefined ? NAN : infinity(special[1] === '-');
  }
  const [, sign, whole = '', fraction = '', leadingFraction, exponentText = '0'] = match;
  const fractionDigits = leadingFraction ?? fraction;
  const exponent = Number.parseInt(exponentText, 10) - fractionDigits.length;
  return encode(sign === '-', BigInt(`${whole}${fractionDigits}`), exponent);
}

export function fromDecimal128(value: Decimal128): ExactDecimal {
  return parseDecimal(value.toString());
}

/** An integer (int32, int64 or wider) exactly, with exponent 0 like mongod's `Decimal128(int64)`. */
export function fromInteger(value: bigint): ExactDecimal {
  return encode(value < 0n, value < 0n ? -value : value, 0);
}

const FLOAT_VIEW = new Float64Array(1);
const BITS_VIEW = new BigUint64Array(FLOAT_VIEW.buffer);

/** The exact value of a positive finite double as coefficient × 10^exponent. */
function exactBinary(magnitude: number): { coefficient: bigint; exponent: number } {
  FLOAT_VIEW[0] = magnitude;
  const bits = BITS_VIEW[0] as bigint;
  const biased = Number(bits >> 52n);
  let mantissa = bits & ((1n << 52n) - 1n);
  let power = biased === 0 ? -1074 : biased - 1075;
  if (biased !== 0) mantissa |= 1n << 52n;
  while ((mantissa & 1n) === 0n) {
    mantissa >>= 1n;
    power += 1;
  }
  if (power >= 0) return { coefficient: mantissa << BigInt(power), exponent: 0 };
  // m × 2^-k = m × 5^k × 10^-k
  return { coefficient: mantissa * 5n ** BigInt(-power), exponent: power };
}

/** Quantizes to exactly 15 significant digits (one exponent up when rounding carries). */
function toFifteenDigits(value: FiniteDecimal): FiniteDecimal {
  const target = value.exponent + digitCount(value.coefficient) - 15;
  if (target <= value.exponent) {
    return finite(value.negative, value.coefficient * pow10(value.exponent - target), target);
  }
  const rounded = roundDigits(value.coefficient, target - value.exponent);
  if (rounded === pow10(15)) return finite(value.negative, pow10(14), target + 1);
  return finite(value.negative, rounded, target);
}

/**
 * A double as mongod's `Decimal128(double, precision)` converts it: zero, NaN and infinities
 * directly, other values from their exact binary expansion rounded to 34 digits and, for the
 * default precision 15, then quantized to exactly 15 significant digits (half to even both times,
 * like mongod: 0.1 → 0.100000000000000, 1e20 → 1.00000000000000E+20).
 */
export function fromDouble(value: number, precision: DoubleConversion = 15): ExactDecimal {
  if (Number.isNaN(value)) return NAN;
  const negative = value < 0 || Object.is(value, -0);
  if (!Number.isFinite(value)) return infinity(negative);
  if (value === 0) return finite(negative, 0n, 0);
  const exact = exactBinary(Math.abs(value));
  const rounded = encode(negative, exact.coefficient, exact.exponent) as FiniteDecimal;
  return precision === 34 ? rounded : toFifteenDigits(rounded);
}

function bsonTag(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { _bsontype?: unknown })._bsontype : undefined;
}

export function isDecimal128(value: unknown): value is Decimal128 {
  return bsonTag(value) === 'Decimal128';
}

/**
 * Any numeric BSON value as a decimal, converted as mongod's `coerceToDecimal` does: Decimal128
 * as stored, Long/Int32/bigint exactly, doubles to 15 digits. A JS number that is a safe integer
 * counts as an int32/int64 (the promoted value model cannot tell an integral double apart), so it
 * converts exactly; -0 and fractional numbers are doubles. Returns undefined for non-numbers.
 */
export function toExactDecimal(value: unknown): ExactDecimal | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && !Object.is(value, -0) ? fromInteger(BigInt(value)) : fromDouble(value);
  }
  if (typeof value === 'bigint') return fromInteger(value);
  switch (bsonTag(value)) {
    case 'Decimal128':
      return fromDecimal128(value as Decimal128);
    case 'Long':
      return fromInteger((value as Long).toBigInt());
    case 'Int32':
      return fromInteger(BigInt((value as { value: number }).value));
    case 'Double':
      return fromDouble((value as { value: number }).value);
    default:
      return undefined;
  }
}

function signedCoefficient(value: FiniteDecimal): bigint {
  return value.negative ? -value.coefficient : value.coefficient;
}

/** `a + b`, exact then rounded; the ideal exponent is the smaller of the two. */
export function addDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (a.kind === 'infinity') return b.kind === 'infinity' && b.negative !== a.negative ? NAN : a;
  if (b.kind === 'infinity') return b;
  const exponent = Math.min(a.exponent, b.exponent);
  const sum = signedCoefficient(a) * pow10(a.exponent - exponent) + signedCoefficient(b) * pow10(b.exponent - exponent);
  // An exact zero sum is +0 under round-half-even, unless both addends are negative (-0 + -0).
  if (sum === 0n) return encode(a.negative && b.negative, 0n, exponent);
  return sum < 0n ? encode(true, -sum, exponent) : encode(false, sum, exponent);
}

export function negateDecimal(value: ExactDecimal): ExactDecimal {
  if (value.kind === 'nan') return value;
  if (value.kind === 'infinity') return infinity(!value.negative);
  return finite(!value.negative, value.coefficient, value.exponent);
}

export function absDecimal(value: ExactDecimal): ExactDecimal {
  if (value.kind === 'nan' || !value.negative) return value;
  return value.kind === 'infinity' ? infinity(false) : finite(false, value.coefficient, value.exponent);
}

export function subtractDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return addDecimals(a, negateDecimal(b));
}

export function multiplyDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  const negative = a.negative !== b.negative;
  if (a.kind === 'infinity' || b.kind === 'infinity') {
    const other = a.kind === 'infinity' ? b : a;
    return other.kind === 'finite' && other.coefficient === 0n ? NAN : infinity(negative);
  }
  return encode(negative, a.coefficient * b.coefficient, a.exponent + b.exponent);
}

/**
 * `a / b` to 34 digits; an exact quotient takes the exponent closest to the ideal `ea - eb`
 * (1.00 / 4 = 0.25, 6.0 / 2 = 3.0). x/0 is ±Infinity and 0/0 NaN (callers such as `$divide`
 * reject a zero divisor first); x/±Infinity is a zero with the smallest exponent, as the General
 * Decimal Arithmetic specification has it.
 */
export function divideDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  const negative = a.negative !== b.negative;
  if (a.kind === 'infinity') return b.kind === 'infinity' ? NAN : infinity(negative);
  if (b.kind === 'infinity') return finite(negative, 0n, MIN_EXPONENT);
  if (b.coefficient === 0n) return a.coefficient === 0n ? NAN : infinity(negative);
  const ideal = a.exponent - b.exponent;
  if (a.coefficient === 0n) return encode(negative, 0n, ideal);
  // Scale the dividend so that the integer quotient has at least 35 digits.
  const shift = Math.max(0, PRECISION + 1 + digitCount(b.coefficient) - digitCount(a.coefficient));
  const scaled = a.coefficient * pow10(shift);
  let quotient = scaled / b.coefficient;
  let exponent = ideal - shift;
  // Inexact: a trailing sticky digit makes the single rounding in encode() see "more than half".
  if (scaled % b.coefficient !== 0n) return encode(negative, quotient * 10n + 1n, exponent - 1);
  while (exponent < ideal && quotient % 10n === 0n) {
    quotient /= 10n;
    exponent += 1;
  }
  return encode(negative, quotient, exponent);
}

/**
 * `a` modulo `b` as mongod's `bid128_fmod`: a − b × trunc(a / b), exact, with the sign of `a` (a
 * zero remainder too) and the smaller exponent. NaN when `a` is infinite or `b` zero (callers such
 * as `$mod` reject a zero divisor first); x mod ±Infinity is x.
 */
export function remainderDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.kind === 'nan' || b.kind === 'nan' || a.kind === 'infinity') return NAN;
  if (b.kind === 'infinity') return a;
  if (b.coefficient === 0n) return NAN;
  const exponent = Math.min(a.exponent, b.exponent);
  const divisor = b.coefficient * pow10(b.exponent - exponent);
  return encode(a.negative, (a.coefficient * pow10(a.exponent - exponent)) % divisor, exponent);
}

/** Drops `drop` (> 0) low digits of the magnitude of a value whose sign is `negative`. */
function roundDigitsBy(coefficient: bigint, drop: number, negative: boolean, mode: RoundingMode): bigint {
  if (mode === 'halfEven') return roundDigits(coefficient, drop);
  const divisor = pow10(drop);
  const quotient = coefficient / divisor;
  if (mode === 'towardZero' || quotient * divisor === coefficient) return quotient;
  // Toward +Infinity grows a positive magnitude; toward -Infinity a negative one.
  return (mode === 'ceiling') !== negative ? quotient + 1n : quotient;
}

/**
 * IEEE quantize: `value` with exactly `exponent`, the dropped digits rounded per `mode` and the
 * sign kept (-0.4 truncates to -0), as mongod's $round/$trunc/$ceil/$floor do. NaN and infinities
 * come back unchanged. A coefficient that would need more than 34 digits rounds back half to
 * even, where IEEE signals invalid and gives NaN.
 */
export function quantizeDecimal(value: ExactDecimal, exponent: number, mode: RoundingMode): ExactDecimal {
  if (value.kind !== 'finite') return value;
  const { negative, coefficient } = value;
  if (exponent <= value.exponent) return encode(negative, coefficient * pow10(value.exponent - exponent), exponent);
  return encode(negative, roundDigitsBy(coefficient, exponent - value.exponent, negative, mode), exponent);
}

/** The integer part (truncated toward zero) of a finite decimal, e.g. for a decimal → long conversion. */
export function truncateDecimal(value: FiniteDecimal): bigint {
  const { coefficient, exponent } = value;
  const integer = exponent >= 0 ? coefficient * pow10(exponent) : coefficient / pow10(-exponent);
  return value.negative ? -integer : integer;
}

/** The nearest double (correctly rounded by the JS parser); -0, NaN and infinities carry over. */
export function decimalToDouble(value: ExactDecimal): number {
  if (value.kind === 'nan') return Number.NaN;
  if (value.kind === 'infinity') return value.negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(`${value.negative ? '-' : ''}${value.coefficient}e${value.exponent}`);
}

function signum(value: Exclude<ExactDecimal, { kind: 'nan' }>): number {
  if (value.kind === 'finite' && value.coefficient === 0n) return 0;
  return value.negative ? -1 : 1;
}

function compareMagnitudes(a: ExactDecimal, b: ExactDecimal): number {
  if (a.kind !== 'finite' || b.kind !== 'finite') {
    return (a.kind === 'infinity' ? 1 : 0) - (b.kind === 'infinity' ? 1 : 0);
  }
  const aAdjusted = a.exponent + digitCount(a.coefficient);
  const bAdjusted = b.exponent + digitCount(b.coefficient);
  if (aAdjusted !== bAdjusted) return aAdjusted < bAdjusted ? -1 : 1;
  const exponent = Math.min(a.exponent, b.exponent);
  const left = a.coefficient * pow10(a.exponent - exponent);
  const right = b.coefficient * pow10(b.exponent - exponent);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Numeric order (1.0 equals 1.00, -0 equals 0). NaN sorts before every number and equals itself,
 * matching `compareValues`.
 */
export function compareDecimals(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  if (a.kind === 'nan') return b.kind === 'nan' ? 0 : -1;
  if (b.kind === 'nan') return 1;
  const aSign = signum(a);
  const bSign = signum(b);
  if (aSign !== bSign) return aSign < bSign ? -1 : 1;
  if (aSign === 0) return 0;
  const magnitude = compareMagnitudes(a, b) * aSign;
  return magnitude < 0 ? -1 : magnitude > 0 ? 1 : 0;
}

/** The value as a bson Decimal128 (exponent preserved, so "3.30" stays "3.30"). */
export function toDecimal128(value: ExactDecimal): Decimal128 {
  if (value.kind === 'nan') return Decimal128.fromString('NaN');
  if (value.kind === 'infinity') return Decimal128.fromString(value.negative ? '-Infinity' : 'Infinity');
  const checked = encode(value.negative, value.coefficient, value.exponent);
  if (checked.kind !== 'finite') return toDecimal128(checked);
  return Decimal128.fromString(`${checked.negative ? '-' : ''}${checked.coefficient}E${checked.exponent}`);
}

const OPERATIONS: Readonly<Record<DecimalOperation, (a: ExactDecimal, b: ExactDecimal) => ExactDecimal>> = {
  add: addDecimals,
  subtract: subtractDecimals,
  multiply: multiplyDecimals,
  divide: divideDecimals,
};

/**
 * `a <op> b` over numeric BSON values of which at least one is a Decimal128, converting the other
 * as mongod does (see `toExactDecimal`); the result is a Decimal128. A non-numeric operand
 * counts as NaN (callers type-check first).
 */
export function decimalArithmetic(operation: DecimalOperation, a: unknown, b: unknown): Decimal128 {
  return toDecimal128(OPERATIONS[operation](toExactDecimal(a) ?? NAN, toExactDecimal(b) ?? NAN));
}

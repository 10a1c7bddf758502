import { minorUnitExponent } from './currency-units.js';

/** A positive rational number as exact integers. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Units of a currency per 1 unit of the table's base currency (`{ EUR: 0.92, JPY: 151.3 }`). */
export type RateTable = Readonly<Record<string, number>>;

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

function gcd(left: bigint, right: bigint): bigint {
  let [a, b] = [left < 0n ? -left : left, right < 0n ? -right : right];
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduced(numerator: bigint, denominator: bigint): Ratio {
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

/**
 * The exact value of a rate as written in decimal: a stored 0.92 means 92/100, not the binary
 * double nearest to it, so conversions agree with what a person computes by hand.
 */
export function decimalRatio(rate: number): Ratio {
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`An FX rate must be positive, got ${rate}`);
  const match = DECIMAL_PATTERN.exec(String(rate));
  if (!match) throw new RangeError(`Unreadable FX rate ${rate}`);
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? 0) - fraction.length;
  const digits = BigInt(`${match[1] ?? '0'}${fraction}`);
  return exponent >= 0
    ? reduced(digits * 10n ** BigInt(exponent), 1n)
    : reduced(digits, 10n ** BigInt(-exponent));
}

/** Units of `currency` per unit of `base`: the base itself is 1 whether or not the table lists it. */
function rateOf(currency: string, rates: RateTable, base: string): number | undefined {
  return currency === base ? (rates[currency] ?? 1) : rates[currency];
}

/**
 * The factor that turns minor units of `from` into minor units of `to`, or `undefined` when the
 * table lacks either rate. Both rates are per unit of the table's `base` (default USD).
 */
export function conversionFactor(
  from: string,
  to: string,
  rates: RateTable,
  base = 'USD',
): Ratio | undefined {
  const exponentShift = minorUnitExponent(to) - minorUnitExponent(from);
  const scale = 10n ** BigInt(Math.abs(exponentShift));
  if (from === to) return { numerator: 1n, denominator: 1n };
  const fromRate = rateOf(from, rates, base);
  const toRate = rateOf(to, rates, base);
  if (fromRate === undefined || toRate === undefined) return undefined;
  const fromRatio = decimalRatio(fromRate);
  const toRatio = decimalRatio(toRate);
  // amountTo = amountFrom / fromRate * toRate, rescaled between the two minor units.
  const numerator = toRatio.numerator * fromRatio.denominator * (exponentShift > 0 ? scale : 1n);
  const denominator = toRatio.denominator * fromRatio.numerator * (exponentShift < 0 ? scale : 1n);
  return reduced(numerator, denominator);
}

/** `numerator / denominator` rounded half to even (banker's rounding); both non-negative. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** Same as {@link divideHalfEven} on safe integers, without BigInt allocation. */
function divideHalfEvenSafe(numerator: number, denominator: number): number {
  let quotient = Math.floor(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  // The float division can land one off near an integer; the remainder says which way.
  if (remainder < 0) [quotient, remainder] = [quotient - 1, remainder + denominator];
  else if (remainder >= denominator) [quotient, remainder] = [quotient + 1, remainder - denominator];
  const twiceRemainder = remainder * 2;
  if (twiceRemainder > denominator) return quotient + 1;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2 === 0 ? quotient : quotient + 1;
}

/** A factor prepared for many conversions: number arithmetic while every product stays exact. */
export interface MinorUnitConverter {
  convert(amountMinor: number): number;
}

export function createConverter(factor: Ratio): MinorUnitConverter {
  const numerator = Number(factor.numerator);
  const denominator = Number(factor.denominator);
  const safeNumbers = Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator);
  const largestFastAmount = safeNumbers ? Math.floor(Number.MAX_SAFE_INTEGER / numerator) : -1;
  return {
    convert(amountMinor) {
      if (!Number.isSafeInteger(amountMinor) || amountMinor < 0)
        throw new RangeError(`An amount must be a non-negative integer of minor units, got ${amountMinor}`);
      if (amountMinor <= largestFastAmount) return divideHalfEvenSafe(amountMinor * numerator, denominator);
      return Number(divideHalfEven(BigInt(amountMinor) * factor.numerator, factor.denominator));
    },
  };
}

/**
 * Converts an integer amount of `from` minor units into `to` minor units with `rates` (units per
 * base unit), exactly, rounding half to even. Returns `undefined` when a rate is missing; the
 * same currency needs no rate.
 */
export function convertMinor(
  amountMinor: number,
  from: string,
  to: string,
  rates: RateTable,
  base = 'USD',
): number | undefined {
  const factor = conversionFactor(from, to, rates, base);
  return factor === undefined ? undefined : createConverter(factor).convert(amountMinor);
}

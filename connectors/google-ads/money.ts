/**
 * Money of the Google Ads API in integer minor units, computed with integer arithmetic only:
 * cost and budgets are int64 micros (1/1,000,000 of the currency unit) sent as JSON strings;
 * conversion values are doubles in major units. Rounding is half away from zero (reference §8).
 */
const exponents = new Map<string, number>();

/** Digits of a currency's minor unit (JPY 0, USD 2, KWD 3), from the runtime's ISO 4217 data. */
export function currencyExponent(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  if (digits === undefined) throw new RangeError(`No minor unit known for ${currency}`);
  exponents.set(currency, digits);
  return digits;
}

function divideHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const rounded = (magnitude % denominator) * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

function toSafeNumber(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError(`Amount ${value} is out of range`);
  return result;
}

const INT64_PATTERN = /^-?\d{1,19}$/;

/** An int64 micros string (`"1234560000"`) as integer minor units of `currency`. */
export function microsToMinor(micros: string, currency: string): number {
  if (!INT64_PATTERN.test(micros)) throw new RangeError(`"${micros}" is not an int64 micros amount`);
  return toSafeNumber(divideHalfAwayFromZero(BigInt(micros), 10n ** BigInt(6 - currencyExponent(currency))));
}

/** Integer minor units as an int64 micros string, as budgets are written. */
export function minorToMicros(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError('Minor units must be a safe integer');
  return (BigInt(minor) * 10n ** BigInt(6 - currencyExponent(currency))).toString();
}

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * A major-unit double (`metrics.conversionsValue`) as integer minor units. The number is read
 * through its shortest decimal form (what the JSON said, `12.345`), never multiplied as a binary
 * float, so `1.005` EUR is 101 cents as a person reads it, not 100.
 */
export function majorToMinor(value: number, currency: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite amount`);
  const match = DECIMAL_PATTERN.exec(String(value));
  if (match === null) throw new RangeError(`Unreadable amount ${value}`);
  const fraction = match[3] ?? '';
  const digits = BigInt(`${match[1] ?? ''}${match[2] ?? '0'}${fraction}`);
  const scale = Number(match[4] ?? 0) - fraction.length + currencyExponent(currency);
  if (scale >= 0) return toSafeNumber(digits * 10n ** BigInt(scale));
  return toSafeNumber(divideHalfAwayFromZero(digits, 10n ** BigInt(-scale)));
}

/**
 * Money of the Marketing API as integers: insights report decimal strings in major units
 * (`"212.37"`), budgets are integer strings in Meta's per-currency "offset" unit. Everything
 * here is string and integer arithmetic; binary floats never touch an amount.
 */

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

const exponents = new Map<string, number>();

/** Digits of the ISO 4217 minor unit (JPY 0, USD 2, KWD 3), from the runtime's ICU data. */
export function minorUnitExponent(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  const exponent = digits ?? 2;
  exponents.set(currency, exponent);
  return exponent;
}

/**
 * A non-negative decimal string in major units as integer minor units, rounded half away from
 * zero (reference §8); `undefined` when the value is not such a string or does not fit.
 */
export function decimalToMinor(value: unknown, exponent: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DECIMAL_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  const roundUp = (fraction[exponent] ?? '0') >= '5';
  const minor = BigInt(`${whole}${kept}`) + (roundUp ? 1n : 0n);
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : undefined;
}

/** A non-negative integer string (`"1234"`) as a number; `undefined` otherwise. */
export function integerString(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

/** A non-negative decimal string (`"3"`, `"2.5"`) as a number (counts may be modelled fractions). */
export function countString(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Currencies Meta budgets in whole units ("offset 1", reference §1.3); all others use offset
 * 100. The reference is silent on three-decimal currencies (KWD, BHD…): Meta's currency page
 * lists them under offset 100 as well, so a KWD budget of "1000" is 10.000 KWD.
 */
const OFFSET_ONE = new Set(['CLP', 'COP', 'CRC', 'HUF', 'ISK', 'IDR', 'JPY', 'KRW', 'PYG', 'TWD']);

/** Meta's budget offset of `currency`: 1 or 100 budget units per major unit. */
export function metaBudgetOffset(currency: string): 1 | 100 {
  return OFFSET_ONE.has(currency) ? 1 : 100;
}

/**
 * A Meta budget (integer string in offset units) as ISO minor units: TWD is offset 1 for Meta
 * but has two ISO decimals, so `"5000"` TWD is 500000 minor units. `undefined` when malformed.
 */
export function metaBudgetToMinor(value: unknown, currency: string): number | undefined {
  const units = integerString(value);
  if (units === undefined) return undefined;
  const scaled =
    (BigInt(units) * 10n ** BigInt(minorUnitExponent(currency))) / BigInt(metaBudgetOffset(currency));
  return scaled <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(scaled) : undefined;
}

/**
 * ISO minor units as a Meta budget string; `undefined` when the amount is not expressible in
 * Meta's unit (e.g. 1234 TWD cents are 12.34 TWD, but Meta budgets TWD in whole dollars).
 */
export function minorToMetaBudget(minor: number, currency: string): string | undefined {
  if (!Number.isSafeInteger(minor) || minor < 0) return undefined;
  const numerator = BigInt(minor) * BigInt(metaBudgetOffset(currency));
  const denominator = 10n ** BigInt(minorUnitExponent(currency));
  if (numerator % denominator !== 0n) return undefined;
  return String(numerator / denominator);
}

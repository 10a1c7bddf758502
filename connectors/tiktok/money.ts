/**
 * Decimal strings and numbers of TikTok reports (`"87.60"`, `"10505.0"`, a budget `50.5`) turned
 * into integers with string arithmetic, never binary floats (reference §8).
 */
const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

function decimalText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return String(value);
  return undefined;
}

/**
 * Major units written in decimal → integer minor units with `exponent` decimals (JPY 0, USD 2,
 * KWD 3), rounded half away from zero. `undefined` for anything not a non-negative decimal.
 */
export function decimalToMinorUnits(value: unknown, exponent: number): number | undefined {
  const text = decimalText(value);
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  const kept = BigInt(`${match[1] ?? '0'}${fraction.padEnd(exponent, '0').slice(0, exponent)}`);
  const roundsUp = Number(fraction.charAt(exponent) || '0') >= 5;
  const minor = roundsUp ? kept + 1n : kept;
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : undefined;
}

/** A count written as a decimal (`"10505.0"` is 10505); `undefined` when it has a real fraction. */
export function decimalToCount(value: unknown): number | undefined {
  const text = decimalText(value);
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (match === null || /[1-9]/.test(match[2] ?? '')) return undefined;
  const count = Number(match[1]);
  return Number.isSafeInteger(count) ? count : undefined;
}

/** Integer minor units → the major-unit number TikTok's budget fields take (1234, 2 → 12.34). */
export function minorUnitsToMajor(minor: number, exponent: number): number {
  return Number((minor / 10 ** exponent).toFixed(exponent));
}

const exponents = new Map<string, number>();

/** Digits of a currency's minor unit from the runtime's ISO 4217 data (JPY 0, USD 2, KWD 3); cached per code. */
export function currencyExponent(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  const exponent =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  exponents.set(currency, exponent);
  return exponent;
}

/** LinkedIn money is decimal strings of major units (`costInLocalCurrency`, `dailyBudget.amount`), converted with string arithmetic. */
const DECIMAL = /^(\d+)(?:\.(\d*))?$/;

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

/** Decimal major units (long fractions allowed) → integer minor units, half away from zero. */
export function decimalToMinorUnits(value: unknown, exponent: number): number | undefined {
  const match = typeof value === 'string' ? DECIMAL.exec(value.trim()) : null;
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  const kept = BigInt(`${match[1] ?? '0'}${fraction.padEnd(exponent, '0').slice(0, exponent)}`);
  const minor = Number(fraction.charAt(exponent) || '0') >= 5 ? kept + 1n : kept;
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : undefined;
}

/** Integer minor units → the decimal string LinkedIn's money amounts take (7525, 2 → "75.25"). */
export function minorUnitsToDecimal(minor: number, exponent: number): string {
  const digits = String(minor).padStart(exponent + 1, '0');
  return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

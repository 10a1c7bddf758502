/** Minor-unit exponents by currency, read once per code from the runtime's ISO 4217 data. */
const exponents = new Map<string, number>();

/**
 * Digits after the decimal point of a currency's minor unit (JPY 0, USD 2, KWD 3), from ICU's
 * ISO 4217 table. Throws a RangeError for a code the runtime does not know.
 */
export function minorUnitExponent(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  const exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  if (exponent === undefined) throw new RangeError(`No minor unit known for currency ${currency}`);
  exponents.set(currency, exponent);
  return exponent;
}

import { expect } from 'chai';
import { conversionFactor, convertMinor, decimalRatio, divideHalfEven } from './convert.js';
import { minorUnitExponent } from './currency-units.js';
import { demoFxDays, demoFxRatesOf } from './demo-rates.js';
import { createFxDayTable } from './fx-table.js';

describe('fx conversion', () => {
  it('when a currency is named, its minor-unit exponent comes from ISO 4217 (JPY 0, USD 2, KWD 3)', () => {
    expect(['JPY', 'USD', 'EUR', 'KWD'].map(minorUnitExponent)).to.deep.equal([0, 2, 2, 3]);
  });

  it('when a rate is read, its decimal text is taken exactly (0.1 is 1/10, not the nearest double)', () => {
    expect(decimalRatio(0.1)).to.deep.equal({ numerator: 1n, denominator: 10n });
    expect(decimalRatio(151.25)).to.deep.equal({ numerator: 605n, denominator: 4n });
    expect(decimalRatio(1e-7)).to.deep.equal({ numerator: 1n, denominator: 10_000_000n });
    expect(() => decimalRatio(0)).to.throw(RangeError);
  });

  it('when USD and JPY are converted both ways, the exponents differ and the results are exact', () => {
    const rates = { USD: 1, JPY: 150 };
    expect(convertMinor(1000, 'USD', 'JPY', rates)).to.equal(1500); // $10.00 → ¥1,500
    expect(convertMinor(1, 'USD', 'JPY', rates)).to.equal(2); // ¥1.5 → 2 (half to even)
    expect(convertMinor(3, 'USD', 'JPY', rates)).to.equal(4); // ¥4.5 → 4 (half to even)
    expect(convertMinor(150, 'JPY', 'USD', rates)).to.equal(100);
    expect(convertMinor(1, 'JPY', 'USD', rates)).to.equal(1); // 0.666… cents
    expect(convertMinor(75, 'JPY', 'USD', { USD: 1, JPY: 200 })).to.equal(38); // 37.5 → 38
    expect(convertMinor(25, 'JPY', 'USD', { USD: 1, JPY: 200 })).to.equal(12); // 12.5 → 12
  });

  it('when KWD (three decimals) is converted, fils map to cents and yen exactly, halves to even', () => {
    expect(convertMinor(12_345, 'KWD', 'USD', { KWD: 0.3 })).to.equal(4115); // 41.15 USD exactly
    const rates = { KWD: 0.4, USD: 1, JPY: 150 };
    expect([2, 6, 10, 14].map((fils) => convertMinor(fils, 'KWD', 'USD', rates))).to.deep.equal([0, 2, 2, 4]);
    expect(convertMinor(1, 'USD', 'KWD', rates)).to.equal(4); // 0.004 KWD
    expect(convertMinor(1000, 'KWD', 'JPY', rates)).to.equal(375); // 2.5 USD → ¥375
  });

  it('when a cross rate has no finite decimal, the result is rounded once, half to even, from the exact ratio', () => {
    const rates = { EUR: 0.9, GBP: 0.7 };
    expect(conversionFactor('GBP', 'EUR', rates)).to.deep.equal({ numerator: 9n, denominator: 7n });
    expect(convertMinor(7, 'GBP', 'EUR', rates)).to.equal(9);
    expect(convertMinor(100, 'GBP', 'EUR', rates)).to.equal(129); // 128.571…
    expect(convertMinor(2, 'EUR', 'USD', { EUR: 0.8 })).to.equal(2); // 2.5 → 2
    expect(convertMinor(6, 'EUR', 'USD', { EUR: 0.8 })).to.equal(8); // 7.5 → 8
  });

  it('when an amount is too large for exact float products, the BigInt path gives the exact result', () => {
    const amount = 9_007_199_254_740_991;
    const expected = divideHalfEven(BigInt(amount) * 100n, 92n);
    expect(convertMinor(amount, 'EUR', 'USD', { EUR: 0.92 })).to.equal(Number(expected));
  });

  it('when a rate is missing the conversion is undefined; the same currency needs no rate', () => {
    expect(convertMinor(100, 'EUR', 'USD', { USD: 1 })).to.equal(undefined);
    expect(convertMinor(123, 'SEK', 'SEK', {})).to.equal(123);
    const table = createFxDayTable(new Map([['2026-01-01', { EUR: 0.5, SEK: -1 }]]));
    expect(table.converter('2026-01-01', 'EUR', 'USD')?.convert(100)).to.equal(200);
    expect(table.converter('2026-01-01', 'EUR', 'GBP')).to.equal(undefined);
    expect(table.converter('2026-01-01', 'SEK', 'USD')).to.equal(undefined);
    expect(table.converter('2026-01-02', 'EUR', 'USD')).to.equal(undefined);
  });

  it('when the demo table is built, it covers 2024–2027 daily for the demo currencies and moves smoothly', () => {
    const days = demoFxDays();
    expect([days.length, days[0], days.at(-1)]).to.deep.equal([1461, '2024-01-01', '2027-12-31']);
    const first = demoFxRatesOf('2026-03-01');
    expect(first).to.deep.equal(demoFxRatesOf('2026-03-01'));
    for (const currency of ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'SEK', 'CHF', 'BRL', 'INR', 'KWD'])
      expect(first[currency], currency).to.be.a('number');
    let largestDailyMove = 0;
    for (let index = 1; index < days.length; index += 1) {
      const [before, after] = [
        demoFxRatesOf(days[index - 1] as string),
        demoFxRatesOf(days[index] as string),
      ];
      for (const [currency, rate] of Object.entries(after))
        largestDailyMove = Math.max(largestDailyMove, Math.abs(rate / (before[currency] as number) - 1));
    }
    expect(largestDailyMove).to.be.within(0.0001, 0.01);
    expect(demoFxRatesOf('2024-06-01')['EUR']).to.not.equal(demoFxRatesOf('2025-06-01')['EUR']);
  });
});

import { expect } from 'chai';
import { decimalToMinor, metaBudgetToMinor, minorToMetaBudget, minorUnitExponent } from './money.js';

describe('connectors/meta money', () => {
  it('when a decimal string is converted, the currency exponent is used and halves round away from zero', () => {
    expect(decimalToMinor('212.37', 2)).to.equal(21_237);
    expect(decimalToMinor('0.105', 2)).to.equal(11);
    expect(decimalToMinor('0.104', 2)).to.equal(10);
    expect(decimalToMinor('1234', 0)).to.equal(1_234);
    expect(decimalToMinor('1234.5', 0)).to.equal(1_235);
    expect(decimalToMinor('1.2345', 3)).to.equal(1_235);
    expect(decimalToMinor('7', 3)).to.equal(7_000);
    // 0.1 + 0.2 style float traps never happen: string arithmetic only.
    expect(decimalToMinor('1.005', 2)).to.equal(101);
  });

  it('when a value is not a non-negative decimal string, it is refused instead of guessed', () => {
    for (const bad of [12.5, '-1.00', '1e3', '', 'abc', null, undefined, '1.2.3'])
      expect(decimalToMinor(bad, 2), String(bad)).to.equal(undefined);
  });

  it('when ISO exponents are read, JPY has 0, USD 2 and KWD 3', () => {
    expect([minorUnitExponent('JPY'), minorUnitExponent('USD'), minorUnitExponent('KWD')]).to.deep.equal([
      0, 2, 3,
    ]);
  });

  it("when a budget is converted, Meta's offset and the ISO exponent are both applied", () => {
    expect(metaBudgetToMinor('5000', 'USD')).to.equal(5_000);
    expect(metaBudgetToMinor('3000', 'JPY')).to.equal(3_000);
    // TWD: offset 1 at Meta, two decimals in the runtime's ISO 4217 data (the host's minor units).
    expect(metaBudgetToMinor('5000', 'TWD')).to.equal(500_000);
    expect(metaBudgetToMinor('1000', 'KWD')).to.equal(10_000);
    expect(metaBudgetToMinor('12.5', 'USD')).to.equal(undefined);
    expect(minorToMetaBudget(7_500, 'USD')).to.equal('7500');
    expect(minorToMetaBudget(500_000, 'TWD')).to.equal('5000');
    expect(minorToMetaBudget(123_456, 'TWD')).to.equal(undefined);
    expect(minorToMetaBudget(10_010, 'KWD')).to.equal('1001');
    expect(minorToMetaBudget(10_015, 'KWD')).to.equal(undefined);
  });
});

import { expect } from 'chai';
import { Decimal128, Double, Int32, Long } from 'bson';
import {
  DECIMAL_ZERO,
  absDecimal,
  addDecimals,
  compareDecimals,
  decimalArithmetic,
  decimalToDouble,
  divideDecimals,
  fromDecimal128,
  fromDouble,
  fromInteger,
  multiplyDecimals,
  negateDecimal,
  parseDecimal,
  quantizeDecimal,
  remainderDecimals,
  subtractDecimals,
  toDecimal128,
  toExactDecimal,
  truncateDecimal,
} from './decimal-arithmetic.js';
import type { ExactDecimal, FiniteDecimal } from './decimal-arithmetic.js';

const d = parseDecimal;

function text(value: ExactDecimal): string {
  return toDecimal128(value).toString();
}

describe('decimal-arithmetic', () => {
  describe('parsing', () => {
    it('when parsing a plain fraction, keeps the digits and the scale', () => {
      expect(d('0.10')).to.deep.equal({ kind: 'finite', negative: false, coefficient: 10n, exponent: -2 });
      expect(d('-12.5')).to.deep.equal({ kind: 'finite', negative: true, coefficient: 125n, exponent: -1 });
    });

    it('when parsing exponent forms as Decimal128.toString() writes them, reads the exponent', () => {
      expect(d('1.23E-7')).to.deep.equal({ kind: 'finite', negative: false, coefficient: 123n, exponent: -9 });
      expect(d('1E+3')).to.deep.equal({ kind: 'finite', negative: false, coefficient: 1n, exponent: 3 });
      expect(d('.5e1')).to.deep.equal({ kind: 'finite', negative: false, coefficient: 5n, exponent: 0 });
    });

    it('when parsing -0, NaN and infinities, returns the special values', () => {
      expect(d('-0')).to.deep.equal({ kind: 'finite', negative: true, coefficient: 0n, exponent: 0 });
      expect(d('-0.000')).to.deep.equal({ kind: 'finite', negative: true, coefficient: 0n, exponent: -3 });
      expect(d('NaN')).to.deep.equal({ kind: 'nan' });
      expect(d('-Infinity')).to.deep.equal({ kind: 'infinity', negative: true });
      expect(d('inf')).to.deep.equal({ kind: 'infinity', negative: false });
    });

    it('when the text is not a number, throws a RangeError', () => {
      for (const bad of ['', 'abc', '1.2.3', '1e', '--1', '0x10']) {
        expect(() => d(bad), bad).to.throw(RangeError);
      }
    });

    it('when a Decimal128 is converted back and forth, its text is unchanged', () => {
      for (const value of ['0', '-0', '0.00', '1.10', '1E+3', '1.0E+6112', '1E-6176', '-1.23E-7', '0.000001', 'NaN', '-Infinity', '1234567890123456789012345678901234']) {
        expect(text(fromDecimal128(Decimal128.fromString(value))), value).to.equal(Decimal128.fromString(value).toString());
      }
    });

    it('when the text has more than 34 digits, rounds half to even', () => {
      expect(text(d('12345678901234567890123456789012345'))).to.equal('1.234567890123456789012345678901234E+34');
      expect(text(d('12345678901234567890123456789012355'))).to.equal('1.234567890123456789012345678901236E+34');
    });
  });

  describe('addition and subtraction', () => {
    it('when adding 0.1 and 0.2, gives exactly 0.3', () => {
      expect(text(addDecimals(d('0.1'), d('0.2')))).to.equal('0.3');
    });

    it('when adding values with trailing zeros, keeps the smaller exponent (1.10 + 2.20 = 3.30)', () => {
      expect(text(addDecimals(d('1.10'), d('2.20')))).to.equal('3.30');
      expect(text(addDecimals(d('1'), d('1E+3')))).to.equal('1001');
      expect(text(addDecimals(DECIMAL_ZERO, d('1E+3')))).to.equal('1000');
    });

    it('when a sum is exactly zero, it is +0 with the smaller exponent unless both addends are negative', () => {
      expect(text(addDecimals(d('1.10'), d('-1.10')))).to.equal('0.00');
      expect(text(addDecimals(d('-0'), d('0')))).to.equal('0');
      expect(text(addDecimals(d('-0'), d('-0.00')))).to.equal('-0.00');
    });

    it('when a sum needs 35 digits, rounds to 34 with half to even', () => {
      expect(text(addDecimals(d('9999999999999999999999999999999999'), d('1')))).to.equal('1.000000000000000000000000000000000E+34');
      expect(text(addDecimals(d('1234567890123456789012345678901234'), d('0.5')))).to.equal('1234567890123456789012345678901234');
      expect(text(addDecimals(d('1234567890123456789012345678901235'), d('0.5')))).to.equal('1234567890123456789012345678901236');
    });

    it('when subtracting, gives the exact difference with the ideal exponent', () => {
      expect(text(subtractDecimals(d('0.3'), d('0.1')))).to.equal('0.2');
      expect(text(subtractDecimals(d('1'), d('1.00')))).to.equal('0.00');
      expect(text(subtractDecimals(d('1.5'), d('2.75')))).to.equal('-1.25');
    });

    it('when NaN or infinities take part, follows IEEE rules', () => {
      expect(text(addDecimals(d('NaN'), d('1')))).to.equal('NaN');
      expect(text(addDecimals(d('Infinity'), d('-Infinity')))).to.equal('NaN');
      expect(text(addDecimals(d('Infinity'), d('-5')))).to.equal('Infinity');
      expect(text(subtractDecimals(d('1'), d('Infinity')))).to.equal('-Infinity');
    });

    it('when the sum exceeds the largest decimal128, overflows to Infinity', () => {
      const largest = d('9.999999999999999999999999999999999E+6144');
      expect(text(addDecimals(largest, d('1E+6111')))).to.equal('Infinity');
      expect(text(addDecimals(largest, d('4E+6110')))).to.equal('9.999999999999999999999999999999999E+6144');
    });
  });

  describe('multiplication', () => {
    it('when multiplying, adds the exponents (1.10 × 2.0 = 2.200, 0.1 × 0.1 = 0.01)', () => {
      expect(text(multiplyDecimals(d('1.10'), d('2.0')))).to.equal('2.200');
      expect(text(multiplyDecimals(d('0.1'), d('0.1')))).to.equal('0.01');
    });

    it('when a factor is zero, the zero keeps the exponent and the sign of the product', () => {
      expect(text(multiplyDecimals(d('1.50'), d('0')))).to.equal('0.00');
      expect(text(multiplyDecimals(d('-2'), d('0')))).to.equal('-0');
    });

    it('when the product has more than 34 digits, rounds it', () => {
      expect(text(multiplyDecimals(d('1234567890123456789'), d('1234567890123456789')))).to.equal('1.524157875323883675019051998750191E+36');
    });

    it('when the exponent leaves the range, clamps, underflows to 0E-6176 or overflows', () => {
      expect(text(multiplyDecimals(d('1E+6111'), d('10')))).to.equal('1.0E+6112');
      expect(text(multiplyDecimals(d('1E-6000'), d('1E-6000')))).to.equal('0E-6176');
      expect(text(multiplyDecimals(d('1E+6000'), d('1E+6000')))).to.equal('Infinity');
    });

    it('when infinity meets zero, gives NaN; otherwise a signed infinity', () => {
      expect(text(multiplyDecimals(d('Infinity'), d('0')))).to.equal('NaN');
      expect(text(multiplyDecimals(d('-Infinity'), d('2')))).to.equal('-Infinity');
      expect(text(multiplyDecimals(d('-3'), d('-Infinity')))).to.equal('Infinity');
    });
  });

  describe('division', () => {
    it('when the quotient is inexact, rounds to 34 digits half to even', () => {
      expect(text(divideDecimals(d('1'), d('3')))).to.equal('0.3333333333333333333333333333333333');
      expect(text(divideDecimals(d('2'), d('3')))).to.equal('0.6666666666666666666666666666666667');
      expect(text(divideDecimals(d('1234567890123456789.0123456789'), d('0.0007')))).to.equal('1763668414462081127160.493827');
    });

    it('when the quotient is exact, uses the exponent closest to the ideal one', () => {
      expect(text(divideDecimals(d('1.00'), d('4')))).to.equal('0.25');
      expect(text(divideDecimals(d('6.0'), d('2')))).to.equal('3.0');
      expect(text(divideDecimals(d('100'), d('10')))).to.equal('10');
      expect(text(divideDecimals(d('1'), d('8')))).to.equal('0.125');
    });

    it('when the dividend is zero, gives a zero with the ideal exponent and the sign of the quotient', () => {
      expect(text(divideDecimals(d('0.00'), d('1')))).to.equal('0.00');
      expect(text(divideDecimals(d('-0'), d('5')))).to.equal('-0');
    });

    it('when dividing by zero or by infinity, follows IEEE rules', () => {
      expect(text(divideDecimals(d('1'), d('0')))).to.equal('Infinity');
      expect(text(divideDecimals(d('-1'), d('0')))).to.equal('-Infinity');
      expect(text(divideDecimals(d('0'), d('0')))).to.equal('NaN');
      expect(text(divideDecimals(d('1'), d('Infinity')))).to.equal('0E-6176');
      expect(text(divideDecimals(d('Infinity'), d('-Infinity')))).to.equal('NaN');
    });

    it('when the quotient is subnormal, rounds it at the smallest exponent', () => {
      expect(text(divideDecimals(d('1E-6176'), d('2')))).to.equal('0E-6176');
      expect(text(divideDecimals(d('3E-6176'), d('2')))).to.equal('2E-6176');
    });
  });

  describe('comparison, negation, absolute value', () => {
    it('when values differ only in scale or in the sign of zero, they compare equal', () => {
      expect(compareDecimals(d('1.0'), d('1.00'))).to.equal(0);
      expect(compareDecimals(d('-0'), d('0E+5'))).to.equal(0);
      expect(compareDecimals(d('1E+2'), d('100'))).to.equal(0);
    });

    it('when values differ, orders them numerically with NaN first and infinities at the ends', () => {
      expect(compareDecimals(d('0.1'), d('0.2'))).to.equal(-1);
      expect(compareDecimals(d('-1'), d('-0.5'))).to.equal(-1);
      expect(compareDecimals(d('1E+6111'), d('9999999999999999999999999999999999'))).to.equal(1);
      expect(compareDecimals(d('Infinity'), d('1E+6111'))).to.equal(1);
      expect(compareDecimals(d('NaN'), d('-Infinity'))).to.equal(-1);
      expect(compareDecimals(d('NaN'), d('NaN'))).to.equal(0);
    });

    it('when negating or taking the absolute value, only the sign changes', () => {
      expect(text(negateDecimal(d('0')))).to.equal('-0');
      expect(text(negateDecimal(d('-Infinity')))).to.equal('Infinity');
      expect(text(absDecimal(d('-1.50')))).to.equal('1.50');
      expect(text(absDecimal(d('-Infinity')))).to.equal('Infinity');
      expect(text(absDecimal(d('NaN')))).to.equal('NaN');
    });
  });

  describe('conversions from other numeric types', () => {
    it('when converting a double, rounds its binary value to exactly 15 digits like mongod', () => {
      expect(text(fromDouble(0.1))).to.equal('0.100000000000000');
      expect(text(fromDouble(2.5))).to.equal('2.50000000000000');
      expect(text(fromDouble(1e20))).to.equal('1.00000000000000E+20');
      expect(text(fromDouble(-1 / 3))).to.equal('-0.333333333333333');
      // Rounding does not carry into a 16th digit: mongod's own example.
      expect(text(fromDouble(0.9999999999999994))).to.equal('0.999999999999999');
    });

    it('when converting a double with 34 digits, keeps its binary value to 34 digits', () => {
      expect(text(fromDouble(0.1, 34))).to.equal('0.1000000000000000055511151231257827');
      expect(text(fromDouble(2, 34))).to.equal('2');
      expect(text(fromDouble(0.5, 34))).to.equal('0.5');
    });

    it('when converting -0, NaN and infinite doubles, keeps them special', () => {
      expect(text(fromDouble(-0))).to.equal('-0');
      expect(text(fromDouble(Number.NaN))).to.equal('NaN');
      expect(text(fromDouble(Number.NEGATIVE_INFINITY))).to.equal('-Infinity');
      expect(text(fromDouble(5e-324))).to.equal('4.94065645841247E-324');
    });

    it('when converting BSON numbers, integers are exact and doubles take 15 digits', () => {
      expect(text(toExactDecimal(7) as ExactDecimal)).to.equal('7');
      expect(text(toExactDecimal(1.5) as ExactDecimal)).to.equal('1.50000000000000');
      expect(text(toExactDecimal(Long.fromString('9223372036854775807')) as ExactDecimal)).to.equal('9223372036854775807');
      expect(text(toExactDecimal(new Int32(-4)) as ExactDecimal)).to.equal('-4');
      expect(text(toExactDecimal(new Double(0.25)) as ExactDecimal)).to.equal('0.250000000000000');
      expect(text(toExactDecimal(-(2n ** 70n)) as ExactDecimal)).to.equal('-1180591620717411303424');
      expect(text(fromInteger(0n))).to.equal('0');
      expect(toExactDecimal('1')).to.equal(undefined);
    });
  });

  describe('remainder', () => {
    it('when both operands are finite, gives the exact truncated remainder with the smaller exponent', () => {
      expect(text(remainderDecimals(d('10'), d('3')))).to.equal('1');
      expect(text(remainderDecimals(d('5.5'), d('2')))).to.equal('1.5');
      expect(text(remainderDecimals(d('7'), d('0.25')))).to.equal('0.00');
      expect(text(remainderDecimals(d('1E+40'), d('7')))).to.equal('4');
    });

    it('when the dividend is negative, the remainder takes its sign, a zero one too', () => {
      expect(text(remainderDecimals(d('-7'), d('3')))).to.equal('-1');
      expect(text(remainderDecimals(d('7'), d('-3')))).to.equal('1');
      expect(text(remainderDecimals(d('-6'), d('3')))).to.equal('-0');
    });

    it('when an operand is special or the divisor zero, follows fmod (x mod ±Infinity is x)', () => {
      expect(text(remainderDecimals(d('1.5'), d('-Infinity')))).to.equal('1.5');
      expect(text(remainderDecimals(d('Infinity'), d('2')))).to.equal('NaN');
      expect(text(remainderDecimals(d('2'), d('0')))).to.equal('NaN');
      expect(text(remainderDecimals(d('NaN'), d('2')))).to.equal('NaN');
    });
  });

  describe('quantize', () => {
    it('when rounding half to even, ties go to the even neighbour', () => {
      expect(text(quantizeDecimal(d('1.25'), -1, 'halfEven'))).to.equal('1.2');
      expect(text(quantizeDecimal(d('1.35'), -1, 'halfEven'))).to.equal('1.4');
      expect(text(quantizeDecimal(d('-2.5'), 0, 'halfEven'))).to.equal('-2');
      expect(text(quantizeDecimal(d('1251'), 2, 'halfEven'))).to.equal('1.3E+3');
    });

    it('when rounding toward zero, toward +Infinity or toward -Infinity, the sign decides the direction', () => {
      expect(text(quantizeDecimal(d('-1.99'), 0, 'towardZero'))).to.equal('-1');
      expect(text(quantizeDecimal(d('1.01'), 0, 'ceiling'))).to.equal('2');
      expect(text(quantizeDecimal(d('-1.99'), 0, 'ceiling'))).to.equal('-1');
      expect(text(quantizeDecimal(d('1.99'), 0, 'floor'))).to.equal('1');
      expect(text(quantizeDecimal(d('-1.01'), 0, 'floor'))).to.equal('-2');
      expect(text(quantizeDecimal(d('1E-40'), 0, 'ceiling'))).to.equal('1');
    });

    it('when a negative value rounds to zero, the zero keeps the sign', () => {
      expect(text(quantizeDecimal(d('-0.4'), 0, 'halfEven'))).to.equal('-0');
      expect(text(quantizeDecimal(d('-0.5'), 0, 'ceiling'))).to.equal('-0');
    });

    it('when the target exponent is smaller, pads the coefficient with zeros', () => {
      expect(text(quantizeDecimal(d('1.5'), -2, 'halfEven'))).to.equal('1.50');
      expect(text(quantizeDecimal(d('1E+3'), 0, 'floor'))).to.equal('1000');
    });

    it('when padding would need more than 34 digits, rounds back half to even', () => {
      expect(text(quantizeDecimal(d('1234567890123456789012345678901234'), -2, 'towardZero'))).to.equal('1234567890123456789012345678901234');
    });

    it('when the value is NaN or infinite, returns it unchanged', () => {
      const infinity = d('-Infinity');
      expect(quantizeDecimal(infinity, 0, 'floor')).to.equal(infinity);
      expect(text(quantizeDecimal(d('NaN'), -2, 'halfEven'))).to.equal('NaN');
    });
  });

  describe('conversions to other numeric types', () => {
    it('when truncating to an integer, drops the fraction toward zero and expands positive exponents', () => {
      expect(truncateDecimal(d('-9.99') as FiniteDecimal)).to.equal(-9n);
      expect(truncateDecimal(d('0.999') as FiniteDecimal)).to.equal(0n);
      expect(truncateDecimal(d('1.5E+3') as FiniteDecimal)).to.equal(1500n);
      expect(truncateDecimal(d('9223372036854775807.9') as FiniteDecimal)).to.equal(9223372036854775807n);
    });

    it('when converting to a double, rounds correctly and keeps -0, NaN and infinities', () => {
      expect(decimalToDouble(d('0.1'))).to.equal(0.1);
      expect(decimalToDouble(d('1.23E-7'))).to.equal(1.23e-7);
      expect(decimalToDouble(d('9007199254740993'))).to.equal(9007199254740992);
      expect(Object.is(decimalToDouble(d('-0.00')), -0)).to.equal(true);
      expect(decimalToDouble(d('1E+400'))).to.equal(Number.POSITIVE_INFINITY);
      expect(decimalToDouble(d('-Infinity'))).to.equal(Number.NEGATIVE_INFINITY);
      expect(Number.isNaN(decimalToDouble(d('NaN')))).to.equal(true);
    });
  });

  describe('decimalArithmetic over BSON values', () => {
    it('when both operands are Decimal128, returns the exact Decimal128 result', () => {
      const result = decimalArithmetic('add', Decimal128.fromString('0.10'), Decimal128.fromString('0.20'));
      expect(result).to.be.instanceOf(Decimal128);
      expect(result.toString()).to.equal('0.30');
    });

    it('when a double meets a Decimal128, the double takes 15 digits first', () => {
      expect(decimalArithmetic('add', Decimal128.fromString('0.2'), 0.1).toString()).to.equal('0.300000000000000');
      expect(decimalArithmetic('multiply', 3, Decimal128.fromString('1.10')).toString()).to.equal('3.30');
      expect(decimalArithmetic('subtract', Decimal128.fromString('1'), Long.fromString('9007199254740993')).toString()).to.equal('-9007199254740992');
      expect(decimalArithmetic('divide', 1, Decimal128.fromString('4')).toString()).to.equal('0.25');
    });

    it('when an operand is not numeric, the result is NaN', () => {
      expect(decimalArithmetic('add', Decimal128.fromString('1'), 'x').toString()).to.equal('NaN');
    });
  });
});

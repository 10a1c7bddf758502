import { expect } from 'chai';
import { Decimal128, Long } from 'bson';
import type { Document } from './bson-values.js';
import { MongoServerError } from './errors.js';
import { evaluateExpression } from './aggregate/expression.js';
import { runPipeline } from './aggregate/pipeline.js';
import { applyUpdate } from './update/apply.js';
import type { UpdateResult } from './update/apply.js';

const dec = (text: string): Decimal128 => Decimal128.fromString(text);

function update(document: Document, spec: Document): UpdateResult {
  return applyUpdate(document, spec, { isUpsertInsert: false, now: new Date(0) });
}

/** The value as Decimal128 text, failing when it is not a Decimal128. */
function decimalText(value: unknown): string {
  expect(value).to.be.instanceOf(Decimal128);
  return String(value);
}

function evaluate(expression: unknown, document: Document = {}): string {
  return decimalText(evaluateExpression(expression, document));
}

function group(accumulator: Document, values: unknown[]): unknown {
  const input = values.map((v, i) => ({ _id: i, v }));
  const [result] = [...runPipeline(input, [{ $group: { _id: null, r: accumulator } }], { resolveCollection: () => [], variables: {} })];
  return result?.r;
}

describe('Decimal128 arithmetic wired into the server', () => {
  describe('update operators', () => {
    it('when $inc adds a Decimal128 to a Decimal128, the result is exact and keeps the scale', () => {
      const result = update({ _id: 1, total: dec('0.10') }, { $inc: { total: dec('0.20') } });
      expect(decimalText(result.document.total)).to.equal('0.30');
    });

    it('when $inc adds a double to a Decimal128, the double counts with 15 significant digits', () => {
      const result = update({ _id: 1, total: dec('0.2') }, { $inc: { total: 0.1 } });
      expect(decimalText(result.document.total)).to.equal('0.300000000000000');
    });

    it('when $inc adds a Decimal128 to an int64 beyond 2^53, no digit is lost', () => {
      const result = update({ _id: 1, n: Long.fromString('9007199254740993') }, { $inc: { n: dec('0.5') } });
      expect(decimalText(result.document.n)).to.equal('9007199254740993.5');
    });

    it('when $inc adds an int 0 to a Decimal128, the document is unchanged', () => {
      const result = update({ _id: 1, total: dec('1.10') }, { $inc: { total: 0 } });
      expect(result.modified).to.equal(false);
    });

    it('when $mul multiplies a Decimal128, the product is exact (1.10 × 3 = 3.30)', () => {
      const result = update({ _id: 1, price: dec('1.10') }, { $mul: { price: 3 } });
      expect(decimalText(result.document.price)).to.equal('3.30');
    });

    it('when $mul creates a missing field from a Decimal128, it is that decimal times zero', () => {
      const result = update({ _id: 1 }, { $mul: { a: dec('1.50'), b: dec('-2') } });
      expect(decimalText(result.document.a)).to.equal('0.00');
      expect(decimalText(result.document.b)).to.equal('-0');
    });
  });

  describe('expressions', () => {
    it('when $add sums Decimal128 values, the sum is exact with the ideal exponent', () => {
      expect(evaluate({ $add: [dec('0.1'), dec('0.2')] })).to.equal('0.3');
      expect(evaluate({ $add: ['$a', '$b', 1] }, { a: dec('1.10'), b: dec('2.20') })).to.equal('4.30');
    });

    it('when $add meets doubles before its first Decimal128, their double total converts with 34 digits', () => {
      // mongod's AddState: Decimal128(doubleTotal, kRoundTo34Digits), later operands via coerceToDecimal.
      expect(evaluate({ $add: [0.1, dec('0.2')] })).to.equal('0.3000000000000000055511151231257827');
      expect(evaluate({ $add: [dec('0.2'), 0.1] })).to.equal('0.300000000000000');
    });

    it('when $subtract has a Decimal128 operand, the difference is exact', () => {
      expect(evaluate({ $subtract: [dec('0.3'), dec('0.1')] })).to.equal('0.2');
      expect(evaluate({ $subtract: [dec('0.3'), 0.1] })).to.equal('0.200000000000000');
    });

    it('when $multiply has a Decimal128 operand, the product is exact', () => {
      expect(evaluate({ $multiply: [dec('1.10'), 3] })).to.equal('3.30');
      expect(evaluate({ $multiply: [2.5, dec('2')] })).to.equal('5.00000000000000');
    });

    it('when $divide has a Decimal128 operand, the quotient has 34 digits or the ideal exponent', () => {
      expect(evaluate({ $divide: [dec('1'), dec('3')] })).to.equal('0.3333333333333333333333333333333333');
      expect(evaluate({ $divide: [1, dec('4')] })).to.equal('0.25');
      expect(evaluate({ $divide: [dec('Infinity'), 2] })).to.equal('Infinity');
    });

    it('when $divide divides by a Decimal128 zero, fails with 2', () => {
      expect(() => evaluateExpression({ $divide: [dec('1'), dec('0.00')] }, {}))
        .to.throw(MongoServerError)
        .with.property('code', 2);
    });

    it('when $abs gets a negative Decimal128, only the sign changes', () => {
      expect(evaluate({ $abs: dec('-1.50') })).to.equal('1.50');
    });

    it('when $sum and $avg expressions see Decimal128 values, they total them exactly', () => {
      expect(evaluate({ $sum: [dec('0.1'), dec('0.2'), 1] })).to.equal('1.3');
      expect(evaluate({ $sum: '$list' }, { list: [dec('0.10'), dec('0.20'), 'x'] })).to.equal('0.30');
      expect(evaluate({ $avg: [dec('1'), dec('2'), null] })).to.equal('1.5');
    });

    it('when $sum and $avg expressions mix doubles and decimals, the doubles convert with 34 digits', () => {
      expect(evaluate({ $sum: [0.1, dec('0.2')] })).to.equal('0.3000000000000000055511151231257827');
      expect(evaluate({ $avg: [1e22, dec('9999999999999999999999.9999999999')] })).to.equal('9999999999999999999999.99999999995');
    });
  });

  describe('$group accumulators', () => {
    it('when $sum adds Decimal128 values, the sum is exact', () => {
      expect(decimalText(group({ $sum: '$v' }, [dec('0.1'), dec('0.2'), dec('0.3')]))).to.equal('0.6');
      expect(decimalText(group({ $sum: '$v' }, [dec('1.5'), 2, 'x']))).to.equal('3.5');
    });

    it('when $sum sees one Decimal128, the sum starts from mongod\'s 0E+0', () => {
      expect(decimalText(group({ $sum: '$v' }, [dec('1E+3')]))).to.equal('1000');
    });

    it('when $sum mixes doubles and decimals, the double part converts with 34 digits', () => {
      expect(decimalText(group({ $sum: '$v' }, [0.1, dec('0.2')]))).to.equal('0.3000000000000000055511151231257827');
    });

    it('when $avg averages decimals, the mean is exact to 34 digits (mongod accumulator tests)', () => {
      const twoDecimals = group({ $avg: '$v' }, [dec('-1234567890.1234567889'), dec('-1234567890.1234567891')]);
      expect(decimalText(twoDecimals)).to.equal('-1234567890.1234567890');
      const withLongs = group({ $avg: '$v' }, [
        Long.fromString('1234567890123456788'),
        Long.fromString('1234567890123456789'),
        dec('1234567890123456790.037037036703702'),
      ]);
      expect(decimalText(withLongs)).to.equal('1234567890123456789.012345678901234');
      const withDouble = group({ $avg: '$v' }, [1e22, dec('9999999999999999999999.9999999999')]);
      expect(decimalText(withDouble)).to.equal('9999999999999999999999.99999999995');
    });

    it('when $sum has no decimal input, it keeps its non-decimal result type', () => {
      expect(group({ $sum: '$v' }, [0.1, 0.2])).to.be.closeTo(0.3, 1e-15);
      expect(group({ $avg: '$v' }, ['a'])).to.equal(null);
    });
  });
});

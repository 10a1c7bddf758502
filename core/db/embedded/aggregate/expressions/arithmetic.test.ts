import { expect } from 'chai';
import { Decimal128, Long } from 'bson';
import { ev, expectCode } from './test-support.js';

describe('aggregate expressions: arithmetic', () => {
  it('when $add gets numbers, it sums them (manual: price + fee)', () => {
    expect(ev({ $add: ['$price', '$fee'] }, { price: 10, fee: 2 })).to.equal(12);
    expect(ev({ $add: [] })).to.equal(0);
  });

  it('when $add gets a date and milliseconds, it returns a later date', () => {
    const date = new Date('2014-03-01T08:00:00Z');
    expect(ev({ $add: ['$date', 3 * 24 * 60 * 60000] }, { date })).to.deep.equal(new Date('2014-03-04T08:00:00Z'));
  });

  it('when $add gets two dates, fails with 16612', () => {
    expectCode(() => ev({ $add: [new Date(0), new Date(1)] }), 16612, 'only one date allowed in an $add expression');
  });

  it('when $add meets null or missing first, it returns null before type-checking later operands', () => {
    expect(ev({ $add: [1, '$missing', 'x'] })).to.equal(null);
  });

  it('when $add gets a string, fails with TypeMismatch 14', () => {
    expectCode(() => ev({ $add: [1, 'x'] }), 14, '$add only supports numeric or date types, not string');
  });

  it('when integer sums pass 2^53, the result is an exact Long', () => {
    expect(ev({ $add: [9007199254740991, 2] })).to.deep.equal(Long.fromString('9007199254740993'));
  });

  it('when Decimal128 values are added, the sum is exact', () => {
    expect(String(ev({ $add: [Decimal128.fromString('0.1'), Decimal128.fromString('0.2')] }))).to.equal('0.3');
  });

  it('when $subtract gets two dates, it returns the milliseconds between them', () => {
    expect(ev({ $subtract: [new Date('2014-03-01T08:00:00Z'), new Date('2014-03-01T07:00:00Z')] })).to.equal(3600000);
  });

  it('when $subtract gets a date and a number, it returns an earlier date', () => {
    expect(ev({ $subtract: [new Date('2014-03-01T08:05:00Z'), 5 * 60 * 1000] })).to.deep.equal(new Date('2014-03-01T08:00:00Z'));
  });

  it('when $subtract subtracts a date from a number, fails with 14', () => {
    expectCode(() => ev({ $subtract: [5, new Date(0)] }), 14, "can't $subtract date from int");
  });

  it('when $multiply gets numbers, it multiplies; with null it returns null', () => {
    expect(ev({ $multiply: ['$price', '$quantity'] }, { price: 10, quantity: 2 })).to.equal(20);
    expect(ev({ $multiply: [2, null] })).to.equal(null);
  });

  it('when $divide divides by zero, fails with BadValue 2', () => {
    expect(ev({ $divide: ['$hours', 8] }, { hours: 80 })).to.equal(10);
    expectCode(() => ev({ $divide: [1, 0] }), 2, "can't $divide by zero");
  });

  it('when $divide gets a non-number and a null, null wins; two bad types fail with 14', () => {
    expect(ev({ $divide: ['x', null] })).to.equal(null);
    expectCode(() => ev({ $divide: ['x', 2] }), 14, '$divide only supports numeric types, not string and int');
  });

  it('when $mod is used, the remainder has the dividend sign; modulo zero fails with 16610', () => {
    expect(ev({ $mod: ['$hours', '$tasks'] }, { hours: 80, tasks: 7 })).to.equal(3);
    expect(ev({ $mod: [-5, 3] })).to.equal(-2);
    expect(ev({ $mod: [5.5, 2] })).to.equal(1.5);
    expectCode(() => ev({ $mod: [5, 0] }), 16610);
  });

  it('when $abs, $ceil and $floor get numbers, they behave as in the manual', () => {
    expect(ev({ $abs: { $subtract: [5, 8] } })).to.equal(3);
    expect(ev([{ $ceil: 9.25 }, { $ceil: -2.25 }, { $floor: 9.25 }, { $floor: -2.25 }])).to.deep.equal([10, -2, 9, -3]);
  });

  it('when a single-numeric operator gets a string, fails with 28765; null gives null', () => {
    expectCode(() => ev({ $abs: 'x' }), 28765, '$abs only supports numeric types, not string');
    expect(ev({ $sqrt: null })).to.equal(null);
  });

  it('when $round gets a half, it rounds to even (manual examples)', () => {
    expect(ev([{ $round: [10.5, 0] }, { $round: [11.5, 0] }, { $round: [12.5, 0] }, { $round: [13.5, 0] }])).to.deep.equal([10, 12, 12, 14]);
  });

  it('when $round has a place, positive and negative places work (manual examples)', () => {
    expect(ev([{ $round: [19.25, 1] }, { $round: [-45.39, 1] }, { $round: [19.25, -1] }, { $round: [-45.39, -1] }])).to.deep.equal([
      19.2, -45.4, 20, -50,
    ]);
    expect(ev([{ $round: [1234.5678, 2] }, { $round: [1234.5678, -2] }])).to.deep.equal([1234.57, 1200]);
  });

  it('when $round meets a double just below a half (2.675), it follows the binary value', () => {
    expect(ev({ $round: [2.675, 2] })).to.equal(2.67);
  });

  it('when $trunc has a place, it truncates toward zero (manual examples)', () => {
    expect(ev([{ $trunc: [19.25, 1] }, { $trunc: [-45.39, 1] }, { $trunc: [19.25, -1] }, { $trunc: [-45.39, -1] }])).to.deep.equal([
      19.2, -45.3, 10, -40,
    ]);
  });

  it('when $round gets a Decimal128, the result keeps the requested exponent', () => {
    expect(String(ev({ $round: [Decimal128.fromString('1.25'), 1] }))).to.equal('1.2');
    expect(String(ev({ $round: [Decimal128.fromString('1.5'), 2] }))).to.equal('1.50');
  });

  it('when the $round place is out of range or not integral, fails with 51083 / 51082', () => {
    expectCode(() => ev({ $round: [1, 101] }), 51083, 'cannot apply $round with precision value 101 value must be in [-20, 100]');
    expectCode(() => ev({ $round: [1, 1.5] }), 51082);
    expectCode(() => ev({ $round: [1, 2, 3] }), 28667, 'Expression $round takes at least 1 arguments, and at most 2. 3 were passed in.');
  });

  it('when $sqrt, $exp, $ln, $log and $log10 get valid input, they compute the math functions', () => {
    expect(ev([{ $sqrt: 25 }, { $exp: 0 }, { $ln: 1 }, { $log: [100, 10] }, { $log10: 1000 }])).to.deep.equal([5, 1, 0, 2, 3]);
  });

  it('when logarithms or square roots get non-positive input, fail with their codes', () => {
    expectCode(() => ev({ $sqrt: -1 }), 28714);
    expectCode(() => ev({ $ln: 0 }), 28766, "$ln's argument must be a positive number, but is 0");
    expectCode(() => ev({ $log: [8, 1] }), 28759);
    expectCode(() => ev({ $log10: -1 }), 28761);
  });

  it('when $pow has integer operands, the result is exact and widens to Long', () => {
    expect(ev({ $pow: [2, 3] })).to.equal(8);
    expect(ev({ $pow: [2, 62] })).to.deep.equal(Long.fromString('4611686018427387904'));
    expect(ev({ $pow: [2, -1] })).to.equal(0.5);
  });

  it('when $pow raises zero to a negative power, fails with 28764', () => {
    expectCode(() => ev({ $pow: [0, -1] }), 28764, '$pow cannot take a base of 0 and a negative exponent');
  });
});

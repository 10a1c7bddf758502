import { expect } from 'chai';
import { MaxKey, MinKey, ObjectId } from 'bson';
import { MongoServerError } from '../../errors.js';
import { evaluateExpression } from '../expression.js';

function ev(expression: unknown, doc: Record<string, unknown> = {}): unknown {
  return evaluateExpression(expression, doc);
}

function expectCode(run: () => unknown, code: number): void {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(MongoServerError);
    expect((error as MongoServerError).code).to.equal(code);
    return;
  }
  expect.fail(`expected error ${code}`);
}

describe('aggregate expressions: comparison, boolean, conditional', () => {
  it('when values of one type are compared, $eq/$ne/$gt/$gte/$lt/$lte/$cmp agree', () => {
    expect(ev([{ $eq: [250, 250] }, { $ne: [250, 250] }, { $gt: [300, 250] }, { $gte: [250, 250] }, { $lt: [100, 250] }, { $lte: [300, 250] }])).to.deep.equal([
      true, false, true, true, true, false,
    ]);
    expect(ev([{ $cmp: [100, 250] }, { $cmp: [250, 250] }, { $cmp: [300, 250] }])).to.deep.equal([-1, 0, 1]);
  });

  it('when values of different types are compared, BSON order applies (numbers < strings < objects)', () => {
    expect(ev({ $lt: [5, 'a'] })).to.equal(true);
    expect(ev({ $gt: [{ a: 1 }, 'z'] })).to.equal(true);
    expect(ev({ $lt: [new ObjectId(), true] })).to.equal(true);
    expect(ev({ $lt: [new MinKey(), null] })).to.equal(true);
    expect(ev({ $gt: [new MaxKey(), new Date()] })).to.equal(true);
  });

  it('when numbers of different kinds are equal, $eq is true (1 == 1.0)', () => {
    expect(ev({ $eq: [1, 1.0] })).to.equal(true);
  });

  it('when a missing field is compared with null, it is not equal and sorts lower', () => {
    expect(ev({ $eq: ['$missing', null] })).to.equal(false);
    expect(ev({ $lt: ['$missing', null] })).to.equal(true);
    expect(ev({ $eq: ['$missing', '$alsoMissing'] })).to.equal(true);
  });

  it('when $and and $or get truthy/falsy values, they coerce like MongoDB', () => {
    expect(ev([{ $and: [1, 'green'] }, { $and: [] }, { $and: [null, true] }, { $and: [0, true] }])).to.deep.equal([true, true, false, false]);
    expect(ev([{ $or: [] }, { $or: [0, ''] }, { $or: [null, false] }])).to.deep.equal([false, true, false]);
  });

  it('when $and meets a false operand, later operands are not evaluated', () => {
    expect(ev({ $and: [false, { $divide: [1, 0] }] })).to.equal(false);
  });

  it('when $not gets an array, the array is truthy even if empty (manual)', () => {
    expect(ev([{ $not: [[false]] }, { $not: [[]] }, { $not: [null] }, { $not: [0] }])).to.deep.equal([false, false, true, true]);
  });

  it('when $cond is given in array or object form, it picks then/else', () => {
    const doc = { qty: 300 };
    expect(ev({ $cond: { if: { $gte: ['$qty', 250] }, then: 30, else: 20 } }, doc)).to.equal(30);
    expect(ev({ $cond: [{ $gte: ['$qty', 500] }, 30, 20] }, doc)).to.equal(20);
  });

  it('when $cond misses a branch or has an unknown key, fails with 17081 / 17083 / 16020', () => {
    expectCode(() => ev({ $cond: { if: true, else: 1 } }), 17081);
    expectCode(() => ev({ $cond: { if: true, then: 1, else: 2, other: 3 } }), 17083);
    expectCode(() => ev({ $cond: [true, 1] }), 16020);
  });

  it('when $ifNull has several arguments, it returns the first non-null one', () => {
    expect(ev({ $ifNull: ['$description', 'Unspecified'] }, { description: null })).to.equal('Unspecified');
    expect(ev({ $ifNull: [null, '$missing', 'x', 'y'] })).to.equal('x');
    expect(ev({ $ifNull: [0, 'x'] })).to.equal(0);
  });

  it('when $ifNull gets fewer than two arguments, fails with 1257300', () => {
    expectCode(() => ev({ $ifNull: ['$a'] }), 1257300);
  });

  it('when a $switch branch matches, its then is returned; otherwise default', () => {
    const expr = { $switch: { branches: [{ case: { $gte: ['$score', 90] }, then: 'A' }, { case: { $gte: ['$score', 80] }, then: 'B' }], default: 'F' } };
    expect(ev(expr, { score: 95 })).to.equal('A');
    expect(ev(expr, { score: 85 })).to.equal('B');
    expect(ev(expr, { score: 10 })).to.equal('F');
  });

  it('when no $switch branch matches and there is no default, fails with 40066', () => {
    expectCode(() => ev({ $switch: { branches: [{ case: false, then: 1 }] } }), 40066);
  });

  it('when $switch is malformed, fails at compile time with 40068 / 40064 / 40067', () => {
    expectCode(() => ev({ $switch: { branches: [] } }), 40068);
    expectCode(() => ev({ $switch: { branches: [{ then: 1 }] } }), 40064);
    expectCode(() => ev({ $switch: { branches: [{ case: true, then: 1 }], other: 1 } }), 40067);
  });
});

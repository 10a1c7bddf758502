import { expect } from 'chai';
import { Decimal128, Long } from 'bson';
import type { Document } from '../../bson-values.js';
import { expectPipelineError, run } from './test-helpers.js';

// The manual's $group example collection (prices as doubles).
const sales: Document[] = [
  { _id: 1, item: 'abc', price: 10, quantity: 2, date: new Date('2014-03-01T08:00:00Z') },
  { _id: 2, item: 'jkl', price: 20, quantity: 1, date: new Date('2014-03-01T09:00:00Z') },
  { _id: 3, item: 'xyz', price: 5, quantity: 10, date: new Date('2014-03-15T09:00:00Z') },
  { _id: 4, item: 'xyz', price: 5, quantity: 20, date: new Date('2014-04-04T11:21:39.736Z') },
  { _id: 5, item: 'abc', price: 10, quantity: 10, date: new Date('2014-04-04T21:23:13.331Z') },
  { _id: 6, item: 'def', price: 7.5, quantity: 5, date: new Date('2015-06-04T05:08:13Z') },
  { _id: 7, item: 'def', price: 7.5, quantity: 10, date: new Date('2015-09-10T08:43:00Z') },
  { _id: 8, item: 'abc', price: 10, quantity: 5, date: new Date('2016-02-06T20:20:13Z') },
];

const gameScores: Document[] = [
  { playerId: 'PlayerA', gameId: 'G1', score: 31 },
  { playerId: 'PlayerB', gameId: 'G1', score: 33 },
  { playerId: 'PlayerC', gameId: 'G1', score: 99 },
  { playerId: 'PlayerD', gameId: 'G1', score: 1 },
  { playerId: 'PlayerA', gameId: 'G2', score: 10 },
  { playerId: 'PlayerB', gameId: 'G2', score: 14 },
  { playerId: 'PlayerC', gameId: 'G2', score: 66 },
  { playerId: 'PlayerD', gameId: 'G2', score: 80 },
];

const byId = (documents: Document[]): Document[] =>
  [...documents].sort((a, b) => String(a._id).localeCompare(String(b._id)));

describe('aggregate $group', () => {
  it('when grouping by item and filtering on a computed total, returns the manual example totals', () => {
    const result = run(
      [
        { $group: { _id: '$item', totalSaleAmount: { $sum: { $multiply: ['$price', '$quantity'] } } } },
        { $match: { totalSaleAmount: { $gte: 100 } } },
      ],
      sales,
    );
    expect(byId(result)).to.deep.equal([
      { _id: 'abc', totalSaleAmount: 170 },
      { _id: 'def', totalSaleAmount: 112.5 },
      { _id: 'xyz', totalSaleAmount: 150 },
    ]);
  });

  it('when _id is null, accumulates over every document into one group', () => {
    const result = run(
      [
        {
          $group: {
            _id: null,
            totalSaleAmount: { $sum: { $multiply: ['$price', '$quantity'] } },
            averageQuantity: { $avg: '$quantity' },
            count: { $sum: 1 },
          },
        },
      ],
      sales,
    );
    expect(result).to.deep.equal([{ _id: null, totalSaleAmount: 452.5, averageQuantity: 7.875, count: 8 }]);
  });

  it('when _id is a document of expressions, groups on the combination and omits missing fields', () => {
    const result = run([{ $group: { _id: { item: '$item', missing: '$nope' }, n: { $count: {} } } }], sales);
    expect(result.map((group) => group._id)).to.deep.equal([{ item: 'abc' }, { item: 'jkl' }, { item: 'xyz' }, { item: 'def' }]);
    expect(result.map((group) => group.n)).to.deep.equal([3, 1, 2, 2]);
  });

  it('when a document _id mixes strings and other types, equal combinations share a group, in first-seen order', () => {
    const input = [
      { a: 'x', b: 'y' },
      { a: 'x', b: 1 },
      { a: 'xy', b: '' },
      { a: 'x', b: 'y' },
      { a: 'x', b: 1.0 },
      { a: 'x' },
      { a: 'x', b: '1' },
      { a: 'x', b: null },
    ];
    const result = run([{ $group: { _id: { a: '$a', b: '$b' }, n: { $sum: 1 } } }], input);
    expect(result).to.deep.equal([
      { _id: { a: 'x', b: 'y' }, n: 2 },
      { _id: { a: 'x', b: 1 }, n: 2 },
      { _id: { a: 'xy', b: '' }, n: 1 },
      { _id: { a: 'x' }, n: 1 },
      { _id: { a: 'x', b: '1' }, n: 1 },
      { _id: { a: 'x', b: null }, n: 1 },
    ]);
  });

  it('when _id is an operator expression, groups by its value', () => {
    const result = run(
      [
        { $match: { date: { $lt: new Date('2015-01-01') } } },
        { $group: { _id: { $dateToString: { format: '%Y-%m-%d', date: '$date' } }, count: { $sum: 1 }, quantity: { $avg: '$quantity' } } },
      ],
      sales,
    );
    expect(result).to.deep.equal([
      { _id: '2014-03-01', count: 2, quantity: 1.5 },
      { _id: '2014-03-15', count: 1, quantity: 10 },
      { _id: '2014-04-04', count: 2, quantity: 15 },
    ]);
  });

  it('when keys are numerically equal across types, puts them in one group', () => {
    const input = [{ k: 1 }, { k: 1.0 }, { k: Long.fromNumber(1) }, { k: Decimal128.fromString('1') }, { k: 2 }];
    const result = run([{ $group: { _id: '$k', n: { $sum: 1 } } }], input);
    expect(result.map((group) => group.n)).to.deep.equal([4, 1]);
  });

  it('when the key is null or missing, groups both under _id null', () => {
    const result = run([{ $group: { _id: '$k', n: { $sum: 1 } } }], [{ k: null }, {}, { k: 'x' }]);
    expect(result).to.deep.equal([{ _id: null, n: 2 }, { _id: 'x', n: 1 }]);
  });

  it('when _id is {}, groups everything under the constant {}', () => {
    expect(run([{ $group: { _id: {}, n: { $sum: 1 } } }], [{ a: 1 }, { a: 2 }])).to.deep.equal([{ _id: {}, n: 2 }]);
  });

  it('when groups appear, emits them in first-seen order', () => {
    const result = run([{ $group: { _id: '$g' } }], [{ g: 'b' }, { g: 'a' }, { g: 'b' }, { g: 'c' }]);
    expect(result).to.deep.equal([{ _id: 'b' }, { _id: 'a' }, { _id: 'c' }]);
  });
});

describe('aggregate $group accumulators', () => {
  it('when $sum meets non-numeric values, ignores them', () => {
    const result = run([{ $group: { _id: null, s: { $sum: '$v' } } }], [{ v: 'a' }, { v: 1 }, { v: null }, {}, { v: 2.5 }]);
    expect(result[0]?.s).to.equal(3.5);
  });

  it('when $sum adds many doubles, compensates rounding like mongod', () => {
    const input = Array.from({ length: 10 }, () => ({ v: 0.1 }));
    expect(run([{ $group: { _id: null, s: { $sum: '$v' } } }], input)[0]?.s).to.equal(1);
  });

  it('when $sum adds longs past 2^53, stays exact and returns a Long', () => {
    const big = Long.fromBigInt(2n ** 53n);
    const result = run([{ $group: { _id: null, s: { $sum: '$v' } } }], [{ v: big }, { v: 1 }, { v: 1 }]);
    expect(result[0]?.s).to.be.instanceOf(Long);
    expect((result[0]?.s as Long).toBigInt()).to.equal(2n ** 53n + 2n);
  });

  it('when $sum sees a Decimal128, returns a Decimal128', () => {
    const result = run([{ $group: { _id: null, s: { $sum: '$v' } } }], [{ v: Decimal128.fromString('1.5') }, { v: 2 }]);
    expect(result[0]?.s).to.be.instanceOf(Decimal128);
    expect(String(result[0]?.s)).to.equal('3.5');
  });

  it('when $avg has no numeric input, returns null', () => {
    expect(run([{ $group: { _id: null, a: { $avg: '$v' } } }], [{ v: 'x' }, {}])[0]?.a).to.equal(null);
  });

  it('when $min and $max see nulls and missing fields, ignore them', () => {
    const result = run([{ $group: { _id: null, lo: { $min: '$v' }, hi: { $max: '$v' } } }], [{ v: null }, { v: 5 }, {}, { v: -2 }]);
    expect(result[0]).to.include({ lo: -2, hi: 5 });
  });

  it('when $min compares across types, uses the BSON order (numbers before strings)', () => {
    const result = run([{ $group: { _id: null, lo: { $min: '$v' }, hi: { $max: '$v' } } }], [{ v: 'a' }, { v: 3 }]);
    expect(result[0]).to.include({ lo: 3, hi: 'a' });
  });

  it('when every value is missing, $min $first and $last return null', () => {
    const result = run([{ $group: { _id: null, m: { $min: '$v' }, f: { $first: '$v' }, l: { $last: '$v' } } }], [{}, {}]);
    expect(result[0]).to.deep.equal({ _id: null, m: null, f: null, l: null });
  });

  it('when $push and $addToSet see missing values, skip them and dedupe equal values', () => {
    const input = [{ v: 1 }, {}, { v: 1.0 }, { v: null }, { v: [1] }, { v: [1] }];
    const result = run([{ $group: { _id: null, p: { $push: '$v' }, s: { $addToSet: '$v' } } }], input);
    expect(result[0]?.p).to.deep.equal([1, 1, null, [1], [1]]);
    expect(result[0]?.s).to.deep.equal([1, null, [1]]);
  });

  it('when computing $stdDevPop and $stdDevSamp, matches the manual quiz example', () => {
    const users = [{ quiz: 1, score: 85 }, { quiz: 1, score: 90 }, { quiz: 1, score: 71 }, { quiz: 2, score: 96 }, { quiz: 2, score: 77 }, { quiz: 2, score: 82 }];
    const result = run([{ $group: { _id: '$quiz', pop: { $stdDevPop: '$score' }, samp: { $stdDevSamp: '$score' } } }], users);
    expect(result[0]?.pop as number).to.be.closeTo(8.04155872120988, 1e-12);
    expect(result[0]?.samp as number).to.be.closeTo(9.848857801796104, 1e-12);
    expect(result[1]?.pop as number).to.be.closeTo(8.04155872120988, 1e-12);
  });

  it('when $stdDevSamp has a single value, returns null', () => {
    expect(run([{ $group: { _id: null, s: { $stdDevSamp: '$v' } } }], [{ v: 1 }])[0]?.s).to.equal(null);
  });

  it('when merging objects per group, later fields win (manual example)', () => {
    const input = [
      { item: 'A', quantity: { '2017Q1': 500, '2017Q2': 500 } },
      { item: 'A', quantity: { '2016Q1': 400, '2016Q2': 300, '2016Q3': 0, '2016Q4': 0 } },
      { item: 'B', quantity: { '2017Q1': 300 } },
      { item: 'B', quantity: { '2016Q3': 100, '2016Q4': 250 } },
    ];
    const result = run([{ $group: { _id: '$item', q: { $mergeObjects: '$quantity' } } }], input);
    expect(result).to.deep.equal([
      { _id: 'A', q: { '2017Q1': 500, '2017Q2': 500, '2016Q1': 400, '2016Q2': 300, '2016Q3': 0, '2016Q4': 0 } },
      { _id: 'B', q: { '2017Q1': 300, '2016Q3': 100, '2016Q4': 250 } },
    ]);
  });

  it('when $mergeObjects meets a non-object, fails with 40400', () => {
    expectPipelineError([{ $group: { _id: null, m: { $mergeObjects: '$v' } } }], 40400, /requires object inputs/, [{ v: 5 }]);
  });

  it('when using $top and $bottom, picks by sortBy (manual game scores)', () => {
    const result = run(
      [
        {
          $group: {
            _id: '$gameId',
            top: { $top: { output: ['$playerId', '$score'], sortBy: { score: -1 } } },
            bottom: { $bottom: { output: ['$playerId', '$score'], sortBy: { score: -1 } } },
          },
        },
      ],
      gameScores,
    );
    expect(result).to.deep.equal([
      { _id: 'G1', top: ['PlayerC', 99], bottom: ['PlayerD', 1] },
      { _id: 'G2', top: ['PlayerD', 80], bottom: ['PlayerA', 10] },
    ]);
  });

  it('when using $topN and $bottomN, returns n outputs in sort order', () => {
    const result = run(
      [
        {
          $group: {
            _id: '$gameId',
            topN: { $topN: { n: 3, output: '$playerId', sortBy: { score: -1 } } },
            bottomN: { $bottomN: { n: 3, output: '$playerId', sortBy: { score: -1 } } },
          },
        },
      ],
      gameScores,
    );
    expect(result[0]).to.deep.equal({ _id: 'G1', topN: ['PlayerC', 'PlayerB', 'PlayerA'], bottomN: ['PlayerB', 'PlayerA', 'PlayerD'] });
    expect(result[1]).to.deep.equal({ _id: 'G2', topN: ['PlayerD', 'PlayerC', 'PlayerB'], bottomN: ['PlayerC', 'PlayerB', 'PlayerA'] });
  });

  it('when using $firstN $lastN $maxN $minN, keeps n values each', () => {
    const result = run(
      [
        {
          $group: {
            _id: '$gameId',
            first: { $firstN: { input: '$score', n: 2 } },
            last: { $lastN: { input: '$score', n: 2 } },
            max: { $maxN: { input: '$score', n: 3 } },
            min: { $minN: { input: '$score', n: 3 } },
          },
        },
      ],
      gameScores,
    );
    expect(result[0]).to.deep.equal({ _id: 'G1', first: [31, 33], last: [99, 1], max: [99, 33, 31], min: [1, 31, 33] });
  });

  it('when n depends on the group key, evaluates it per group', () => {
    const result = run(
      [{ $group: { _id: '$gameId', s: { $firstN: { input: '$score', n: { $cond: [{ $eq: ['$_id', 'G1'] }, 1, 2] } } } } }],
      gameScores,
    );
    expect(result.map((group) => group.s)).to.deep.equal([[31], [10, 14]]);
  });

  it('when $firstN sees missing values, keeps them as null while $maxN skips them', () => {
    const result = run([{ $group: { _id: null, f: { $firstN: { input: '$v', n: 2 } }, m: { $maxN: { input: '$v', n: 2 } } } }], [{}, { v: 3 }]);
    expect(result[0]).to.deep.equal({ _id: null, f: [null, 3], m: [3] });
  });
});

describe('aggregate $group errors', () => {
  it('when _id is missing, fails with 15955', () => {
    expectPipelineError([{ $group: { n: { $sum: 1 } } }], 15955, 'a group specification must include an _id');
  });

  it('when the specification is not an object, fails with 15947', () => {
    expectPipelineError([{ $group: 'x' }], 15947, "a group's fields must be specified in an object");
  });

  it('when a field is not an accumulator object, fails with 40234', () => {
    expectPipelineError([{ $group: { _id: null, n: 1 } }], 40234, "The field 'n' must be an accumulator object");
    expectPipelineError([{ $group: { _id: null, n: { x: { $avg: '$a' } } } }], 40234);
  });

  it('when a field has two accumulators, fails with 40238', () => {
    expectPipelineError([{ $group: { _id: null, n: { $sum: 1, $max: 1 } } }], 40238, "The field 'n' must specify one accumulator");
  });

  it('when the accumulator is unknown, fails with 15952', () => {
    expectPipelineError([{ $group: { _id: null, n: { $foo: 1 } } }], 15952, "unknown group operator '$foo'");
  });

  it('when a unary accumulator gets an array, fails with 40237', () => {
    expectPipelineError([{ $group: { _id: null, s: { $sum: [] } } }], 40237, 'The $sum accumulator is a unary operator');
  });

  it('when an output name is dotted or $-prefixed, fails with 40235 / 40236', () => {
    expectPipelineError([{ $group: { _id: null, 'a.b': { $sum: 1 } } }], 40235, "The field name 'a.b' cannot contain '.'");
    expectPipelineError([{ $group: { _id: null, $a: { $sum: 1 } } }], 40236, "The field name '$a' cannot be an operator name");
  });

  it('when _id uses inclusion-style values, fails with 17390', () => {
    expectPipelineError([{ $group: { _id: { a: 1 } } }], 17390, '$group does not support inclusion-style expressions');
  });

  it('when $count has arguments, fails with BadValue', () => {
    expectPipelineError([{ $group: { _id: null, n: { $count: { x: 1 } } } }], 2, '$count takes no arguments, i.e. $count:{}');
  });

  it('when n is not a positive integer, fails with the 57879xx codes', () => {
    expectPipelineError([{ $group: { _id: null, f: { $firstN: { input: '$a', n: 'x' } } } }], 5787902);
    expectPipelineError([{ $group: { _id: null, f: { $firstN: { input: '$a', n: 1.5 } } } }], 5787903);
    expectPipelineError([{ $group: { _id: null, f: { $firstN: { input: '$a', n: 0 } } } }], 5787908, "'n' must be greater than 0, found 0");
  });

  it('when $topN misses output or has unknown arguments, fails with 5788004 / 5788002', () => {
    expectPipelineError([{ $group: { _id: null, t: { $topN: { n: 1, sortBy: { a: 1 } } } } }], 5788004, "Missing value for 'output'");
    expectPipelineError([{ $group: { _id: null, t: { $top: { n: 1, output: '$a', sortBy: { a: 1 } } } } }], 5788002, "Unknown argument to $top 'n'");
  });

  it('when the accumulator expression is invalid, fails at compile time with 168', () => {
    expectPipelineError([{ $group: { _id: { $nope: 1 } } }], 168, /Unrecognized expression '\$nope'/, []);
  });
});

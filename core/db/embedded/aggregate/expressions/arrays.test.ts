import { expect } from 'chai';
import { ev, expectCode } from './test-support.js';

describe('aggregate expressions: arrays', () => {
  it('when $arrayElemAt indexes from either end, out-of-range indexes are missing', () => {
    expect(ev([{ $arrayElemAt: [[1, 2, 3], 0] }, { $arrayElemAt: [[1, 2, 3], -1] }])).to.deep.equal([1, 3]);
    expect(ev({ $arrayElemAt: [[1, 2, 3], 15] })).to.equal(undefined);
    expect(ev({ $arrayElemAt: ['$missing', 0] })).to.equal(null);
  });

  it('when $arrayElemAt gets a non-integral index, fails with 28691', () => {
    expectCode(() => ev({ $arrayElemAt: [[1], 1.5] }), 28691);
  });

  it('when $first/$last get arrays they return ends; empty arrays give missing; scalars fail with 28689', () => {
    expect(ev([{ $first: [[1, 2, 3]] }, { $last: [[1, 2, 3]] }])).to.deep.equal([1, 3]);
    expect(ev({ $first: [[]] })).to.equal(undefined);
    expectCode(() => ev({ $first: 'abc' }), 28689, "$first's argument must be an array, but is string");
  });

  it('when $size gets a non-array (even missing), fails with 17124', () => {
    expect(ev({ $size: [[1, 2]] })).to.equal(2);
    expectCode(() => ev({ $size: '$missing' }), 17124, 'The argument to $size must be an array, but was of type: missing');
  });

  it('when $slice takes counts and positions, it follows the manual examples', () => {
    expect(
      ev([
        { $slice: [[1, 2, 3], 1, 1] },
        { $slice: [[1, 2, 3], -2] },
        { $slice: [[1, 2, 3], 15, 2] },
        { $slice: [[1, 2, 3], -15, 2] },
        { $slice: [[1, 2, 3], 2] },
      ]),
    ).to.deep.equal([[2], [2, 3], [], [1, 2], [1, 2]]);
    expectCode(() => ev({ $slice: [[1], 0, 0] }), 28729);
  });

  it('when $concatArrays gets arrays it concatenates; null gives null; scalars fail with 28664', () => {
    expect(ev({ $concatArrays: [['hello', ' '], [['world'], 'again']] })).to.deep.equal(['hello', ' ', ['world'], 'again']);
    expect(ev({ $concatArrays: [[1], '$missing'] })).to.equal(null);
    expectCode(() => ev({ $concatArrays: [[1], 2] }), 28664);
  });

  it('when $in searches, it compares values (1 equals 1.0); a non-array fails with 40081', () => {
    expect(ev([{ $in: [2, [1, 2, 3]] }, { $in: ['abc', [1, 2]] }, { $in: [[1], [[1], 2]] }])).to.deep.equal([true, false, true]);
    expectCode(() => ev({ $in: [1, '$missing'] }), 40081, '$in requires an array as a second argument, found: missing');
  });

  it('when $indexOfArray searches with bounds, it returns the first match or -1', () => {
    expect(ev([{ $indexOfArray: [['a', 'abc'], 'a'] }, { $indexOfArray: [[1, 2, 1], 1, 1] }, { $indexOfArray: [[1, 2], 5] }, { $indexOfArray: [null, 1] }])).to.deep.equal([
      0, 2, -1, null,
    ]);
    expectCode(() => ev({ $indexOfArray: ['abc', 'a'] }), 40090);
  });

  it('when $isArray and $reverseArray run, they inspect and reverse arrays', () => {
    expect(ev([{ $isArray: [[1]] }, { $isArray: ['x'] }, { $reverseArray: [[1, 2, 3]] }, { $reverseArray: null }])).to.deep.equal([true, false, [3, 2, 1], null]);
  });

  it('when $range steps up or down, it produces the manual sequences', () => {
    expect(ev([{ $range: [0, 10, 2] }, { $range: [10, 0, -2] }, { $range: [0, 10, -2] }, { $range: [1, 4] }])).to.deep.equal([
      [0, 2, 4, 6, 8],
      [10, 8, 6, 4, 2],
      [],
      [1, 2, 3],
    ]);
    expectCode(() => ev({ $range: [0, 5, 0] }), 34449);
  });

  it('when $zip transposes, shortest length wins unless useLongestLength with defaults', () => {
    expect(ev({ $zip: { inputs: [[1, 2, 3], ['a', 'b']] } })).to.deep.equal([[1, 'a'], [2, 'b']]);
    expect(ev({ $zip: { inputs: [[1, 2, 3], ['a']], useLongestLength: true, defaults: [0, 'z'] } })).to.deep.equal([[1, 'a'], [2, 'z'], [3, 'z']]);
    expectCode(() => ev({ $zip: { inputs: [[1]], defaults: [0] } }), 34466);
  });

  it('when $arrayToObject gets pairs or k/v documents, later duplicate keys win', () => {
    expect(ev({ $arrayToObject: [[['item', 'abc123'], ['qty', 25]]] })).to.deep.equal({ item: 'abc123', qty: 25 });
    expect(ev({ $arrayToObject: [[{ k: 'a', v: 1 }, { k: 'a', v: 2 }]] })).to.deep.equal({ a: 2 });
    expectCode(() => ev({ $arrayToObject: [[['a', 1], { k: 'b', v: 2 }]] }), 40396);
  });

  it('when $objectToArray runs, it lists k/v pairs in field order', () => {
    expect(ev({ $objectToArray: '$dimensions' }, { dimensions: { l: 25, w: 10, uom: 'cm' } })).to.deep.equal([
      { k: 'l', v: 25 },
      { k: 'w', v: 10 },
      { k: 'uom', v: 'cm' },
    ]);
    expectCode(() => ev({ $objectToArray: [[1]] }), 40390);
  });
});

describe('aggregate expressions: iteration ($filter, $map, $reduce, $sortArray, n-operators)', () => {
  const doc = { items: [{ item_id: 43, quantity: 2, price: 10 }, { item_id: 2, quantity: 1, price: 240 }, { item_id: 23, quantity: 3, price: 110 }] };

  it('when $filter runs with as and limit, it keeps the first matching elements', () => {
    expect(ev({ $filter: { input: '$items', as: 'item', cond: { $gte: ['$$item.price', 100] } } }, doc)).to.deep.equal([doc.items[1], doc.items[2]]);
    expect(ev({ $filter: { input: [1, 2, 3, 4], cond: { $gt: ['$$this', 1] }, limit: 2 } })).to.deep.equal([2, 3]);
  });

  it('when $filter gets a zero limit or a non-array input, fails with 327392 / 28651', () => {
    expectCode(() => ev({ $filter: { input: [1], cond: true, limit: 0 } }), 327392);
    expectCode(() => ev({ $filter: { input: 'x', cond: true } }), 28651);
  });

  it('when $map runs, missing results become null and the variable shadows outer ones', () => {
    expect(ev({ $map: { input: [1, 2], as: 'x', in: { $add: ['$$x', 1] } } })).to.deep.equal([2, 3]);
    expect(ev({ $map: { input: [{ a: 1 }, {}], in: '$$this.a' } })).to.deep.equal([1, null]);
    const nested = { $map: { input: [[1, 2], [3]], in: { $map: { input: '$$this', in: { $multiply: ['$$this', 10] } } } } };
    expect(ev(nested)).to.deep.equal([[10, 20], [30]]);
  });

  it('when $reduce folds, it matches the manual examples', () => {
    expect(ev({ $reduce: { input: ['a', 'b', 'c'], initialValue: '', in: { $concat: ['$$value', '$$this'] } } })).to.equal('abc');
    const sumProduct = {
      $reduce: {
        input: [1, 2, 3, 4],
        initialValue: { sum: 5, product: 2 },
        in: { sum: { $add: ['$$value.sum', '$$this'] }, product: { $multiply: ['$$value.product', '$$this'] } },
      },
    };
    expect(ev(sumProduct)).to.deep.equal({ sum: 15, product: 48 });
  });

  it('when $reduce input is null it returns null; a missing initialValue fails with 40078', () => {
    expect(ev({ $reduce: { input: null, initialValue: 0, in: 1 } })).to.equal(null);
    expectCode(() => ev({ $reduce: { input: [], in: 1 } }), 40078);
  });

  it('when $sortArray sorts by field or whole value, it uses BSON order', () => {
    const team = [{ name: 'pat', age: 30 }, { name: 'dallas', age: 36 }, { name: 'charlie', age: 42 }];
    expect(ev({ $sortArray: { input: team, sortBy: { age: -1 } } })).to.deep.equal([team[2], team[1], team[0]]);
    expect(ev({ $sortArray: { input: [20, 4, { a: 'Free' }, 6, 21, 5, 'Gratis', { a: null }, { a: { sale: true, price: 19 } }, 10.23, { a: 'On sale' }], sortBy: 1 } })).to.deep.equal([
      4, 5, 6, 10.23, 20, 21, 'Gratis', { a: null }, { a: 'Free' }, { a: 'On sale' }, { a: { sale: true, price: 19 } },
    ]);
    expectCode(() => ev({ $sortArray: { input: [1], sortBy: 2 } }), 2942506);
  });

  it('when $maxN/$minN run, nulls are skipped and order is descending/ascending', () => {
    expect(ev({ $maxN: { n: 2, input: [null, 2, 1, 3] } })).to.deep.equal([3, 2]);
    expect(ev({ $minN: { n: 2, input: [null, 2, 1, 3] } })).to.deep.equal([1, 2]);
  });

  it('when $firstN/$lastN run, they keep nulls; bad n fails with 5787908 / 5787902', () => {
    expect(ev({ $firstN: { n: 2, input: [null, 2, 3] } })).to.deep.equal([null, 2]);
    expect(ev({ $lastN: { n: 5, input: [1, 2] } })).to.deep.equal([1, 2]);
    expectCode(() => ev({ $firstN: { n: 0, input: [1] } }), 5787908, "'n' must be greater than 0, found 0");
    expectCode(() => ev({ $lastN: { n: 'x', input: [1] } }), 5787902);
    expectCode(() => ev({ $lastN: { n: 1, input: 'x' } }), 5788200, 'Input must be an array');
  });
});

describe('aggregate expressions: sets', () => {
  it('when $setEquals compares arrays as sets, duplicates and order do not matter', () => {
    expect(ev([{ $setEquals: [['a', 'b', 'a'], ['b', 'a']] }, { $setEquals: [['a'], ['a', 'b']] }])).to.deep.equal([true, false]);
    expectCode(() => ev({ $setEquals: [['a']] }), 17045);
  });

  it('when $setUnion/$setIntersection run, results are deduplicated and sorted; null gives null', () => {
    expect(ev({ $setUnion: [[3, 1], [2, 1, 1.0]] })).to.deep.equal([1, 2, 3]);
    expect(ev({ $setIntersection: [['a', 'b', 'c'], ['c', 'b', 'd']] })).to.deep.equal(['b', 'c']);
    expect(ev({ $setUnion: [[1], null] })).to.equal(null);
  });

  it('when $setDifference runs, it keeps first-array elements absent from the second', () => {
    expect(ev({ $setDifference: [['a', 'b', 'a', 'c'], ['b']] })).to.deep.equal(['a', 'c']);
    expectCode(() => ev({ $setDifference: ['x', []] }), 17048);
  });

  it('when $setIsSubset runs, it ignores duplicates; non-arrays fail with 17046', () => {
    expect(ev({ $setIsSubset: [['a', 'a'], ['a', 'b']] })).to.equal(true);
    expectCode(() => ev({ $setIsSubset: [null, []] }), 17046);
  });

  it('when $anyElementTrue/$allElementsTrue run, empty arrays give false/true', () => {
    expect(ev([{ $anyElementTrue: [[]] }, { $allElementsTrue: [[]] }, { $anyElementTrue: [[0, null, 'x']] }, { $allElementsTrue: [[1, [], 0]] }])).to.deep.equal([
      false, true, true, false,
    ]);
    expectCode(() => ev({ $anyElementTrue: [null] }), 17041);
  });
});

describe('aggregate expressions: $sum, $avg, $min, $max, $stdDev* in expression form', () => {
  const doc = { quizzes: [10, 6, 7], labs: [5, 8], final: 80, midterm: 75, note: 'x' };

  it('when given one array argument, they accumulate its elements (manual)', () => {
    expect(ev([{ $sum: '$quizzes' }, { $max: '$quizzes' }, { $min: '$labs' }], doc)).to.deep.equal([23, 10, 5]);
    expect(ev({ $avg: '$quizzes' }, doc)).to.be.closeTo(7.666666666666667, 1e-12);
  });

  it('when given several arguments, each is one input and non-numbers are ignored by $sum/$avg', () => {
    expect(ev([{ $avg: ['$final', '$midterm', '$note'] }, { $sum: ['$final', '$midterm', '$note'] }], doc)).to.deep.equal([77.5, 155]);
    expect(ev({ $sum: [[1, 2], 3] })).to.equal(3);
  });

  it('when there are no numeric inputs, $sum is 0 and $avg, $min, $max are null', () => {
    expect(ev([{ $sum: '$missing' }, { $avg: [[]] }, { $min: [[null]] }, { $max: '$missing' }])).to.deep.equal([0, null, null, null]);
  });

  it('when $max compares mixed types, BSON order decides', () => {
    expect(ev({ $max: [1, 'a', null] })).to.equal('a');
  });

  it('when $stdDevPop/$stdDevSamp run, they compute population and sample deviations', () => {
    expect(ev({ $stdDevPop: [[1, 2, 3, 4]] })).to.be.closeTo(1.118033988749895, 1e-12);
    expect(ev({ $stdDevSamp: [[1, 2, 3, 4]] })).to.be.closeTo(1.2909944487358056, 1e-12);
    expect(ev({ $stdDevSamp: [[1]] })).to.equal(null);
  });
});

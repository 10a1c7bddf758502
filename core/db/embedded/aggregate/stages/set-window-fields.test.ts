import { expect } from 'chai';
import type { Document } from '../../bson-values.js';
import { expectPipelineError, run } from './test-helpers.js';

// The manual's cakeSales collection.
const cakeSales: Document[] = [
  { _id: 0, type: 'chocolate', orderDate: new Date('2020-05-18T14:10:30Z'), state: 'CA', price: 13, quantity: 120 },
  { _id: 1, type: 'chocolate', orderDate: new Date('2021-03-20T11:30:05Z'), state: 'WA', price: 14, quantity: 140 },
  { _id: 2, type: 'vanilla', orderDate: new Date('2021-01-11T06:31:15Z'), state: 'CA', price: 12, quantity: 145 },
  { _id: 3, type: 'vanilla', orderDate: new Date('2020-02-08T13:13:23Z'), state: 'WA', price: 13, quantity: 104 },
  { _id: 4, type: 'strawberry', orderDate: new Date('2019-05-18T16:09:01Z'), state: 'CA', price: 41, quantity: 162 },
  { _id: 5, type: 'strawberry', orderDate: new Date('2019-01-08T06:12:03Z'), state: 'WA', price: 43, quantity: 134 },
];

const pick = (documents: Document[], field: string): unknown[] => documents.map((doc) => doc[field]);

describe('aggregate $setWindowFields', () => {
  it('when summing over [unbounded, current] per state, computes running totals (manual example)', () => {
    const result = run(
      [
        {
          $setWindowFields: {
            partitionBy: '$state',
            sortBy: { orderDate: 1 },
            output: { cumulativeQuantityForState: { $sum: '$quantity', window: { documents: ['unbounded', 'current'] } } },
          },
        },
      ],
      cakeSales,
    );
    expect(pick(result, '_id')).to.deep.equal([4, 0, 2, 5, 3, 1]);
    expect(pick(result, 'cumulativeQuantityForState')).to.deep.equal([162, 282, 427, 134, 238, 378]);
  });

  it('when averaging over a sliding [-1, 0] window, uses the previous and current documents (manual example)', () => {
    const result = run(
      [
        {
          $setWindowFields: {
            partitionBy: '$state',
            sortBy: { orderDate: 1 },
            output: { averageQuantity: { $avg: '$quantity', window: { documents: [-1, 0] } } },
          },
        },
      ],
      cakeSales,
    );
    expect(pick(result, 'averageQuantity')).to.deep.equal([162, 141, 132.5, 134, 119, 122]);
  });

  it('when no window is given, aggregates the whole partition', () => {
    const result = run([{ $setWindowFields: { partitionBy: '$state', output: { total: { $sum: '$quantity' }, n: { $count: {} } } } }], cakeSales);
    expect(pick(result, 'total')).to.deep.equal([427, 427, 427, 378, 378, 378]);
    expect(pick(result, 'n')).to.deep.equal([3, 3, 3, 3, 3, 3]);
  });

  it('when ranking, gives ties the same rank ($rank skips, $denseRank does not)', () => {
    const input = [{ s: 10 }, { s: 30 }, { s: 30 }, { s: 20 }];
    const result = run(
      [{ $setWindowFields: { sortBy: { s: -1 }, output: { rank: { $rank: {} }, dense: { $denseRank: {} }, number: { $documentNumber: {} } } } }],
      input,
    );
    expect(pick(result, 'rank')).to.deep.equal([1, 1, 3, 4]);
    expect(pick(result, 'dense')).to.deep.equal([1, 1, 2, 3]);
    expect(pick(result, 'number')).to.deep.equal([1, 2, 3, 4]);
  });

  it('when shifting by one with a default, reads the next document (manual example)', () => {
    const result = run(
      [
        {
          $setWindowFields: {
            partitionBy: '$state',
            sortBy: { quantity: -1 },
            output: { next: { $shift: { output: '$quantity', by: 1, default: 'Not available' } } },
          },
        },
      ],
      cakeSales,
    );
    expect(pick(result, 'next')).to.deep.equal([145, 120, 'Not available', 134, 104, 'Not available']);
  });

  it('when using a range window on a numeric sort field, includes documents within the offsets', () => {
    const input = [1, 2, 4, 8, 9].map((x) => ({ x }));
    const result = run(
      [{ $setWindowFields: { sortBy: { x: 1 }, output: { near: { $push: '$x', window: { range: [-1, 1] } } } } }],
      input,
    );
    expect(pick(result, 'near')).to.deep.equal([[1, 2], [1, 2], [4], [8, 9], [8, 9]]);
  });

  it('when using a range window with a time unit, offsets dates by that unit', () => {
    const day = (d: number): Date => new Date(Date.UTC(2024, 0, d));
    const input = [1, 2, 5].map((d) => ({ at: day(d), v: d }));
    const result = run(
      [{ $setWindowFields: { sortBy: { at: 1 }, output: { last2days: { $sum: '$v', window: { range: [-1, 0], unit: 'day' } } } } }],
      input,
    );
    expect(pick(result, 'last2days')).to.deep.equal([1, 3, 5]);
  });

  it('when carrying values forward with $locf and computing $expMovingAvg, walks the sorted partition', () => {
    const input = [{ t: 1, p: 10 }, { t: 2 }, { t: 3, p: 20 }];
    const result = run(
      [{ $setWindowFields: { sortBy: { t: 1 }, output: { filled: { $locf: '$p' }, ema: { $expMovingAvg: { input: '$p', N: 3 } } } } }],
      input,
    );
    expect(pick(result, 'filled')).to.deep.equal([10, 10, 20]);
    expect(pick(result, 'ema')).to.deep.equal([10, null, 15]);
  });

  it('when the window function is unknown or misused, fails with mongod errors', () => {
    expectPipelineError([{ $setWindowFields: { output: { a: { $foo: 1 } } } }], 9, 'Unrecognized window function, $foo');
    expectPipelineError([{ $setWindowFields: { output: { a: { $mergeObjects: '$x' } } } }], 9, 'Unrecognized window function, $mergeObjects');
    expectPipelineError([{ $setWindowFields: { output: { a: { $rank: {} } } } }], 5371602);
    expectPipelineError([{ $setWindowFields: { output: { a: { $sum: 1, window: { documents: [-1, 0] } } } } }], 5339901, 'Document-based bounds require a sortBy');
    expectPipelineError([{ $setWindowFields: { sortBy: { a: 1 }, output: { a: { $sum: 1, window: { documents: [1, 0] } } } } }], 9);
    expectPipelineError([{ $setWindowFields: { partitionBy: '$a' } }], 40414);
    expectPipelineError([{ $setWindowFields: 1 }], 9);
  });
});

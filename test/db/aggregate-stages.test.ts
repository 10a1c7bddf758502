import { expect } from 'chai';
import { Decimal128, type Collection, type Document } from 'mongodb';
import { salesRows } from './fixtures.js';
import { expectServerError, useDatabase, type AnyDoc } from './harness.js';

describe('aggregation: core stages and accumulators', function () {
  const ctx = useDatabase('agg_stages');
  let sales: Collection<AnyDoc>;

  beforeEach(async function () {
    sales = ctx.collection('sales');
    await sales.insertMany(salesRows());
  });

  function run(pipeline: Document[]): Promise<Document[]> {
    return sales.aggregate(pipeline).toArray();
  }

  describe('$match, $project, $addFields/$set, $unset', function () {
    it('when $match is followed by $project with a computed field, only projected fields come back', async function () {
      const docs = await run([
        { $match: { store: 's1' } },
        { $sort: { _id: 1 } },
        { $project: { _id: 0, item: 1, total: { $multiply: ['$price', '$quantity'] } } },
      ]);
      expect(docs).to.deep.equal([
        { item: 'abc', total: 20 },
        { item: 'jkl', total: 20 },
      ]);
    });

    it('when $project excludes fields, every other field is kept', async function () {
      const docs = await run([{ $match: { _id: 2 } }, { $project: { tags: 0, date: 0, store: 0 } }]);
      expect(docs).to.deep.equal([{ _id: 2, item: 'jkl', price: 20, quantity: 1 }]);
    });

    it('when $addFields, $set and $unset are chained, fields are added, nested and removed', async function () {
      const docs = await run([
        { $match: { _id: 3 } },
        { $addFields: { total: { $multiply: ['$price', '$quantity'] } } },
        { $set: { 'meta.kind': 'sale', price: '$$REMOVE' } },
        { $unset: ['date', 'tags'] },
      ]);
      expect(docs).to.deep.equal([{ _id: 3, item: 'xyz', quantity: 10, store: 's2', total: 50, meta: { kind: 'sale' } }]);
    });

    it('when $match uses $expr, it can compare fields of the document', async function () {
      const docs = await run([{ $match: { $expr: { $gte: ['$quantity', { $multiply: ['$price', 2] }] } } }, { $sort: { _id: 1 } }]);
      expect(docs.map((doc) => doc['_id'])).to.deep.equal([3, 4]);
    });

    it('when common expression operators are projected, they evaluate as documented', async function () {
      const [doc] = await run([
        { $match: { _id: 1 } },
        {
          $project: {
            _id: 0,
            label: { $concat: [{ $toUpper: '$item' }, '-', '$store'] },
            big: { $cond: [{ $gte: ['$quantity', 5] }, 'yes', 'no'] },
            missing: { $ifNull: ['$nothing', 'default'] },
            firstTag: { $arrayElemAt: ['$tags', 0] },
            tagCount: { $size: '$tags' },
            ys: { $filter: { input: '$tags', as: 't', cond: { $eq: ['$$t', 'y'] } } },
            doubled: { $map: { input: [1, 2], as: 'n', in: { $multiply: ['$$n', 2] } } },
            tier: { $switch: { branches: [{ case: { $lt: ['$price', 15] }, then: 'low' }], default: 'high' } },
            ratio: { $round: [{ $divide: ['$price', 3] }, 2] },
            literal: { $literal: '$notAPath' },
          },
        },
      ]);
      expect(doc).to.deep.equal({
        label: 'ABC-s1',
        big: 'no',
        missing: 'default',
        firstTag: 'x',
        tagCount: 2,
        ys: ['y'],
        doubled: [2, 4],
        tier: 'low',
        ratio: 3.33,
        literal: '$notAPath',
      });
    });
  });

  describe('$group', function () {
    it('when grouping by a field, the usual accumulators compute per group', async function () {
      const docs = await run([
        { $sort: { _id: 1 } },
        {
          $group: {
            _id: '$item',
            total: { $sum: { $multiply: ['$price', '$quantity'] } },
            avgQty: { $avg: '$quantity' },
            minPrice: { $min: '$price' },
            maxQty: { $max: '$quantity' },
            firstStore: { $first: '$store' },
            lastStore: { $last: '$store' },
            stores: { $push: '$store' },
            storeSet: { $addToSet: '$store' },
            n: { $sum: 1 },
            counted: { $count: {} },
          },
        },
        { $sort: { _id: 1 } },
      ]);
      expect(docs).to.deep.equal([
        { _id: 'abc', total: 120, avgQty: 6, minPrice: 10, maxQty: 10, firstStore: 's1', lastStore: 's3', stores: ['s1', 's3'], storeSet: docs[0]?.['storeSet'] as unknown, n: 2, counted: 2 },
        { _id: 'jkl', total: 20, avgQty: 1, minPrice: 20, maxQty: 1, firstStore: 's1', lastStore: 's1', stores: ['s1'], storeSet: ['s1'], n: 1, counted: 1 },
        { _id: 'xyz', total: 150, avgQty: 15, minPrice: 5, maxQty: 20, firstStore: 's2', lastStore: 's2', stores: ['s2', 's2'], storeSet: ['s2'], n: 2, counted: 2 },
      ]);
      expect(docs[0]?.['storeSet']).to.have.members(['s1', 's3']);
    });

    it('when grouping by null, one document aggregates the whole input', async function () {
      const docs = await run([{ $group: { _id: null, qty: { $sum: '$quantity' }, avgPrice: { $avg: '$price' }, n: { $sum: 1 } } }]);
      expect(docs).to.deep.equal([{ _id: null, qty: 43, avgPrice: 10, n: 5 }]);
    });

    it('when grouping by a compound key, each distinct combination is a group', async function () {
      const docs = await run([
        { $group: { _id: { store: '$store', item: '$item' }, n: { $sum: 1 } } },
        { $sort: { '_id.store': 1, '_id.item': 1 } },
      ]);
      expect(docs).to.deep.equal([
        { _id: { store: 's1', item: 'abc' }, n: 1 },
        { _id: { store: 's1', item: 'jkl' }, n: 1 },
        { _id: { store: 's2', item: 'xyz' }, n: 2 },
        { _id: { store: 's3', item: 'abc' }, n: 1 },
      ]);
    });

    it('when accumulators meet missing or non-numeric values, $sum ignores them and $avg of none is null', async function () {
      const docs = await run([{ $group: { _id: null, s: { $sum: '$nothing' }, a: { $avg: '$item' }, m: { $max: '$nothing' } } }]);
      expect(docs).to.deep.equal([{ _id: null, s: 0, a: null, m: null }]);
    });

    it('when $sum adds Decimal128 values, the total is an exact Decimal128', async function () {
      const ledger = ctx.collection('ledger');
      await ledger.insertMany(['0.1', '0.2', '0.3'].map((amount) => ({ amount: Decimal128.fromString(amount) })));
      const [row] = await ledger.aggregate([{ $group: { _id: null, total: { $sum: '$amount' } } }]).toArray();
      expect(row?.['total']).to.be.instanceOf(Decimal128);
      expect(String(row?.['total'])).to.equal('0.6');
    });

    it('when a group specification has no _id, it fails with 15955', async function () {
      const error = await expectServerError(run([{ $group: { n: { $sum: 1 } } }]), 15955);
      expect(error.message).to.contain('a group specification must include an _id');
    });
  });

  describe('$sort, $skip, $limit, $count, $unwind, $sortByCount', function () {
    it('when $sort, $skip and $limit are chained, the window follows the sort order', async function () {
      const docs = await run([{ $sort: { quantity: -1, _id: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }]);
      expect(docs).to.deep.equal([{ _id: 3 }, { _id: 5 }]);
    });

    it('when $count names a field, one document with the number of inputs comes back', async function () {
      expect(await run([{ $match: { price: { $lt: 15 } } }, { $count: 'cheap' }])).to.deep.equal([{ cheap: 4 }]);
    });

    it('when $count sees no input, no document comes back', async function () {
      expect(await run([{ $match: { price: 999 } }, { $count: 'n' }])).to.deep.equal([]);
    });

    it('when $unwind meets arrays, empty arrays, missing fields and scalars, it follows the documented rules', async function () {
      const docs = await run([{ $unwind: '$tags' }, { $sort: { _id: 1, tags: 1 } }, { $project: { tags: 1 } }]);
      expect(docs).to.deep.equal([
        { _id: 1, tags: 'x' },
        { _id: 1, tags: 'y' },
        { _id: 2, tags: 'y' },
        { _id: 5, tags: 'z' },
      ]);
    });

    it('when $unwind preserves null and empty arrays with includeArrayIndex, every document is kept with its index', async function () {
      const docs = await run([
        { $unwind: { path: '$tags', includeArrayIndex: 'idx', preserveNullAndEmptyArrays: true } },
        { $sort: { _id: 1, idx: 1 } },
        { $project: { tags: 1, idx: 1 } },
      ]);
      expect(docs).to.deep.equal([
        { _id: 1, tags: 'x', idx: 0 },
        { _id: 1, tags: 'y', idx: 1 },
        { _id: 2, tags: 'y', idx: 0 },
        { _id: 3, idx: null },
        { _id: 4, idx: null },
        { _id: 5, tags: 'z', idx: null },
      ]);
    });

    it('when $sortByCount groups by an expression, the counts come back in descending order', async function () {
      const docs = await run([{ $sortByCount: '$store' }]);
      expect(docs.map((doc) => doc['count'])).to.deep.equal([2, 2, 1]);
      expect(docs.slice(0, 2).map((doc) => doc['_id'])).to.have.members(['s1', 's2']);
      expect(docs[2]).to.deep.equal({ _id: 's3', count: 1 });
    });

    it('when the collection does not exist, the aggregation returns no documents', async function () {
      expect(await ctx.collection('nothing').aggregate([{ $match: {} }]).toArray()).to.deep.equal([]);
    });
  });
});

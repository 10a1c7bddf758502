import { expect } from 'chai';
import type { Collection, Document } from 'mongodb';
import { salesRows } from './fixtures.js';
import { expectServerError, useDatabase, type AnyDoc } from './harness.js';

describe('aggregation: $lookup, $facet, $bucket, $replaceRoot, $unionWith', function () {
  const ctx = useDatabase('agg_lookup');
  let sales: Collection<AnyDoc>;
  let stores: Collection<AnyDoc>;

  beforeEach(async function () {
    sales = ctx.collection('sales');
    stores = ctx.collection('stores');
    await sales.insertMany(salesRows());
    await stores.insertMany([
      { _id: 's1', city: 'Paris', open: true },
      { _id: 's2', city: 'Lyon', open: false },
      { _id: 's9', city: 'Nice', open: true },
    ]);
  });

  function run(pipeline: Document[]): Promise<Document[]> {
    return sales.aggregate(pipeline).toArray();
  }

  describe('$lookup', function () {
    it('when joined by localField/foreignField, each document gets the array of matches (empty when none)', async function () {
      const docs = await run([
        { $lookup: { from: stores.collectionName, localField: 'store', foreignField: '_id', as: 'storeInfo' } },
        { $sort: { _id: 1 } },
        { $project: { store: 1, cities: '$storeInfo.city' } },
      ]);
      expect(docs).to.deep.equal([
        { _id: 1, store: 's1', cities: ['Paris'] },
        { _id: 2, store: 's1', cities: ['Paris'] },
        { _id: 3, store: 's2', cities: ['Lyon'] },
        { _id: 4, store: 's2', cities: ['Lyon'] },
        { _id: 5, store: 's3', cities: [] },
      ]);
    });

    it('when the local field is an array, any element can match the foreign field', async function () {
      const orders = ctx.collection('orders');
      await orders.insertOne({ _id: 'o1', storeIds: ['s9', 's1', 'zz'] });
      const [doc] = await orders
        .aggregate([{ $lookup: { from: stores.collectionName, localField: 'storeIds', foreignField: '_id', as: 'found' } }])
        .toArray();
      expect((doc?.['found'] as Document[]).map((store) => store['_id'])).to.have.members(['s1', 's9']);
    });

    it('when the local field is missing, it matches foreign documents whose field is null or missing', async function () {
      const left = ctx.collection('left');
      const right = ctx.collection('right');
      await left.insertOne({ _id: 'no-key' });
      await right.insertMany([{ _id: 1, k: null }, { _id: 2 }, { _id: 3, k: 'v' }]);
      const [doc] = await left.aggregate([{ $lookup: { from: right.collectionName, localField: 'k', foreignField: 'k', as: 'm' } }]).toArray();
      expect((doc?.['m'] as Document[]).map((match) => match['_id'])).to.have.members([1, 2]);
    });

    it('when the foreign collection does not exist, every document gets an empty array', async function () {
      const docs = await run([{ $lookup: { from: 'no_such_collection', localField: 'store', foreignField: '_id', as: 'x' } }]);
      expect(docs.every((doc) => Array.isArray(doc['x']) && (doc['x'] as unknown[]).length === 0)).to.equal(true);
    });

    it('when the pipeline form uses let and $expr, the sub-pipeline sees the variables and can add stages', async function () {
      const docs = await run([
        { $match: { _id: { $in: [1, 3] } } },
        {
          $lookup: {
            from: stores.collectionName,
            let: { storeId: '$store' },
            pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$storeId'] } } }, { $project: { _id: 0, city: 1 } }],
            as: 'storeInfo',
          },
        },
        { $sort: { _id: 1 } },
        { $project: { storeInfo: 1 } },
      ]);
      expect(docs).to.deep.equal([
        { _id: 1, storeInfo: [{ city: 'Paris' }] },
        { _id: 3, storeInfo: [{ city: 'Lyon' }] },
      ]);
    });

    it('when localField/foreignField are combined with a pipeline (5.0+), both the join and the pipeline apply', async function () {
      const docs = await run([
        { $match: { _id: { $in: [1, 3] } } },
        {
          $lookup: {
            from: stores.collectionName,
            localField: 'store',
            foreignField: '_id',
            pipeline: [{ $match: { open: true } }],
            as: 'openStore',
          },
        },
        { $sort: { _id: 1 } },
        { $project: { n: { $size: '$openStore' } } },
      ]);
      expect(docs).to.deep.equal([
        { _id: 1, n: 1 },
        { _id: 3, n: 0 },
      ]);
    });
  });

  describe('$facet and $bucket', function () {
    it('when $facet runs sub-pipelines, one document holds each result array', async function () {
      const docs = await run([
        {
          $facet: {
            byStore: [{ $sortByCount: '$store' }, { $match: { count: 1 } }],
            cheap: [{ $match: { price: { $lte: 5 } } }, { $count: 'n' }],
            top: [{ $sort: { quantity: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
          },
        },
      ]);
      expect(docs).to.deep.equal([{ byStore: [{ _id: 's3', count: 1 }], cheap: [{ n: 2 }], top: [{ _id: 4 }] }]);
    });

    it('when $bucket has boundaries, a default and output, documents fall into [lower, upper) buckets', async function () {
      const docs = await run([
        {
          $bucket: {
            groupBy: '$quantity',
            boundaries: [0, 5, 15],
            default: 'large',
            output: { n: { $sum: 1 }, ids: { $push: '$_id' } },
          },
        },
      ]);
      expect(docs).to.deep.equal([
        { _id: 0, n: 2, ids: docs[0]?.['ids'] as unknown },
        { _id: 5, n: 2, ids: docs[1]?.['ids'] as unknown },
        { _id: 'large', n: 1, ids: [4] },
      ]);
      expect(docs[0]?.['ids']).to.have.members([1, 2]);
      expect(docs[1]?.['ids']).to.have.members([3, 5]);
    });

    it('when $bucket has no output, each bucket only counts its documents', async function () {
      const docs = await run([{ $bucket: { groupBy: '$price', boundaries: [0, 10, 100] } }]);
      expect(docs).to.deep.equal([
        { _id: 0, count: 2 },
        { _id: 10, count: 3 },
      ]);
    });

    it('when a value falls outside the boundaries and no default is given, it fails with 40066', async function () {
      await expectServerError(run([{ $bucket: { groupBy: '$quantity', boundaries: [0, 5] } }]), 40066);
    });
  });

  describe('$replaceRoot, $replaceWith, $unionWith', function () {
    it('when $replaceRoot promotes an embedded document, it becomes the whole document', async function () {
      const docs = await run([
        { $match: { _id: 2 } },
        { $project: { inner: { item: '$item', qty: '$quantity' } } },
        { $replaceRoot: { newRoot: '$inner' } },
      ]);
      expect(docs).to.deep.equal([{ item: 'jkl', qty: 1 }]);
    });

    it('when $replaceWith merges documents, later fields win', async function () {
      const docs = await run([
        { $match: { _id: 2 } },
        { $replaceWith: { $mergeObjects: [{ item: 'default', extra: true }, { item: '$item', store: '$store' }] } },
      ]);
      expect(docs).to.deep.equal([{ item: 'jkl', extra: true, store: 's1' }]);
    });

    it('when $unionWith appends another collection through its own pipeline, both sets of documents flow on', async function () {
      const docs = await run([
        { $project: { _id: 0, name: '$item' } },
        { $unionWith: { coll: stores.collectionName, pipeline: [{ $project: { _id: 0, name: '$city' } }] } },
        { $group: { _id: null, names: { $addToSet: '$name' } } },
      ]);
      expect(docs[0]?.['names']).to.have.members(['abc', 'jkl', 'xyz', 'Paris', 'Lyon', 'Nice']);
    });
  });

  describe('invalid pipelines', function () {
    it('when a stage name is unknown, it fails with 40324', async function () {
      const error = await expectServerError(run([{ $frobnicate: {} }]), 40324);
      expect(error.message).to.contain("Unrecognized pipeline stage name: '$frobnicate'");
    });

    it('when an expression operator is unknown, it fails with 168 InvalidPipelineOperator', async function () {
      const error = await expectServerError(run([{ $project: { x: { $frobnicate: 1 } } }]), 168);
      expect(error.message).to.contain("Unrecognized expression '$frobnicate'");
    });
  });
});

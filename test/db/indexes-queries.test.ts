import { expect } from 'chai';
import type { Collection, Document, Filter, Sort } from 'mongodb';
import { expectServerError, useDatabase, winningPlanStages, type AnyDoc } from './harness.js';

describe('indexes: query plans and results', function () {
  const ctx = useDatabase('index_queries');

  async function metricsRows(): Promise<Collection<AnyDoc>> {
    const collection = ctx.collection('metrics');
    const rows: AnyDoc[] = [];
    for (let campaign = 0; campaign < 10; campaign++) {
      for (let day = 0; day < 100; day++) rows.push({ campaign: `c${campaign}`, day, spend: (campaign * 7 + day) % 13 });
    }
    await collection.insertMany(rows);
    return collection;
  }

  async function plan(collection: Collection<AnyDoc>, filter: Filter<AnyDoc>, sort?: Sort, hint?: Document): Promise<Document> {
    const cursor = collection.find(filter);
    if (sort) cursor.sort(sort);
    if (hint) cursor.hint(hint);
    return cursor.explain('queryPlanner');
  }

  describe('explain', function () {
    it('when an equality query has a matching index, the winning plan is an IXSCAN on that index', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ day: 1 });
      const stages = winningPlanStages(await plan(collection, { day: 42 }));
      expect(stages).to.deep.include({ stage: 'IXSCAN', indexName: 'day_1' });
      expect(stages.map((stage) => stage.stage)).to.not.include('COLLSCAN');
    });

    it('when no index covers the filter, the winning plan is a COLLSCAN', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ day: 1 });
      const stages = winningPlanStages(await plan(collection, { spend: 3 })).map((stage) => stage.stage);
      expect(stages).to.include('COLLSCAN');
      expect(stages).to.not.include('IXSCAN');
    });

    it('when a compound index serves equality on its prefix plus a range and sort on the next field, no SORT stage is needed', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ campaign: 1, day: 1 });
      const stages = winningPlanStages(await plan(collection, { campaign: 'c3', day: { $gte: 10, $lt: 20 } }, { day: -1 }));
      expect(stages).to.deep.include({ stage: 'IXSCAN', indexName: 'campaign_1_day_1' });
      expect(stages.map((stage) => stage.stage)).to.not.include('SORT');
    });

    it('when the filter only names the second field of a compound index, the query scans the collection', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ campaign: 1, day: 1 });
      const stages = winningPlanStages(await plan(collection, { day: 5 })).map((stage) => stage.stage);
      expect(stages).to.include('COLLSCAN');
    });

    it('when a query hints an index by key pattern, that index is used', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ spend: 1 });
      const stages = winningPlanStages(await plan(collection, { spend: { $gte: 0 } }, undefined, { spend: 1 }));
      expect(stages).to.deep.include({ stage: 'IXSCAN', indexName: 'spend_1' });
    });

    it('when an aggregation starts with a $match on an indexed field, its explain shows the IXSCAN', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ day: 1 });
      const explain = await collection.aggregate([{ $match: { day: 42 } }, { $project: { spend: 1 } }]).explain('queryPlanner');
      expect(winningPlanStages(explain)).to.deep.include({ stage: 'IXSCAN', indexName: 'day_1' });
    });

    it('when a query hints an index that does not exist, it fails with 2 BadValue', async function () {
      const collection = await metricsRows();
      const error = await expectServerError(collection.find({ day: 1 }).hint({ nothing: 1 }).toArray(), 2);
      expect(error.message).to.contain('hint provided does not correspond to an existing index');
    });
  });

  describe('results through an index equal results of a collection scan', function () {
    it('when a compound index serves equality + range + sort, the rows and their order are exact', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ campaign: 1, day: 1 });
      const docs = await collection.find({ campaign: 'c3', day: { $gte: 10, $lt: 15 } }, { projection: { _id: 0, day: 1 } }).sort({ day: -1 }).toArray();
      expect(docs.map((doc) => doc['day'])).to.deep.equal([14, 13, 12, 11, 10]);
    });

    it('when indexed values have mixed types, range queries keep type bracketing', async function () {
      const collection = ctx.collection('mixed');
      await collection.insertMany([
        { _id: 1, v: 1 }, { _id: 2, v: 5 }, { _id: 3, v: '7' }, { _id: 4, v: null }, { _id: 5 },
        { _id: 6, v: [0, 9] }, { _id: 7, v: new Date(5) }, { _id: 8, v: 2.5 },
      ]);
      await collection.createIndex({ v: 1 });
      for (const filter of [{ v: { $gt: 2 } }, { v: { $lte: 5 } }, { v: null }, { v: { $in: [1, '7'] } }, { v: { $ne: 5 } }]) {
        const viaIndex = await collection.find(filter).sort({ _id: 1 }).toArray();
        const viaScan = await collection.find(filter).hint({ $natural: 1 }).sort({ _id: 1 }).toArray();
        expect(viaIndex, JSON.stringify(filter)).to.deep.equal(viaScan);
      }
      const greater = await collection.find({ v: { $gt: 2 } }).sort({ _id: 1 }).toArray();
      expect(greater.map((doc) => doc._id)).to.deep.equal([2, 6, 8]);
    });

    it('when a sparse index exists, a query for null still returns documents that lack the field', async function () {
      const collection = ctx.collection('sparse');
      await collection.insertMany([{ _id: 1, x: 1 }, { _id: 2 }, { _id: 3, x: null }]);
      await collection.createIndex({ x: 1 }, { sparse: true });
      const docs = await collection.find({ x: null }).sort({ _id: 1 }).toArray();
      expect(docs.map((doc) => doc._id)).to.deep.equal([2, 3]);
    });

    it('when a partial index exists, queries outside its filter still see every document', async function () {
      const collection = ctx.collection('partial');
      await collection.insertMany([{ _id: 1, k: 1, on: true }, { _id: 2, k: 1, on: false }, { _id: 3, k: 2 }]);
      await collection.createIndex({ k: 1 }, { partialFilterExpression: { on: true } });
      expect((await collection.find({ k: 1 }).sort({ _id: 1 }).toArray()).map((doc) => doc._id)).to.deep.equal([1, 2]);
    });

    it('when a multikey index exists, array queries and sorts still follow MongoDB semantics', async function () {
      const collection = ctx.collection('multikey');
      await collection.insertMany([{ _id: 1, t: [3, 9] }, { _id: 2, t: [1] }, { _id: 3, t: 5 }, { _id: 4, t: [] }]);
      await collection.createIndex({ t: 1 });
      expect((await collection.find({ t: { $gt: 4 } }).sort({ _id: 1 }).toArray()).map((doc) => doc._id)).to.deep.equal([1, 3]);
      expect((await collection.find({}).sort({ t: 1, _id: 1 }).toArray()).map((doc) => doc._id)).to.deep.equal([4, 2, 1, 3]);
    });

    it('when documents change after the index is built, queries through the index see the changes', async function () {
      const collection = await metricsRows();
      await collection.createIndex({ campaign: 1, day: 1 });
      await collection.updateMany({ campaign: 'c1', day: { $lt: 50 } }, { $set: { campaign: 'moved' } });
      await collection.deleteMany({ campaign: 'c1', day: { $gte: 90 } });
      expect(await collection.countDocuments({ campaign: 'c1' })).to.equal(40);
      expect(await collection.countDocuments({ campaign: 'moved', day: { $gte: 40 } })).to.equal(10);
    });
  });
});

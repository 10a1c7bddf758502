import { expect } from 'chai';
import { ObjectId } from 'mongodb';
import { asUpdate, useDatabase } from './harness.js';

describe('CRUD: upserts and replacements', function () {
  const ctx = useDatabase('upsert');

  describe('upsert seeding', function () {
    it('when an upsert inserts, the new document is built from the equality fields of the filter plus the update', async function () {
      const collection = ctx.collection();
      const result = await collection.updateOne(
        { a: 1, 'b.c': 2, $and: [{ d: 3 }], e: { $gt: 5 }, f: { $eq: 7 } },
        { $set: { x: 1 }, $setOnInsert: { created: true } },
        { upsert: true },
      );
      expect(result.upsertedCount).to.equal(1);
      expect(result.matchedCount).to.equal(0);
      expect(result.upsertedId).to.be.instanceOf(ObjectId);
      const stored = await collection.findOne({ _id: result.upsertedId as ObjectId }, { projection: { _id: 0 } });
      expect(stored).to.deep.equal({ a: 1, b: { c: 2 }, d: 3, f: 7, x: 1, created: true });
    });

    it('when the filter names an _id, the upserted document uses it', async function () {
      const collection = ctx.collection();
      const result = await collection.updateOne({ _id: 'chosen' }, { $set: { v: 1 } }, { upsert: true });
      expect(result.upsertedId).to.equal('chosen');
      expect(await collection.findOne({ _id: 'chosen' })).to.deep.equal({ _id: 'chosen', v: 1 });
    });

    it('when the filter uses $or with several clauses, none of its fields seed the new document', async function () {
      const collection = ctx.collection();
      const result = await collection.updateOne({ $or: [{ a: 1 }, { a: 2 }] }, { $set: { v: 1 } }, { upsert: true });
      const stored = await collection.findOne({ _id: result.upsertedId as ObjectId }, { projection: { _id: 0 } });
      expect(stored).to.deep.equal({ v: 1 });
    });

    it('when an upsert increments a field fixed by the filter, the operator applies on top of the seed', async function () {
      const collection = ctx.collection();
      await collection.updateOne({ k: 'n', count: 1 }, asUpdate({ $inc: { count: 1 } }), { upsert: true });
      const stored = await collection.findOne({ k: 'n' }, { projection: { _id: 0 } });
      expect(stored).to.deep.equal({ k: 'n', count: 2 });
    });

    it('when an upsert matches an existing document, it updates it and $setOnInsert is ignored', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ _id: 1, k: 'a', v: 0 });
      const result = await collection.updateOne({ k: 'a' }, { $set: { v: 1 }, $setOnInsert: { created: true } }, { upsert: true });
      expect(result.matchedCount).to.equal(1);
      expect(result.upsertedCount).to.equal(0);
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, k: 'a', v: 1 });
    });

    it('when updateMany upserts and nothing matches, exactly one document is inserted', async function () {
      const collection = ctx.collection();
      const result = await collection.updateMany({ group: 'g' }, { $set: { seen: true } }, { upsert: true });
      expect(result.upsertedCount).to.equal(1);
      expect(await collection.countDocuments({ group: 'g', seen: true })).to.equal(1);
    });

    it('when a pipeline update upserts, the pipeline runs on the document seeded from the filter', async function () {
      const collection = ctx.collection();
      await collection.updateOne({ k: 'p' }, [{ $set: { n: 1, copy: '$k' } }], { upsert: true });
      const stored = await collection.findOne({ k: 'p' }, { projection: { _id: 0 } });
      expect(stored).to.deep.equal({ k: 'p', n: 1, copy: 'p' });
    });

    it('when the raw update command upserts, the reply lists upserted[{index, _id}] and n', async function () {
      const collection = ctx.collection();
      const reply = await ctx.db.command({
        update: collection.collectionName,
        updates: [
          { q: { k: 1 }, u: { $set: { v: 1 } }, upsert: true },
          { q: { k: 2 }, u: { $set: { v: 2 } }, upsert: true },
        ],
      });
      expect(reply['n']).to.equal(2);
      expect(reply['nModified']).to.equal(0);
      const upserted = reply['upserted'] as Array<{ index: number; _id: unknown }>;
      expect(upserted.map((entry) => entry.index)).to.deep.equal([0, 1]);
      expect(upserted[0]?._id).to.be.instanceOf(ObjectId);
    });
  });

  describe('replaceOne', function () {
    it('when a document is replaced, every old field except _id is gone and the new fields are stored', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ _id: 1, a: 1, b: 2 });
      const result = await collection.replaceOne({ _id: 1 }, { c: 3 });
      expect(result.matchedCount).to.equal(1);
      expect(result.modifiedCount).to.equal(1);
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, c: 3 });
    });

    it('when replaceOne upserts, the new document is the replacement plus the _id of the filter', async function () {
      const collection = ctx.collection();
      const result = await collection.replaceOne({ _id: 'r1', ignored: 5 }, { v: 1 }, { upsert: true });
      expect(result.upsertedId).to.equal('r1');
      expect(await collection.findOne({ _id: 'r1' })).to.deep.equal({ _id: 'r1', v: 1 });
    });

    it('when the raw update command has an empty replacement document, the document keeps only its _id', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ _id: 1, a: 1 });
      const reply = await ctx.db.command({ update: collection.collectionName, updates: [{ q: { _id: 1 }, u: {} }] });
      expect(reply['nModified']).to.equal(1);
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1 });
    });

    it('when the raw update command has multi: true with a replacement document, it fails with 9 FailedToParse', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ _id: 1, a: 1 });
      const reply = await ctx.db.command({
        update: collection.collectionName,
        updates: [{ q: {}, u: { a: 2 }, multi: true }],
      });
      const writeErrors = reply['writeErrors'] as Array<{ code: number; errmsg: string }>;
      expect(writeErrors?.[0]?.code).to.equal(9);
      expect(writeErrors?.[0]?.errmsg).to.contain('multi update is not supported for replacement-style update');
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, a: 1 });
    });
  });
});

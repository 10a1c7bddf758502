import { expect } from 'chai';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { asUpdate, expectRejection, useDatabase, type AnyDoc } from './harness.js';

describe('CRUD: delete and bulkWrite', function () {
  const ctx = useDatabase('delete_bulk');
  let collection: Collection<AnyDoc>;

  beforeEach(async function () {
    collection = ctx.collection('rows');
    await collection.insertMany([
      { _id: 1, g: 'a', v: 1 },
      { _id: 2, g: 'a', v: 2 },
      { _id: 3, g: 'b', v: 3 },
      { _id: 4, g: 'b', v: 4 },
      { _id: 5, g: 'c', v: 5 },
    ]);
  });

  describe('delete', function () {
    it('when deleteOne matches several documents, exactly one is deleted', async function () {
      const result = await collection.deleteOne({ g: 'a' });
      expect(result.deletedCount).to.equal(1);
      expect(await collection.countDocuments({ g: 'a' })).to.equal(1);
    });

    it('when deleteMany has a filter, every matching document is deleted', async function () {
      const result = await collection.deleteMany({ v: { $gte: 3 } });
      expect(result.deletedCount).to.equal(3);
      expect((await collection.find().toArray()).map((doc) => doc._id)).to.deep.equal([1, 2]);
    });

    it('when deleteMany has an empty filter, the collection is emptied but still exists', async function () {
      const result = await collection.deleteMany({});
      expect(result.deletedCount).to.equal(5);
      expect(await collection.countDocuments()).to.equal(0);
      const names = (await ctx.db.listCollections({ name: collection.collectionName }).toArray()).map((info) => info.name);
      expect(names).to.deep.equal([collection.collectionName]);
    });

    it('when nothing matches, deletedCount is 0', async function () {
      expect((await collection.deleteMany({ g: 'zzz' })).deletedCount).to.equal(0);
    });

    it('when the raw delete command has limit 1 and 0 entries, it reports n for both', async function () {
      const reply = await ctx.db.command({
        delete: collection.collectionName,
        deletes: [
          { q: { g: 'b' }, limit: 1 },
          { q: { g: 'a' }, limit: 0 },
        ],
      });
      expect(reply['n']).to.equal(3);
      expect(await collection.countDocuments()).to.equal(2);
    });
  });

  describe('bulkWrite', function () {
    it('when an ordered bulkWrite mixes every operation type, each count is reported', async function () {
      const operations: AnyBulkWriteOperation<AnyDoc>[] = [
        { insertOne: { document: { _id: 10, g: 'n', v: 10 } } },
        { updateOne: { filter: { _id: 1 }, update: asUpdate({ $inc: { v: 100 } }) } },
        { updateMany: { filter: { g: 'b' }, update: { $set: { flag: true } } } },
        { replaceOne: { filter: { _id: 5 }, replacement: { g: 'c', v: 50 } } },
        { deleteOne: { filter: { _id: 2 } } },
        { updateOne: { filter: { _id: 20 }, update: { $set: { g: 'u' } }, upsert: true } },
        { deleteMany: { filter: { g: 'none' } } },
      ];
      const result = await collection.bulkWrite(operations);
      expect(result.insertedCount).to.equal(1);
      expect(result.matchedCount).to.equal(4);
      expect(result.modifiedCount).to.equal(4);
      expect(result.deletedCount).to.equal(1);
      expect(result.upsertedCount).to.equal(1);
      expect(result.upsertedIds).to.deep.equal({ 5: 20 });
      expect(await collection.findOne({ _id: 1 })).to.deep.equal({ _id: 1, g: 'a', v: 101 });
      expect(await collection.findOne({ _id: 5 })).to.deep.equal({ _id: 5, g: 'c', v: 50 });
    });

    it('when an ordered bulkWrite fails at an operation, later operations are not applied', async function () {
      const error = await expectRejection(
        collection.bulkWrite([
          { updateOne: { filter: { _id: 1 }, update: { $set: { touched: true } } } },
          { insertOne: { document: { _id: 2 } } },
          { deleteOne: { filter: { _id: 3 } } },
        ]),
      );
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      const bulkError = error as MongoBulkWriteError;
      expect([bulkError.writeErrors].flat().map((entry) => entry.index)).to.deep.equal([1]);
      expect(await collection.countDocuments({ touched: true })).to.equal(1);
      expect(await collection.countDocuments({ _id: 3 })).to.equal(1);
    });

    it('when an unordered bulkWrite has failures, the others still apply and each error keeps its operation index', async function () {
      const error = await expectRejection(
        collection.bulkWrite(
          [
            { insertOne: { document: { _id: 1 } } },
            { deleteOne: { filter: { _id: 3 } } },
            { insertOne: { document: { _id: 30 } } },
            { insertOne: { document: { _id: 4 } } },
            { updateOne: { filter: { _id: 5 }, update: { $set: { seen: true } } } },
          ],
          { ordered: false },
        ),
      );
      const bulkError = error as MongoBulkWriteError;
      expect([bulkError.writeErrors].flat().map((entry) => entry.index)).to.have.members([0, 3]);
      expect(bulkError.insertedCount).to.equal(1);
      expect(bulkError.deletedCount).to.equal(1);
      expect(bulkError.modifiedCount).to.equal(1);
      expect(await collection.countDocuments({ _id: { $in: [3] } })).to.equal(0);
      expect(await collection.countDocuments({ _id: 30 })).to.equal(1);
    });
  });
});

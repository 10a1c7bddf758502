import { expect } from 'chai';
import { ObjectId, type Collection } from 'mongodb';
import { asUpdate, useDatabase, type AnyDoc } from './harness.js';

describe('CRUD: findOneAndUpdate / Replace / Delete and findAndModify', function () {
  const ctx = useDatabase('find_and_modify');
  let collection: Collection<AnyDoc>;

  beforeEach(async function () {
    collection = ctx.collection('fam');
    await collection.insertMany([
      { _id: 1, k: 'a', n: 3, extra: 'x' },
      { _id: 2, k: 'a', n: 1, extra: 'y' },
      { _id: 3, k: 'b', n: 2, extra: 'z' },
    ]);
  });

  describe('findOneAndUpdate', function () {
    it('when returnDocument is not given, the document as it was before the update is returned', async function () {
      const before = await collection.findOneAndUpdate({ _id: 3 }, asUpdate({ $inc: { n: 10 } }));
      expect(before).to.deep.equal({ _id: 3, k: 'b', n: 2, extra: 'z' });
      expect((await collection.findOne({ _id: 3 }))?.['n']).to.equal(12);
    });

    it('when returnDocument is "after", the updated document is returned', async function () {
      const after = await collection.findOneAndUpdate({ _id: 3 }, { $set: { n: 0 } }, { returnDocument: 'after' });
      expect(after).to.deep.equal({ _id: 3, k: 'b', n: 0, extra: 'z' });
    });

    it('when several documents match and a sort is given, the first in sort order is updated', async function () {
      const after = await collection.findOneAndUpdate({ k: 'a' }, { $set: { picked: true } }, { sort: { n: 1 }, returnDocument: 'after' });
      expect(after?._id).to.equal(2);
      expect(await collection.countDocuments({ picked: true })).to.equal(1);
    });

    it('when a projection is given, the returned document is projected', async function () {
      const after = await collection.findOneAndUpdate(
        { _id: 1 },
        { $set: { n: 4 } },
        { projection: { n: 1, _id: 0 }, returnDocument: 'after' },
      );
      expect(after).to.deep.equal({ n: 4 });
    });

    it('when upsert inserts with returnDocument "after", the new document is returned', async function () {
      const after = await collection.findOneAndUpdate(
        { k: 'new' },
        { $set: { n: 9 }, $setOnInsert: { fresh: true } },
        { upsert: true, returnDocument: 'after' },
      );
      const { _id, ...rest } = after ?? {};
      expect(_id).to.be.instanceOf(ObjectId);
      expect(rest).to.deep.equal({ k: 'new', n: 9, fresh: true });
    });

    it('when upsert inserts with returnDocument "before", null is returned and the document exists', async function () {
      const before = await collection.findOneAndUpdate({ k: 'new2' }, { $set: { n: 1 } }, { upsert: true });
      expect(before).to.equal(null);
      expect(await collection.countDocuments({ k: 'new2' })).to.equal(1);
    });

    it('when nothing matches and upsert is off, null is returned', async function () {
      expect(await collection.findOneAndUpdate({ k: 'none' }, { $set: { n: 1 } })).to.equal(null);
    });

    it('when includeResultMetadata is set, lastErrorObject reports updatedExisting', async function () {
      const result = await collection.findOneAndUpdate({ _id: 1 }, { $set: { n: 5 } }, { includeResultMetadata: true });
      expect(result.ok).to.equal(1);
      expect(result.lastErrorObject?.['n']).to.equal(1);
      expect(result.lastErrorObject?.['updatedExisting']).to.equal(true);
      expect(result.value?.['n']).to.equal(3);
    });
  });

  describe('findOneAndReplace and findOneAndDelete', function () {
    it('when findOneAndReplace returns "after", it returns the replacement with the kept _id', async function () {
      const after = await collection.findOneAndReplace({ _id: 2 }, { k: 'r', n: 100 }, { returnDocument: 'after' });
      expect(after).to.deep.equal({ _id: 2, k: 'r', n: 100 });
    });

    it('when findOneAndReplace upserts, the replacement is inserted', async function () {
      const after = await collection.findOneAndReplace({ _id: 50 }, { k: 'u' }, { upsert: true, returnDocument: 'after' });
      expect(after).to.deep.equal({ _id: 50, k: 'u' });
    });

    it('when findOneAndDelete is given a sort, it deletes and returns the first document in that order', async function () {
      const deleted = await collection.findOneAndDelete({ k: 'a' }, { sort: { n: -1 } });
      expect(deleted?._id).to.equal(1);
      expect(await collection.countDocuments()).to.equal(2);
    });

    it('when findOneAndDelete has a projection, the returned document is projected', async function () {
      const deleted = await collection.findOneAndDelete({ _id: 3 }, { projection: { extra: 1 } });
      expect(deleted).to.deep.equal({ _id: 3, extra: 'z' });
    });
  });

  describe('raw findAndModify', function () {
    it('when it upserts with new: true, lastErrorObject has updatedExisting false and upserted', async function () {
      const reply = await ctx.db.command({
        findAndModify: collection.collectionName,
        query: { _id: 77 },
        update: { $set: { v: 1 } },
        upsert: true,
        new: true,
      });
      const lastErrorObject = reply['lastErrorObject'] as Record<string, unknown>;
      expect(lastErrorObject['n']).to.equal(1);
      expect(lastErrorObject['updatedExisting']).to.equal(false);
      expect(lastErrorObject['upserted']).to.equal(77);
      expect(reply['value']).to.deep.equal({ _id: 77, v: 1 });
    });

    it('when it removes, value is the removed document and n is 1', async function () {
      const reply = await ctx.db.command({ findAndModify: collection.collectionName, query: { k: 'b' }, remove: true });
      expect(reply['value']).to.deep.equal({ _id: 3, k: 'b', n: 2, extra: 'z' });
      expect((reply['lastErrorObject'] as Record<string, unknown>)['n']).to.equal(1);
      expect(await collection.countDocuments({ k: 'b' })).to.equal(0);
    });

    it('when it uses fields and sort with new: true, the projected post-image of the first sorted match is returned', async function () {
      const reply = await ctx.db.command({
        findAndModify: collection.collectionName,
        query: { k: 'a' },
        sort: { n: -1 },
        update: { $inc: { n: 1 } },
        fields: { n: 1 },
        new: true,
      });
      expect(reply['value']).to.deep.equal({ _id: 1, n: 4 });
    });

    it('when nothing matches, value is null and n is 0', async function () {
      const reply = await ctx.db.command({ findAndModify: collection.collectionName, query: { k: 'zz' }, update: { $set: { a: 1 } } });
      expect(reply['value']).to.equal(null);
      expect((reply['lastErrorObject'] as Record<string, unknown>)['n']).to.equal(0);
    });
  });
});

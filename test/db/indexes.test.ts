import { expect } from 'chai';
import { MongoBulkWriteError } from 'mongodb';
import { expectRejection, expectServerError, useDatabase } from './harness.js';

describe('indexes: creation, uniqueness, listing and dropping', function () {
  const ctx = useDatabase('indexes');

  describe('createIndex and listIndexes', function () {
    it('when indexes are created without names, they are named field_direction joined by underscores', async function () {
      const collection = ctx.collection();
      expect(await collection.createIndex({ a: 1 })).to.equal('a_1');
      expect(await collection.createIndex({ b: 1, c: -1 })).to.equal('b_1_c_-1');
      expect(await collection.createIndex({ 'd.e': 1 })).to.equal('d.e_1');
    });

    it('when listIndexes runs, the _id_ index and created indexes come back with v 2, key and options', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ a: 1 });
      await collection.createIndex({ email: 1 }, { unique: true, name: 'by_email' });
      const indexes = await collection.listIndexes().toArray();
      const byName = new Map(indexes.map((index) => [index['name'] as string, index]));
      expect([...byName.keys()]).to.have.members(['_id_', 'by_email']);
      expect(byName.get('_id_')?.['key']).to.deep.equal({ _id: 1 });
      expect(byName.get('_id_')?.['v']).to.equal(2);
      expect(byName.get('by_email')?.['key']).to.deep.equal({ email: 1 });
      expect(byName.get('by_email')?.['unique']).to.equal(true);
    });

    it('when the same index is created twice, the second call succeeds without adding an index', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ a: 1 });
      const reply = await ctx.db.command({ createIndexes: collection.collectionName, indexes: [{ key: { a: 1 }, name: 'a_1' }] });
      expect(reply['ok']).to.equal(1);
      expect(reply['numIndexesBefore']).to.equal(reply['numIndexesAfter']);
      expect(await collection.listIndexes().toArray()).to.have.lengthOf(2);
    });

    it('when createIndexes carries several specs, all are built and numIndexesAfter counts them', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ a: 1 });
      const reply = await ctx.db.command({
        createIndexes: collection.collectionName,
        indexes: [
          { key: { a: 1 }, name: 'a_1' },
          { key: { b: 1, a: -1 }, name: 'b_1_a_-1' },
        ],
      });
      expect(reply['numIndexesBefore']).to.equal(1);
      expect(reply['numIndexesAfter']).to.equal(3);
    });

    it('when an index name is reused for a different key, it fails with 86 IndexKeySpecsConflict', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ a: 1 }, { name: 'shared' });
      const error = await expectServerError(collection.createIndex({ b: 1 }, { name: 'shared' }), 86);
      expect(error.message).to.contain('An existing index has the same name as the requested index');
    });

    it('when the same key is indexed again under another name, it fails with 85 IndexOptionsConflict', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ a: 1 });
      const error = await expectServerError(collection.createIndex({ a: 1 }, { name: 'other' }), 85);
      expect(error.message).to.contain('Index already exists with a different name: a_1');
    });

    it('when an index key uses an unknown index type, it fails with 67 CannotCreateIndex', async function () {
      const collection = ctx.collection();
      const command = { createIndexes: collection.collectionName, indexes: [{ key: { a: 'nonsense' }, name: 'a_nonsense' }] };
      await expectServerError(ctx.db.command(command), 67);
    });

    it('when listIndexes runs on a missing collection, it fails with 26 NamespaceNotFound', async function () {
      await expectServerError(ctx.collection('absent').listIndexes().toArray(), 26);
    });

    it('when createIndex runs on a missing collection, the collection is created', async function () {
      const collection = ctx.collection('made_by_index');
      await collection.createIndex({ a: 1 });
      const names = (await ctx.db.listCollections({ name: collection.collectionName }).toArray()).map((info) => info.name);
      expect(names).to.deep.equal([collection.collectionName]);
    });
  });

  describe('unique indexes', function () {
    it('when a unique single-field index is violated, E11000 names the index and the duplicate key', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ email: 1 }, { unique: true });
      await collection.insertOne({ email: 'a@x.io' });
      const error = await expectServerError(collection.insertOne({ email: 'a@x.io' }), 11000);
      expect(error.message).to.contain('index: email_1 dup key: { email: "a@x.io" }');
      expect(error['keyPattern']).to.deep.equal({ email: 1 });
      expect(error['keyValue']).to.deep.equal({ email: 'a@x.io' });
    });

    it('when a unique compound index is violated, only the full key combination counts', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ a: 1, b: 1 }, { unique: true });
      await collection.insertMany([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }]);
      const error = await expectServerError(collection.insertOne({ a: 1, b: 2 }), 11000);
      expect(error['keyPattern']).to.deep.equal({ a: 1, b: 1 });
      expect(error['keyValue']).to.deep.equal({ a: 1, b: 2 });
    });

    it('when two documents lack a uniquely indexed field, the second is a duplicate of null', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ code: 1 }, { unique: true });
      await collection.insertOne({ other: 1 });
      const error = await expectServerError(collection.insertOne({ other: 2 }), 11000);
      expect(error['keyValue']).to.deep.equal({ code: null });
    });

    it('when the unique index is sparse, any number of documents may lack the field', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ code: 1 }, { unique: true, sparse: true });
      await collection.insertMany([{ other: 1 }, { other: 2 }, { code: 'x' }]);
      await expectServerError(collection.insertOne({ code: 'x' }), 11000);
      expect(await collection.countDocuments()).to.equal(3);
    });

    it('when the unique index is partial, duplicates outside the partial filter are allowed', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ user: 1 }, { unique: true, partialFilterExpression: { active: true } });
      await collection.insertMany([
        { user: 'u', active: false },
        { user: 'u', active: false },
        { user: 'u', active: true },
      ]);
      await expectServerError(collection.insertOne({ user: 'u', active: true }), 11000);
      expect(await collection.countDocuments({ user: 'u' })).to.equal(3);
    });

    it('when a unique index covers an array field, documents sharing any element collide', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ tags: 1 }, { unique: true });
      await collection.insertOne({ tags: ['a', 'b', 'a'] });
      await expectServerError(collection.insertOne({ tags: ['c', 'b'] }), 11000);
    });

    it('when an update would create a duplicate key, it fails with 11000 and the document is unchanged', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ email: 1 }, { unique: true });
      await collection.insertMany([{ _id: 1, email: 'a' }, { _id: 2, email: 'b' }]);
      await expectServerError(collection.updateOne({ _id: 2 }, { $set: { email: 'a' } }), 11000);
      expect(await collection.findOne({ _id: 2 })).to.deep.equal({ _id: 2, email: 'b' });
    });

    it('when a unique index is built over existing duplicates, createIndex fails with 11000 and no index is left', async function () {
      const collection = ctx.collection();
      await collection.insertMany([{ k: 1 }, { k: 1 }]);
      await expectServerError(collection.createIndex({ k: 1 }, { unique: true }), 11000);
      const names = (await collection.listIndexes().toArray()).map((index) => index['name']);
      expect(names).to.deep.equal(['_id_']);
    });

    it('when an unordered insertMany violates a unique index twice, both indexes of the batch are reported', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ sku: 1 }, { unique: true });
      const docs = [{ sku: 'a' }, { sku: 'a' }, { sku: 'b' }, { sku: 'b' }, { sku: 'c' }];
      const error = (await expectRejection(collection.insertMany(docs, { ordered: false }))) as MongoBulkWriteError;
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      expect([error.writeErrors].flat().map((entry) => entry.index)).to.deep.equal([1, 3]);
      expect(error.insertedCount).to.equal(3);
    });
  });

  describe('dropIndex and dropIndexes', function () {
    it('when an index is dropped by name, it is no longer listed', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ a: 1 });
      await collection.createIndex({ b: 1 });
      await collection.dropIndex('a_1');
      const names = (await collection.listIndexes().toArray()).map((index) => index['name']);
      expect(names).to.have.members(['_id_', 'b_1']);
    });

    it('when dropIndexes is given "*", every index except _id_ is dropped', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ a: 1 });
      await collection.createIndex({ b: -1 });
      await collection.dropIndexes();
      const names = (await collection.listIndexes().toArray()).map((index) => index['name']);
      expect(names).to.deep.equal(['_id_']);
    });

    it('when dropIndexes names an index by key pattern or several by name, those are dropped', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ a: 1 });
      await collection.createIndex({ b: 1 });
      await collection.createIndex({ c: 1 });
      await ctx.db.command({ dropIndexes: collection.collectionName, index: { a: 1 } });
      await ctx.db.command({ dropIndexes: collection.collectionName, index: ['b_1', 'c_1'] });
      const names = (await collection.listIndexes().toArray()).map((index) => index['name']);
      expect(names).to.deep.equal(['_id_']);
    });

    it('when an unknown index name is dropped, it fails with 27 IndexNotFound', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ a: 1 });
      const error = await expectServerError(collection.dropIndex('nope_1'), 27);
      expect(error.message).to.contain('index not found with name [nope_1]');
    });

    it('when the _id_ index is dropped, it fails with 72 InvalidOptions', async function () {
      const collection = ctx.collection();
      await collection.insertOne({ a: 1 });
      const error = await expectServerError(collection.dropIndex('_id_'), 72);
      expect(error.message).to.contain('cannot drop _id index');
    });

    it('when a unique index is dropped, duplicates are accepted again', async function () {
      const collection = ctx.collection();
      await collection.createIndex({ k: 1 }, { unique: true });
      await collection.insertOne({ k: 1 });
      await collection.dropIndex('k_1');
      await collection.insertOne({ k: 1 });
      expect(await collection.countDocuments({ k: 1 })).to.equal(2);
    });
  });
});

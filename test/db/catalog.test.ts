import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { expectServerError, useDatabase } from './harness.js';

describe('catalog: create, drop, rename, listCollections, dropDatabase', function () {
  const ctx = useDatabase('catalog');

  async function collectionNames(): Promise<string[]> {
    return (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name);
  }

  describe('create and listCollections', function () {
    it('when a collection is created explicitly, listCollections reports it as an empty collection', async function () {
      const name = ctx.collection('explicit').collectionName;
      await ctx.db.createCollection(name);
      const [info] = await ctx.db.listCollections({ name }, { nameOnly: false }).toArray();
      expect(info?.name).to.equal(name);
      expect(info?.type).to.equal('collection');
      expect(info?.options).to.deep.equal({});
      expect((info?.info as { readOnly?: unknown } | undefined)?.readOnly).to.equal(false);
      expect(await ctx.db.collection(name).countDocuments()).to.equal(0);
    });

    it('when create names an existing collection with identical options, it succeeds (MongoDB 7.0+)', async function () {
      const name = ctx.collection('twice').collectionName;
      await ctx.db.createCollection(name);
      const reply = await ctx.db.command({ create: name });
      expect(reply['ok']).to.equal(1);
    });

    it('when db.createCollection names an existing collection with different options, it fails with 48 NamespaceExists', async function () {
      const name = ctx.collection('exists').collectionName;
      await ctx.db.collection(name).insertOne({ a: 1 });
      // Any differing option will do; validationLevel is stored as given (validators themselves are a separate feature).
      const error = await expectServerError(ctx.db.createCollection(name, { validationLevel: 'moderate' }), 48);
      expect(error.codeName).to.equal('NamespaceExists');
    });

    it('when the collection name contains "$", create fails with 73 InvalidNamespace', async function () {
      await expectServerError(ctx.db.command({ create: 'bad$name' }), 73);
    });

    it('when listCollections filters by name, only that collection is listed', async function () {
      const wanted = ctx.collection('wanted');
      await wanted.insertOne({ a: 1 });
      await ctx.collection('other').insertOne({ a: 1 });
      const infos = await ctx.db.listCollections({ name: wanted.collectionName }).toArray();
      expect(infos.map((info) => info.name)).to.deep.equal([wanted.collectionName]);
    });

    it('when listCollections filters with a regex and nameOnly, matching names come back with their type only', async function () {
      const prefix = `rx${Date.now()}`;
      await ctx.db.collection(`${prefix}_a`).insertOne({ a: 1 });
      await ctx.db.collection(`${prefix}_b`).insertOne({ a: 1 });
      const infos = await ctx.db.listCollections({ name: { $regex: `^${prefix}_` } }, { nameOnly: true }).toArray();
      expect(infos.map((info) => info.name)).to.have.members([`${prefix}_a`, `${prefix}_b`]);
      for (const info of infos) expect(Object.keys(info)).to.have.members(['name', 'type']);
    });
  });

  describe('drop and renameCollection', function () {
    it('when a collection is dropped, its documents and indexes are gone', async function () {
      const collection = ctx.collection('dropme');
      await collection.insertOne({ a: 1 });
      await collection.createIndex({ a: 1 });
      expect(await collection.drop()).to.equal(true);
      expect(await collectionNames()).to.not.include(collection.collectionName);
      await collection.insertOne({ a: 2 });
      const indexes = (await collection.listIndexes().toArray()).map((index) => index['name']);
      expect(indexes).to.deep.equal(['_id_']);
      expect(await collection.countDocuments()).to.equal(1);
    });

    it('when a missing collection is dropped, it succeeds (MongoDB 7.0+ treats it as a no-op)', async function () {
      const reply = await ctx.db.command({ drop: 'never_existed_here' });
      expect(reply['ok']).to.equal(1);
    });

    it('when a collection is renamed, its documents and indexes move with it', async function () {
      const source = ctx.collection('source');
      const target = ctx.collection('target');
      await source.insertMany([{ a: 1 }, { a: 2 }]);
      await source.createIndex({ a: 1 }, { unique: true });
      await source.rename(target.collectionName);
      expect(await collectionNames()).to.not.include(source.collectionName);
      expect(await target.countDocuments()).to.equal(2);
      await expectServerError(target.insertOne({ a: 1 }), 11000);
    });

    it('when the rename target exists, it fails with 48 NamespaceExists unless dropTarget is set', async function () {
      const source = ctx.collection('source');
      const target = ctx.collection('target');
      await source.insertOne({ from: 'source' });
      await target.insertOne({ from: 'target' });
      await expectServerError(source.rename(target.collectionName), 48);
      await source.rename(target.collectionName, { dropTarget: true });
      expect(await target.find({}, { projection: { _id: 0 } }).toArray()).to.deep.equal([{ from: 'source' }]);
    });

    it('when the rename source does not exist, it fails with 26 NamespaceNotFound', async function () {
      await expectServerError(ctx.collection('ghost').rename(ctx.collection('target').collectionName), 26);
    });

    it('when a collection is renamed into another database, the documents move there', async function () {
      const source = ctx.collection('crossdb');
      await source.insertOne({ a: 1 });
      const otherName = `${ctx.dbName}_x`;
      try {
        await ctx.client.db('admin').command({
          renameCollection: `${ctx.dbName}.${source.collectionName}`,
          to: `${otherName}.moved`,
        });
        expect(await ctx.client.db(otherName).collection('moved').countDocuments()).to.equal(1);
        expect(await source.countDocuments()).to.equal(0);
      } finally {
        await ctx.client.db(otherName).dropDatabase();
      }
    });
  });

  describe('dropDatabase', function () {
    it('when a database is dropped, its collections disappear and listDatabases no longer shows it', async function () {
      const name = `${ctx.dbName}_drop`;
      const scratch = ctx.client.db(name);
      await scratch.collection('a').insertOne({ a: 1 });
      await scratch.collection('b').insertOne({ b: 1 });
      await scratch.dropDatabase();
      expect(await scratch.listCollections().toArray()).to.deep.equal([]);
      const listed = await ctx.client.db('admin').command({ listDatabases: 1, nameOnly: true });
      expect((listed['databases'] as Array<{ name: string }>).map((entry) => entry.name)).to.not.include(name);
    });

    it('when another client reads a dropped database, it sees it empty', async function () {
      const name = `${ctx.dbName}_seen`;
      await ctx.client.db(name).collection('a').insertOne({ a: 1 });
      await ctx.client.db(name).dropDatabase();
      const other = new MongoClient(ctx.uri, { serverSelectionTimeoutMS: 5000 });
      try {
        expect(await other.db(name).collection('a').countDocuments()).to.equal(0);
      } finally {
        await other.close();
      }
    });
  });
});

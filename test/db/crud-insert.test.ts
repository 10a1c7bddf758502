import { expect } from 'chai';
import { Binary, Decimal128, Long, MongoBulkWriteError, ObjectId, Timestamp } from 'mongodb';
import { expectRejection, expectServerError, useDatabase, waitFor } from './harness.js';

describe('CRUD: insert', function () {
  const ctx = useDatabase('insert');

  it('when a document has no _id, an ObjectId is generated and the document can be read back', async function () {
    const collection = ctx.collection();
    const result = await collection.insertOne({ name: 'a' });
    expect(result.acknowledged).to.equal(true);
    expect(result.insertedId).to.be.instanceOf(ObjectId);
    const found = await collection.findOne({ _id: result.insertedId });
    expect(found).to.deep.equal({ _id: result.insertedId, name: 'a' });
  });

  it('when _id values are strings, numbers or embedded documents, they round-trip unchanged', async function () {
    const collection = ctx.collection();
    await collection.insertMany([{ _id: 'text' }, { _id: 42 }, { _id: { k: 1, j: 'x' } }]);
    const ids = (await collection.find().toArray()).map((doc) => doc._id as unknown);
    expect(ids).to.have.deep.members(['text', 42, { k: 1, j: 'x' }]);
  });

  it('when values of every common BSON type are inserted, they read back with the same values', async function () {
    const collection = ctx.collection();
    const doc = {
      _id: 1,
      str: 'héllo',
      int: 7,
      double: 2.5,
      big: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('12.345'),
      bool: true,
      nul: null,
      date: new Date('2024-02-29T12:34:56.789Z'),
      oid: new ObjectId('65f000000000000000000001'),
      bin: new Binary(Buffer.from([1, 2, 3])),
      ts: new Timestamp({ t: 1_700_000_000, i: 3 }),
      arr: [1, 'two', { three: 3 }, [4]],
      nested: { deeper: { deepest: 'x' } },
    };
    await collection.insertOne(doc);
    const found = await collection.findOne({ _id: 1 });
    expect(found?.['str']).to.equal('héllo');
    expect(found?.['int']).to.equal(7);
    expect(found?.['double']).to.equal(2.5);
    expect(String(found?.['big'])).to.equal('9007199254740993');
    expect(String(found?.['dec'])).to.equal('12.345');
    expect(found?.['bool']).to.equal(true);
    expect(found?.['nul']).to.equal(null);
    expect((found?.['date'] as Date).toISOString()).to.equal('2024-02-29T12:34:56.789Z');
    expect((found?.['oid'] as ObjectId).toHexString()).to.equal('65f000000000000000000001');
    expect(Buffer.from((found?.['bin'] as Binary).buffer).equals(Buffer.from([1, 2, 3]))).to.equal(true);
    expect((found?.['ts'] as Timestamp).equals(doc.ts)).to.equal(true);
    expect(found?.['arr']).to.deep.equal([1, 'two', { three: 3 }, [4]]);
    expect(found?.['nested']).to.deep.equal({ deeper: { deepest: 'x' } });
  });

  it('when a document is inserted, field order is preserved and _id comes first', async function () {
    const collection = ctx.collection();
    await collection.insertOne({ z: 1, a: 2, m: 3, _id: 'order' });
    const found = await collection.findOne({ _id: 'order' });
    expect(Object.keys(found ?? {})).to.deep.equal(['_id', 'z', 'a', 'm']);
  });

  it('when the _id already exists, insertOne fails with E11000 carrying keyPattern and keyValue', async function () {
    const collection = ctx.collection('dup');
    await collection.insertOne({ _id: 'x' });
    const error = await expectServerError(collection.insertOne({ _id: 'x' }), 11000);
    expect(error.message).to.match(/^E11000 duplicate key error collection: /);
    expect(error.message).to.contain(`${ctx.dbName}.${collection.collectionName} index: _id_ dup key: { _id: "x" }`);
    expect(error['keyPattern']).to.deep.equal({ _id: 1 });
    expect(error['keyValue']).to.deep.equal({ _id: 'x' });
  });

  it('when an ordered insertMany hits a duplicate at index 2, it stops there with insertedCount 2', async function () {
    const collection = ctx.collection();
    const docs = [{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }, { _id: 4 }];
    const error = await expectRejection(collection.insertMany(docs));
    expect(error).to.be.instanceOf(MongoBulkWriteError);
    const bulkError = error as MongoBulkWriteError;
    expect(bulkError.code).to.equal(11000);
    expect(bulkError.insertedCount).to.equal(2);
    const writeErrors = [bulkError.writeErrors].flat();
    expect(writeErrors.map((entry) => entry.index)).to.deep.equal([2]);
    expect(writeErrors[0]?.code).to.equal(11000);
    expect(await collection.countDocuments()).to.equal(2);
  });

  it('when an unordered insertMany hits duplicates at 1 and 3, the rest are inserted and both errors reported', async function () {
    const collection = ctx.collection();
    const docs = [{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }];
    const error = await expectRejection(collection.insertMany(docs, { ordered: false }));
    expect(error).to.be.instanceOf(MongoBulkWriteError);
    const bulkError = error as MongoBulkWriteError;
    expect(bulkError.insertedCount).to.equal(3);
    const writeErrors = [bulkError.writeErrors].flat();
    expect(writeErrors.map((entry) => entry.index)).to.deep.equal([1, 3]);
    expect(writeErrors.every((entry) => entry.code === 11000)).to.equal(true);
    expect(await collection.countDocuments()).to.equal(3);
  });

  it('when the raw insert command hits duplicates unordered, writeErrors carry index, keyPattern and keyValue', async function () {
    const collection = ctx.collection();
    const reply = await ctx.db.command({
      insert: collection.collectionName,
      documents: [{ _id: 'a' }, { _id: 'a' }, { _id: 'b' }],
      ordered: false,
    });
    expect(reply['ok']).to.equal(1);
    expect(reply['n']).to.equal(2);
    const writeErrors = reply['writeErrors'] as Array<Record<string, unknown>>;
    expect(writeErrors).to.have.lengthOf(1);
    expect(writeErrors[0]?.['index']).to.equal(1);
    expect(writeErrors[0]?.['code']).to.equal(11000);
    expect(writeErrors[0]?.['keyPattern']).to.deep.equal({ _id: 1 });
    expect(writeErrors[0]?.['keyValue']).to.deep.equal({ _id: 'a' });
    expect(writeErrors[0]?.['errmsg']).to.be.a('string').and.to.contain('E11000 duplicate key error');
  });

  it('when insertMany sends 5000 documents (a kind-1 sequence), all are stored and insertedIds map every index', async function () {
    const collection = ctx.collection();
    const docs = Array.from({ length: 5000 }, (_, i) => ({ i, pad: 'x'.repeat(20) }));
    const result = await collection.insertMany(docs);
    expect(result.insertedCount).to.equal(5000);
    expect(Object.keys(result.insertedIds)).to.have.lengthOf(5000);
    expect(await collection.countDocuments()).to.equal(5000);
    expect(await collection.countDocuments({ i: { $gte: 4990 } })).to.equal(10);
  });

  it('when the _id is an array, the insert is refused with 53 InvalidIdField', async function () {
    const collection = ctx.collection();
    const error = await expectServerError(collection.insertOne({ _id: [1, 2] }), 53);
    expect(error.message).to.contain("The '_id' value cannot be of type array");
    expect(await collection.countDocuments()).to.equal(0);
  });

  it('when a write uses w:0, it is not acknowledged yet the document is stored', async function () {
    const collection = ctx.collection();
    const result = await collection.insertOne({ _id: 'fire-and-forget' }, { writeConcern: { w: 0 } });
    expect(result.acknowledged).to.equal(false);
    // Unacknowledged: the write may land after the call returns, so poll briefly.
    const stored = await waitFor(async () => (await collection.countDocuments({ _id: 'fire-and-forget' })) === 1, 5000);
    expect(stored).to.equal(true);
  });

  it('when a write asks for j:true, it is acknowledged', async function () {
    const collection = ctx.collection();
    const result = await collection.insertOne({ a: 1 }, { writeConcern: { w: 1, j: true } });
    expect(result.acknowledged).to.equal(true);
    expect(await collection.countDocuments()).to.equal(1);
  });

  it('when the raw insert command carries a document without _id, the server adds an ObjectId _id as the first field', async function () {
    const collection = ctx.collection();
    await ctx.db.command({ insert: collection.collectionName, documents: [{ a: 1, b: 2 }] });
    const [stored] = await collection.find().toArray();
    expect(stored?._id).to.be.instanceOf(ObjectId);
    expect(Object.keys(stored ?? {})).to.deep.equal(['_id', 'a', 'b']);
  });

  it('when a write asks for w: "majority" on a single server, it is acknowledged', async function () {
    const collection = ctx.collection();
    const result = await collection.insertOne({ a: 1 }, { writeConcern: { w: 'majority', wtimeoutMS: 5000 } });
    expect(result.acknowledged).to.equal(true);
  });

  it('when a collection does not exist, the first insert creates it', async function () {
    const collection = ctx.collection('implicit');
    await collection.insertOne({ a: 1 });
    const names = (await ctx.db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name);
    expect(names).to.include(collection.collectionName);
  });
});

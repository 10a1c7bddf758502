import { expect } from 'chai';
import { BSON, MongoServerError, type Document, type Long } from 'mongodb';
import { expectRejection, isLong, useDatabase } from './harness.js';

const maxBsonObjectSize = 16 * 1024 * 1024;

describe('limits: document size, batch size, write batch size', function () {
  const ctx = useDatabase('limits');

  it('when a document is over 16 MB, the insert is refused and nothing is stored', async function () {
    this.timeout(30_000);
    const collection = ctx.collection('big');
    const error = await expectRejection(collection.insertOne({ blob: 'x'.repeat(maxBsonObjectSize + 1024) }));
    expect(error).to.be.instanceOf(MongoServerError);
    // mongod answers BadValue "object to insert too large" (or 10334 when the message body itself is too big).
    expect([2, 10334]).to.include((error as MongoServerError).code);
    expect(await collection.countDocuments()).to.equal(0);
    const reply = await ctx.db.command({ ping: 1 });
    expect(reply['ok']).to.equal(1);
  });

  it('when a document is just under 16 MB, it is stored and read back whole', async function () {
    this.timeout(30_000);
    const collection = ctx.collection('almost');
    const blob = 'y'.repeat(maxBsonObjectSize - 1024);
    await collection.insertOne({ _id: 1, blob });
    const found = await collection.findOne({ _id: 1 });
    expect((found?.['blob'] as string).length).to.equal(blob.length);
  });

  it('when an update would grow a document past 16 MB, it is refused and the document is unchanged', async function () {
    this.timeout(30_000);
    const collection = ctx.collection('grow');
    const half = 'z'.repeat(9 * 1024 * 1024);
    await collection.insertOne({ _id: 1, a: half });
    const error = await expectRejection(collection.updateOne({ _id: 1 }, { $set: { b: half } }));
    expect(error).to.be.instanceOf(MongoServerError);
    // Documented as "Resulting document after update is larger than 16777216": 17419 in 7.0, 10334 later.
    expect([17419, 10334]).to.include((error as MongoServerError).code);
    const found = await collection.findOne({ _id: 1 }, { projection: { b: 1 } });
    expect(found).to.deep.equal({ _id: 1 });
  });

  it('when results total more than 16 MB, each batch stays under 16 MB and every document arrives', async function () {
    this.timeout(60_000);
    const collection = ctx.collection('wide');
    const megabyte = 'm'.repeat(1024 * 1024);
    // 18 documents of 1 MiB: more than one 16 MiB batch can hold.
    for (let i = 0; i < 18; i += 6) {
      await collection.insertMany(Array.from({ length: 6 }, (_, j) => ({ _id: i + j, megabyte })));
    }
    const reply = await ctx.db.command({ find: collection.collectionName, sort: { _id: 1 } }, { promoteLongs: false });
    const cursor = reply['cursor'] as { id: Long; firstBatch: Document[] };
    expect(cursor.firstBatch.length).to.be.greaterThan(0).and.lessThan(18);
    expect(BSON.calculateObjectSize({ firstBatch: cursor.firstBatch })).to.be.at.most(maxBsonObjectSize);
    let received = cursor.firstBatch.length;
    let id = cursor.id;
    while (!id.isZero()) {
      const more = await ctx.db.command({ getMore: id, collection: collection.collectionName }, { promoteLongs: false });
      const next = more['cursor'] as { id: Long; nextBatch: Document[] };
      expect(BSON.calculateObjectSize({ nextBatch: next.nextBatch })).to.be.at.most(maxBsonObjectSize);
      received += next.nextBatch.length;
      id = next.id;
    }
    expect(received).to.equal(18);
  });

  it('when the raw find command opens a cursor, its id is a BSON int64 (Long)', async function () {
    const collection = ctx.collection('ids');
    await collection.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const reply = await ctx.db.command({ find: collection.collectionName, batchSize: 1 }, { promoteLongs: false });
    const cursorId = (reply['cursor'] as { id: unknown }).id;
    expect(isLong(cursorId)).to.equal(true);
    await ctx.db.command({ killCursors: collection.collectionName, cursors: [cursorId] });
  });

  it('when insertMany sends more documents than maxWriteBatchSize, the driver splits them and all are stored', async function () {
    this.timeout(60_000);
    const collection = ctx.collection('many');
    const docs = Array.from({ length: 100_001 }, (_, i) => ({ i }));
    const result = await collection.insertMany(docs);
    expect(result.insertedCount).to.equal(100_001);
    expect(await collection.estimatedDocumentCount()).to.equal(100_001);
  });
});

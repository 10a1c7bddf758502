import { expect } from 'chai';
import { Long, type Collection, type Document } from 'mongodb';
import { inventoryCopy } from './fixtures.js';
import { expectServerError, isLong, useDatabase, type AnyDoc } from './harness.js';

interface CursorReply {
  id: unknown;
  ns: string;
  firstBatch?: Document[];
  nextBatch?: Document[];
}

describe('CRUD: cursors, getMore, killCursors, count and distinct', function () {
  const ctx = useDatabase('cursors');

  async function numbered(count: number): Promise<Collection<AnyDoc>> {
    const collection = ctx.collection('numbers');
    await collection.insertMany(Array.from({ length: count }, (_, i) => ({ _id: i, n: i })));
    return collection;
  }

  async function rawCommand(command: Document): Promise<CursorReply> {
    const reply = await ctx.db.command(command, { promoteLongs: false });
    return reply['cursor'] as CursorReply;
  }

  describe('batches', function () {
    it('when a find has no batchSize, the first batch holds 101 documents and the cursor stays open', async function () {
      const collection = await numbered(250);
      const cursor = await rawCommand({ find: collection.collectionName, filter: {}, sort: { _id: 1 } });
      expect(cursor.firstBatch).to.have.lengthOf(101);
      expect(isLong(cursor.id), 'cursor id is an int64').to.equal(true);
      expect((cursor.id as Long).isZero()).to.equal(false);
      expect(cursor.ns).to.equal(`${ctx.dbName}.${collection.collectionName}`);
      await ctx.db.command({ killCursors: collection.collectionName, cursors: [cursor.id] });
    });

    it('when getMore is called repeatedly with a batchSize, it returns consecutive batches then id 0', async function () {
      const collection = await numbered(25);
      const first = await rawCommand({ find: collection.collectionName, sort: { _id: 1 }, batchSize: 10 });
      const seen = (first.firstBatch ?? []).map((doc) => doc['n'] as number);
      let id = first.id;
      const batchLengths: number[] = [];
      while (!(id as Long).isZero()) {
        const next = await rawCommand({ getMore: id, collection: collection.collectionName, batchSize: 10 });
        batchLengths.push(next.nextBatch?.length ?? 0);
        seen.push(...(next.nextBatch ?? []).map((doc) => doc['n'] as number));
        id = next.id;
      }
      expect(batchLengths).to.deep.equal([10, 5]);
      expect(seen).to.deep.equal(Array.from({ length: 25 }, (_, i) => i));
    });

    it('when the driver iterates with batchSize 7 over 500 documents, every document arrives once and in order', async function () {
      const collection = await numbered(500);
      const docs = await collection.find({}, { batchSize: 7 }).sort({ _id: 1 }).toArray();
      expect(docs.map((doc) => doc['n'])).to.deep.equal(Array.from({ length: 500 }, (_, i) => i));
    });

    it('when a limit is smaller than the result, it is honoured across getMore batches', async function () {
      const collection = await numbered(100);
      const docs = await collection.find({}, { batchSize: 3, limit: 8 }).sort({ _id: -1 }).toArray();
      expect(docs.map((doc) => doc['n'])).to.deep.equal([99, 98, 97, 96, 95, 94, 93, 92]);
    });

    it('when every result fits in the first batch, the cursor id is 0', async function () {
      const collection = await numbered(5);
      const cursor = await rawCommand({ find: collection.collectionName, batchSize: 10 });
      expect(cursor.firstBatch).to.have.lengthOf(5);
      expect(isLong(cursor.id)).to.equal(true);
      expect((cursor.id as Long).isZero()).to.equal(true);
    });

    it('when singleBatch is set, the cursor is closed after the first batch', async function () {
      const collection = await numbered(20);
      const cursor = await rawCommand({ find: collection.collectionName, batchSize: 5, singleBatch: true });
      expect(cursor.firstBatch).to.have.lengthOf(5);
      expect((cursor.id as Long).isZero()).to.equal(true);
    });

    it('when an aggregate result spans batches, getMore returns the rest', async function () {
      const collection = await numbered(300);
      const docs = await collection.aggregate([{ $match: { n: { $gte: 50 } } }, { $sort: { n: 1 } }], { batchSize: 20 }).toArray();
      expect(docs).to.have.lengthOf(250);
      expect(docs[0]?.['n']).to.equal(50);
      expect(docs[249]?.['n']).to.equal(299);
    });
  });

  describe('accepted command options', function () {
    it('when find carries let, comment, maxTimeMS and readConcern, they are accepted and let variables resolve', async function () {
      const collection = await numbered(10);
      const reply = await ctx.db.command({
        find: collection.collectionName,
        filter: { $expr: { $eq: ['$n', '$$target'] } },
        let: { target: 3 },
        comment: 'conformance',
        maxTimeMS: 5000,
        readConcern: { level: 'local' },
      });
      const cursor = reply['cursor'] as CursorReply;
      expect(cursor.firstBatch?.map((doc) => doc['n'])).to.deep.equal([3]);
    });
  });

  describe('killCursors and unknown cursors', function () {
    it('when the driver closes a cursor early, the server kills it and a later getMore fails with 43', async function () {
      const collection = await numbered(50);
      const cursor = collection.find({}, { batchSize: 5 });
      await cursor.next();
      const id = cursor.id;
      expect(id).to.not.equal(undefined);
      await cursor.close();
      const error = await expectServerError(ctx.db.command({ getMore: id, collection: collection.collectionName }), 43);
      expect(error.codeName).to.equal('CursorNotFound');
    });

    it('when killCursors is sent, it reports the cursor as killed', async function () {
      const collection = await numbered(30);
      const cursor = await rawCommand({ find: collection.collectionName, batchSize: 2 });
      const reply = await ctx.db.command({ killCursors: collection.collectionName, cursors: [cursor.id] }, { promoteLongs: false });
      expect((reply['cursorsKilled'] as Long[]).map(String)).to.deep.equal([String(cursor.id)]);
      expect(reply['cursorsNotFound']).to.deep.equal([]);
    });

    it('when getMore names a cursor id that never existed, it fails with 43 CursorNotFound', async function () {
      const collection = await numbered(1);
      const error = await expectServerError(
        ctx.db.command({ getMore: Long.fromString('1234567890123'), collection: collection.collectionName }),
        43,
      );
      expect(error.message).to.contain('1234567890123');
    });
  });

  describe('count and distinct', function () {
    let inventory: Collection<AnyDoc>;

    beforeEach(async function () {
      inventory = ctx.collection('inventory');
      await inventory.insertMany(inventoryCopy());
    });

    it('when countDocuments is given a filter, skip and limit, it counts that window', async function () {
      expect(await inventory.countDocuments({ status: 'A' })).to.equal(3);
      expect(await inventory.countDocuments({}, { skip: 2, limit: 3 })).to.equal(3);
      expect(await inventory.countDocuments({}, { skip: 5 })).to.equal(2);
    });

    it('when estimatedDocumentCount is used, it reports the collection size', async function () {
      expect(await inventory.estimatedDocumentCount()).to.equal(7);
    });

    it('when the count command is sent with a query, it answers n', async function () {
      const reply = await ctx.db.command({ count: inventory.collectionName, query: { qty: { $gte: 50 } } });
      expect(reply['n']).to.equal(3);
    });

    it('when distinct runs over an array field, array elements are distinct values', async function () {
      expect(await inventory.distinct('tags')).to.have.members(['blank', 'red', 'plain', 'blue', 'single']);
    });

    it('when distinct runs over a dotted path into an array of documents, it collects the leaf values', async function () {
      expect(await inventory.distinct('instock.warehouse')).to.have.members(['A', 'B', 'C']);
    });

    it('when distinct is given a filter, only matching documents contribute', async function () {
      expect(await inventory.distinct('item', { status: 'A' })).to.have.members(['journal', 'notebook', 'postcard']);
    });

    it('when distinct meets null and missing values, null is a value and missing contributes nothing', async function () {
      expect(await inventory.distinct('qty')).to.have.deep.members([25, 50, 100, 75, 45, null, '30']);
      expect(await inventory.distinct('size.uom')).to.have.members(['cm', 'in']);
    });

    it('when distinct runs on a missing collection, it returns an empty list', async function () {
      expect(await ctx.collection('nothing').distinct('a')).to.deep.equal([]);
    });
  });
});

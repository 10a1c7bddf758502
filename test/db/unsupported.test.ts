import { expect } from 'chai';
import { MongoServerError } from 'mongodb';
import { expectRejection, expectServerError, useDatabase } from './harness.js';

/** The code a standalone answers transactions with, unwrapped from the driver's retryable-write rewrite. */
function serverCode(error: unknown): number | undefined {
  if (!(error instanceof MongoServerError)) return undefined;
  if (typeof error.code === 'number') return error.code;
  const original = (error as { originalError?: unknown }).originalError;
  return original instanceof MongoServerError && typeof original.code === 'number' ? original.code : undefined;
}

describe('sessions, transactions and change streams on a standalone', function () {
  const ctx = useDatabase('unsupported');

  beforeEach(function () {
    // Replica sets and sharded clusters support transactions and change streams.
    if (!ctx.isStandalone) this.skip();
  });

  it('when plain CRUD runs inside an explicit session, it works (lsid is accepted)', async function () {
    const collection = ctx.collection('session');
    const session = ctx.client.startSession();
    try {
      await collection.insertOne({ a: 1 }, { session });
      expect(await collection.countDocuments({}, { session })).to.equal(1);
    } finally {
      await session.endSession();
    }
  });

  it('when session.withTransaction writes, it fails with 20 IllegalOperation and nothing is written', async function () {
    const collection = ctx.collection('txn');
    const session = ctx.client.startSession();
    try {
      const error = await expectRejection(
        session.withTransaction(async () => {
          await collection.insertOne({ a: 1 }, { session });
        }),
      );
      expect(serverCode(error), String(error)).to.equal(20);
      expect((error as Error).message).to.match(/Transaction numbers are only allowed on a replica set member or mongos|does not support retryable writes/);
    } finally {
      await session.endSession();
    }
    expect(await collection.countDocuments()).to.equal(0);
  });

  it('when a read runs inside a transaction, it fails with 20 IllegalOperation', async function () {
    const collection = ctx.collection('txn_read');
    await collection.insertOne({ a: 1 });
    const session = ctx.client.startSession();
    try {
      session.startTransaction();
      const error = await expectServerError(collection.findOne({}, { session }), 20);
      expect(error.message).to.contain('Transaction numbers are only allowed on a replica set member or mongos');
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
  });

  it('when collection.watch() is iterated, it fails with 40573 (change streams need a replica set)', async function () {
    const stream = ctx.collection('watched').watch();
    try {
      const error = await expectServerError(stream.tryNext(), 40573);
      expect(error.message).to.contain('The $changeStream stage is only supported on replica sets');
    } finally {
      await stream.close();
    }
  });

  it('when a $changeStream aggregate is sent directly, it fails with 40573', async function () {
    await expectServerError(ctx.collection('watched').aggregate([{ $changeStream: {} }]).toArray(), 40573);
  });

  it('when writes use the default retryWrites=true, they succeed (the driver sends no txnNumber to a standalone)', async function () {
    const collection = ctx.collection('retry');
    await collection.insertOne({ a: 1 });
    await collection.updateOne({ a: 1 }, { $set: { b: 2 } });
    expect(await collection.findOne({ a: 1 }, { projection: { _id: 0 } })).to.deep.equal({ a: 1, b: 2 });
  });
});

import { expect } from 'chai';
import { useDatabase, waitFor } from './harness.js';

/**
 * TTL: the embedded server runs its monitor every 500 ms here; a real mongod runs it every 60 s
 * (ttlMonitorSleepSecs), so against one these cases need up to about two minutes.
 */
describe('TTL indexes', function () {
  const ctx = useDatabase('ttl');

  function expiryBudgetMs(): number {
    return ctx.isEmbedded ? 10_000 : 150_000;
  }

  it('when a TTL index is listed, it shows expireAfterSeconds', async function () {
    const collection = ctx.collection('ttl_list');
    await collection.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    const indexes = await collection.listIndexes().toArray();
    expect(indexes.find((index) => index['name'] === 'at_1')?.['expireAfterSeconds']).to.equal(3600);
  });

  it('when expireAfterSeconds is 0 and a date is in the past, the document is removed while others stay', async function () {
    this.timeout(expiryBudgetMs() + 10_000);
    const collection = ctx.collection('ttl_expire');
    await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    const hourMs = 3_600_000;
    await collection.insertMany([
      { _id: 'past', expiresAt: new Date(Date.now() - hourMs) },
      { _id: 'future', expiresAt: new Date(Date.now() + hourMs) },
      { _id: 'not-a-date', expiresAt: 'yesterday' },
      { _id: 'missing' },
      // An array of dates expires with its earliest date.
      { _id: 'array', expiresAt: [new Date(Date.now() + hourMs), new Date(Date.now() - hourMs)] },
    ]);
    const removed = await waitFor(async () => (await collection.countDocuments({ _id: { $in: ['past', 'array'] } })) === 0, expiryBudgetMs(), 250);
    expect(removed, 'expired documents removed in time').to.equal(true);
    const left = (await collection.find().sort({ _id: 1 }).toArray()).map((doc) => doc._id);
    expect(left).to.deep.equal(['future', 'missing', 'not-a-date']);
  });

  it('when expireAfterSeconds is positive, only documents older than that many seconds expire', async function () {
    this.timeout(expiryBudgetMs() + 10_000);
    const collection = ctx.collection('ttl_window');
    await collection.createIndex({ createdAt: 1 }, { expireAfterSeconds: 600 });
    await collection.insertMany([
      { _id: 'old', createdAt: new Date(Date.now() - 3_600_000) },
      { _id: 'recent', createdAt: new Date(Date.now() - 60_000) },
    ]);
    const removed = await waitFor(async () => (await collection.countDocuments({ _id: 'old' })) === 0, expiryBudgetMs(), 250);
    expect(removed).to.equal(true);
    expect(await collection.countDocuments({ _id: 'recent' })).to.equal(1);
  });
});

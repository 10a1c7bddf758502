/**
 * The retention job per the personal-data map: job-enforced collections lose documents past
 * their period, sealed send data past the send window is dropped, and a tenant soft-deleted
 * longer than the grace period loses every tenant-scoped document.
 */
import { expect } from 'chai';
import { startConversionsHost } from '../conversions/support-host.js';
import type { ConversionsHost } from '../conversions/support-host.js';

const DAY_MS = 86_400_000;

describe('privacy: retention (integration)', function () {
  this.timeout(60_000);
  let host: ConversionsHost;
  before(async () => {
    host = await startConversionsHost('retention-it');
  });
  after(async () => {
    await host?.close();
  });

  it('when retention runs, expired documents, stale send data and tenants past their grace period go, the rest stays', async () => {
    const { connection, modules, platform } = host.running.context;
    const now = Date.now();
    const kept = await modules.services.tenants.create({
      name: 'K',
      slug: 'kept-t',
      currency: 'EUR',
      timezone: 'UTC',
    });
    const gone = await modules.services.tenants.create({
      name: 'G',
      slug: 'gone-t',
      currency: 'EUR',
      timezone: 'UTC',
    });
    const messages = connection.collection('whatsappMessages');
    await messages.insertMany([
      { tenantId: kept.id, wamid: 'old', peerIndex: 'p', createdAt: new Date(now - 91 * DAY_MS) },
      { tenantId: kept.id, wamid: 'new', peerIndex: 'p', createdAt: new Date(now - 89 * DAY_MS) },
    ]);
    const events = connection.collection('capiEvents');
    await events.insertMany([
      {
        tenantId: kept.id,
        eventId: 'stale',
        clearSealed: 'v1:x:y:z',
        receivedAt: new Date(now - 8 * DAY_MS),
      },
      { tenantId: kept.id, eventId: 'fresh', clearSealed: 'v1:x:y:z', receivedAt: new Date(now - DAY_MS) },
    ]);
    await connection
      .collection('metricsDaily')
      .insertOne({ tenantId: gone.id, date: '2026-01-01', spendCents: 1 });
    await events.insertOne({
      tenantId: gone.id,
      eventId: 'of-gone',
      clearSealed: null,
      receivedAt: new Date(now),
    });
    await connection
      .collection('tenants')
      .updateOne({ slug: 'gone-t' }, { $set: { deletedAt: new Date(now - 31 * DAY_MS) } });

    const report = await platform.privacy.service.enforceRetention();

    expect(report.removed.whatsappMessages).to.equal(1);
    expect(
      await messages
        .find({ tenantId: kept.id })
        .map((doc) => doc.wamid)
        .toArray(),
    ).to.deep.equal(['new']);
    expect(report.clearedSendData).to.equal(1);
    const sealed = await events.find({ tenantId: kept.id }).sort({ eventId: 1 }).toArray();
    expect(sealed.map((doc) => [doc.eventId, doc.clearSealed])).to.deep.equal([
      ['fresh', 'v1:x:y:z'],
      ['stale', null],
    ]);
    expect(report.tenantsPurged).to.equal(1);
    expect(await connection.collection('metricsDaily').countDocuments({ tenantId: gone.id })).to.equal(0);
    expect(await events.countDocuments({ tenantId: gone.id })).to.equal(0);
    expect(await events.countDocuments({ tenantId: kept.id })).to.equal(2);
  });
});

import { expect } from 'chai';
import { ensureDemoFxRates } from '../../../core/ingest/fx/demo-rates.js';
import { PluginError } from '../../../core/plugin-api/index.js';
import type { AdAccount, AdsSource, JsonObject } from '../../../core/plugin-api/index.js';
import { startIngestHarness, syncOnce, testTenant } from './support/ingest-harness.js';
import type { IngestHarness } from './support/ingest-harness.js';

const accountA: AdAccount = {
  externalId: 'acc-a',
  platform: 'meta',
  name: 'Account A',
  currency: 'USD',
  timezone: 'UTC',
  status: 'active',
};
const accountB: AdAccount = { ...accountA, externalId: 'acc-b', platform: 'google', currency: 'EUR' };
const campaign = {
  externalId: 'c1',
  accountExternalId: 'acc-a',
  name: 'Campaign 1',
  status: 'active',
  objective: 'sales',
  dailyBudgetCents: 10_000,
  currency: 'USD',
};
const metric = (date: string, spendCents: number) => ({
  accountExternalId: 'acc-a',
  campaignExternalId: 'c1',
  date,
  impressions: 1000,
  clicks: 10,
  conversions: 1.5,
  spendCents,
  revenueCents: 3 * spendCents,
  currency: 'USD',
});

/** A plugin returning garbage among good rows, and failing outright for account B. */
function garbageSource(): AdsSource {
  const batch = (rows: unknown[]) => ({
    rows: rows as never[],
    state: { done: true } as JsonObject,
    apiCalls: 1,
  });
  return {
    async listAccounts() {
      return [accountA, accountB, { ...accountA, externalId: 'x', platform: 'myspace' }] as AdAccount[];
    },
    async *campaigns(account) {
      if (account.externalId === 'acc-b')
        throw new PluginError('transient', 'Rate limited by the platform', { code: 'DEMO_RATE_LIMITED' });
      yield batch([
        campaign,
        { ...campaign, externalId: 'c-bad', status: 'running' },
        { ...campaign, externalId: 'c-foreign', accountExternalId: 'acc-b' },
        { ...campaign, externalId: 'c-eur', currency: 'EUR' },
      ]);
    },
    async *dailyMetrics() {
      yield batch([metric('2026-02-01', 100), metric('2026-02-02', 250), metric('2026-02-03', 999)]);
      yield batch([
        metric('2023-06-01', 500),
        { ...metric('2026-02-04', 1), accountExternalId: 'acc-b' },
        { ...metric('2026-02-04', 1), campaignExternalId: 'c-nope' },
        { ...metric('2026-02-04', 1), spendCents: -5 },
        { ...metric('2026-02-04', 1), impressions: 1.5 },
        { ...metric('2026-02-04', 1), extra: 'field' },
        { ...metric('2026-02-04', 1), currency: 'EUR' },
        'not even an object',
        metric('2026-02-01', 123),
      ]);
    },
  };
}

describe('ingest: garbage rows, failing accounts and FX gaps (real embedded database)', function () {
  this.timeout(20_000);
  let harness: IngestHarness;

  before(async () => {
    harness = await startIngestHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('when a plugin yields invalid and foreign rows, they are skipped and reported; a failing account fails the run, the others are stored', async () => {
    const tenant = testTenant('EUR', 'UTC');
    const range = { from: '2026-02-01', to: '2026-02-28' };
    const summary = await syncOnce(harness, tenant, undefined, { source: garbageSource(), range });
    expect([summary.status, summary.retryable]).to.deep.equal(['failed', true]);
    // Rows upserted: the 2026-02-01 row comes twice (in two batches), so 5 writes make 4 documents.
    expect(summary.rows).to.deep.equal({ accounts: 2, campaigns: 1, metrics: 5 });
    expect(summary.invalidRows).to.equal(1 + 3 + 7);
    const codes = summary.errors.map((error) => error.code);
    for (const code of [
      'INGEST_ROW_INVALID',
      'INGEST_ROW_FOREIGN',
      'INGEST_CURRENCY_MISMATCH',
      'INGEST_CAMPAIGN_UNKNOWN',
    ])
      expect(codes, code).to.include(code);
    expect(summary.errors.find((error) => error.code === 'DEMO_RATE_LIMITED')).to.include({
      accountExternalId: 'acc-b',
      phase: 'campaigns',
    });

    const metrics = await harness.models.metricsDaily.collection
      .find({ tenantId: tenant.id }, { projection: { _id: 0 } })
      .sort({ date: 1 })
      .toArray();
    expect(metrics.map((row) => [row['date'], row['spendCents']])).to.deep.equal([
      ['2023-06-01', 500],
      ['2026-02-01', 123],
      ['2026-02-02', 250],
      ['2026-02-03', 999],
    ]);
    expect(metrics[0]).to.include({ fxMissing: true, spendCentsTenant: null, revenueCentsTenant: null });
    expect(
      metrics.slice(1).every((row) => row['fxMissing'] === false && row['spendCentsTenant'] !== null),
    ).to.equal(true);
    expect(
      await harness.models.campaigns.collection.distinct('externalId', { tenantId: tenant.id }),
    ).to.deep.equal(['c1']);
    expect(harness.bus.named('sync.completed', tenant.id)).to.have.length(0);
    expect(harness.bus.named('kpis.changed', tenant.id)).to.have.length(1);
    const stored = await harness.syncRuns.get(tenant.id, summary.runId);
    expect([stored?.status, stored?.invalidRows, stored?.errors.length]).to.deep.equal([
      'failed',
      11,
      summary.errors.length,
    ]);
  });

  it('when more than 50 problems occur, the run keeps the first 50 and still counts every invalid row', async () => {
    const tenant = testTenant('USD', 'UTC');
    const source: AdsSource = {
      ...garbageSource(),
      listAccounts: async () => [accountA],
      async *dailyMetrics() {
        for (let index = 0; index < 60; index += 1)
          yield { rows: [{ ...metric('2026-02-05', 1), clicks: -index - 1 }], state: { index }, apiCalls: 1 };
      },
    };
    const summary = await syncOnce(harness, tenant, undefined, {
      source,
      range: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect([summary.status, summary.invalidRows, summary.errors.length]).to.deep.equal(['succeeded', 63, 50]);
    expect(summary.apiCalls).to.equal(1 + 1 + 60);
  });

  it('when the tenant currency has no rates, every converted row is flagged and kept, never dropped', async () => {
    const tenant = testTenant('ZAR', 'UTC');
    const source: AdsSource = { ...garbageSource(), listAccounts: async () => [accountA] };
    const summary = await syncOnce(harness, tenant, undefined, {
      source,
      range: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(summary.status).to.equal('succeeded');
    const metrics = await harness.models.metricsDaily.collection.find({ tenantId: tenant.id }).toArray();
    expect(metrics).to.have.length(4);
    for (const row of metrics)
      expect(row).to.include({
        fxMissing: true,
        spendCentsTenant: null,
        revenueCentsTenant: null,
        tenantCurrency: 'ZAR',
      });
  });

  it('when demo rates are ensured again, nothing is inserted; missing days are filled back in one call', async () => {
    const collection = harness.models.fxRates.collection;
    expect(await collection.countDocuments()).to.equal(1461);
    expect(await ensureDemoFxRates(harness.models)).to.equal(0);
    await collection.deleteMany({ date: { $in: ['2025-07-04', '2026-12-25'] } });
    expect(await ensureDemoFxRates(harness.models)).to.equal(2);
    expect(await collection.countDocuments()).to.equal(1461);
  });
});

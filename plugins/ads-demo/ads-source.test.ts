import { expect } from 'chai';
import { adAccountSchema, campaignSchema, dailyMetricSchema } from '../../core/plugin-api/index.js';
import type { AdAccount, DailyMetric, JsonObject, SyncBatch } from '../../core/plugin-api/index.js';
import { ADS_DEMO_BATCH_SIZE, createAdsDemoSource } from './ads-source.js';
import { createAdsDemoHealthCheck } from './health.js';
import { createTestRuntime, openCall } from './test-support.js';

async function collect(
  iterable: AsyncIterable<SyncBatch<DailyMetric, JsonObject>>,
  limit = Infinity,
): Promise<SyncBatch<DailyMetric, JsonObject>[]> {
  const batches: SyncBatch<DailyMetric, JsonObject>[] = [];
  for await (const batch of iterable) {
    batches.push(batch);
    if (batches.length >= limit) break;
  }
  return batches;
}

describe('ads-demo source', () => {
  it('when accounts, campaigns and metrics are read, every record passes the plugin-api schemas and batches hold at most 1,000 rows', async () => {
    const { runtime } = createTestRuntime({ today: '2026-03-01' });
    const source = createAdsDemoSource(runtime);
    const accounts = await source.listAccounts(openCall);
    expect(accounts.every((account) => adAccountSchema.safeParse(account).success)).to.equal(true);
    const account = accounts[0] as AdAccount;
    for await (const batch of source.campaigns(account, undefined, openCall))
      expect(batch.rows.every((campaign) => campaignSchema.safeParse(campaign).success)).to.equal(true);
    const batches = await collect(
      source.dailyMetrics(account, { from: '2025-06-01', to: '2026-03-01' }, undefined, openCall),
    );
    expect(
      batches.every((batch) => batch.rows.length <= ADS_DEMO_BATCH_SIZE && batch.apiCalls === 1),
    ).to.equal(true);
    expect(
      batches.flatMap((batch) => batch.rows).every((row) => dailyMetricSchema.safeParse(row).success),
    ).to.equal(true);
  });

  for (const [label, size] of [
    ['the standard set', 'standard'],
    ['600 campaigns per account (batches end mid-day)', { campaigns: 3_000, days: 6 }],
  ] as const) {
    it(`when a sync of ${label} stops after two batches and resumes from the state, the rows equal one pass exactly`, async () => {
      // Two installations with the same config: each run is its store's first sync (same late-data values).
      const onePassSource = createAdsDemoSource(createTestRuntime({ size, today: '2026-03-01' }).runtime);
      const source = createAdsDemoSource(createTestRuntime({ size, today: '2026-03-01' }).runtime);
      const account = (await source.listAccounts(openCall))[0] as AdAccount;
      const range = { from: '2025-01-01', to: '2026-03-01' };
      const onePass = (
        await collect(onePassSource.dailyMetrics(account, range, undefined, openCall))
      ).flatMap((batch) => batch.rows);
      const firstPart = await collect(source.dailyMetrics(account, range, undefined, openCall), 2);
      const checkpoint = JSON.parse(JSON.stringify(firstPart.at(-1)?.state)) as JsonObject;
      const rest = await collect(source.dailyMetrics(account, range, checkpoint, openCall));
      const resumed = [...firstPart, ...rest].flatMap((batch) => batch.rows);
      const keys = resumed.map((row) => `${row.campaignExternalId}|${row.date}`);
      expect(new Set(keys).size).to.equal(keys.length);
      expect(resumed).to.deep.equal(onePass);
    });
  }

  it('when the state is garbage, the stream fails with a system PluginError', async () => {
    const { runtime } = createTestRuntime({ today: '2026-03-01' });
    const source = createAdsDemoSource(runtime);
    const account = (await source.listAccounts(openCall))[0] as AdAccount;
    const error = await collect(
      source.dailyMetrics(account, { from: '2026-01-01', to: '2026-01-31' }, { nextDay: 'soon' }, openCall),
    ).catch((caught: unknown) => caught);
    expect(error).to.have.property('kind', 'system');
  });

  it('when the key is valid the check is ok, when revoked it reports auth_error without throwing', async () => {
    expect((await createAdsDemoHealthCheck(createTestRuntime().runtime).check(openCall)).status).to.equal(
      'ok',
    );
    const revoked = createTestRuntime({ apiKey: 'revoked-key-1' }).runtime;
    expect((await createAdsDemoHealthCheck(revoked).check(openCall)).status).to.equal('auth_error');
  });
});

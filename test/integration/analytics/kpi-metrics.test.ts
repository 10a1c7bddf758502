import { expect } from 'chai';
import type { KpiAnswer } from '../../../core/analytics/kpi-answer.js';
import { insertAccounts, insertCampaigns, insertMetrics } from './support/kpi-fixtures.js';
import { startAnalyticsTestApp } from './support/analytics-test-app.js';
import type { AnalyticsTestApp, KpiTestTenant } from './support/analytics-test-app.js';

describe('KPI service: metrics from hand-computed fixtures (integration, embedded DB)', () => {
  let app: AnalyticsTestApp;
  let tenant: KpiTestTenant;

  before(async () => {
    app = await startAnalyticsTestApp({ now: '2026-03-15T12:00:00Z' });
    tenant = await app.seedTenant('metrics');
    await insertAccounts(app.connection, tenant.id, [
      { platform: 'meta', externalId: 'act_1' },
      { platform: 'google', externalId: 'act_g', currency: 'EUR' },
      { platform: 'tiktok', externalId: 'act_t' },
    ]);
    await insertCampaigns(app.connection, tenant.id, [
      { platform: 'meta', externalId: 'c1', name: 'Spring sale' },
      { platform: 'google', accountId: 'act_g', externalId: 'c2', name: 'Brand search' },
      { platform: 'tiktok', accountId: 'act_t', externalId: 'c3', name: 'Awareness' },
    ]);
    await insertMetrics(app.connection, tenant, [
      // prettier-ignore
      { platform: 'meta', campaignId: 'c1', date: '2026-03-01', impressions: 10_000, clicks: 200, conversions: 10, spendCents: 50_000, revenueCents: 150_000 },
      // prettier-ignore
      { platform: 'meta', campaignId: 'c1', date: '2026-03-02', impressions: 5_000, clicks: 100, conversions: 5, spendCents: 25_000, revenueCents: 50_000 },
      // An EUR account: ingest converted 92.00 EUR to 100.00 USD (rate 0.92) and kept both.
      // prettier-ignore
      { platform: 'google', accountId: 'act_g', campaignId: 'c2', date: '2026-03-01', impressions: 2_000, clicks: 50, conversions: 2, spendCents: 9_200, revenueCents: 18_400, currency: 'EUR', spendCentsTenant: 10_000, revenueCentsTenant: 20_000 },
      // prettier-ignore
      { platform: 'tiktok', accountId: 'act_t', campaignId: 'c3', date: '2026-03-02', impressions: 1_000 },
      // Outside the range: must not count.
      // prettier-ignore
      { platform: 'meta', campaignId: 'c1', date: '2026-03-03', impressions: 999, clicks: 9, conversions: 9, spendCents: 999, revenueCents: 999 },
    ]);
  });
  after(async () => {
    if (app !== undefined) await app.close();
  });

  const totals = (answer: KpiAnswer) => answer.totals;

  it('when totals are asked for, every metric is computed from sums (ROAS = Σrevenue / Σspend), money in tenant minor units', async () => {
    const answer = await app.analytics.service.query(tenant.id, { from: '2026-03-01', to: '2026-03-02' });
    expect(totals(answer)).to.deep.equal({
      spend: 85_000,
      revenue: 220_000,
      impressions: 18_000,
      clicks: 350,
      conversions: 17,
      roas: 220_000 / 85_000,
      cpa: 5_000,
      cpc: 243, // 242.857… rounded half to even
      cpm: 4_722, // 85,000 × 1,000 / 18,000 = 4,722.2…
      ctr: 350 / 18_000,
      cvr: 17 / 350,
      aov: 12_941, // 220,000 / 17 = 12,941.17…
    });
    expect(answer.currency).to.equal('USD');
    expect(answer.timezone).to.equal('America/New_York');
    expect([answer.from, answer.to, answer.range]).to.deep.equal(['2026-03-01', '2026-03-02', null]);
    // An average of the campaigns' ROAS would be (3 + 2 + 2) / 3 = 2.33…, not 2.588…
    expect(answer.totals.roas).to.be.closeTo(2.588235, 1e-6);
  });

  it('when a group spent nothing, ratios with a zero denominator are null, never Infinity or NaN', async () => {
    const answer = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-02',
      platforms: ['tiktok'],
    });
    expect(answer.totals).to.deep.equal({
      spend: 0,
      revenue: 0,
      impressions: 1_000,
      clicks: 0,
      conversions: 0,
      roas: null,
      cpa: null,
      cpc: null,
      cpm: 0,
      ctr: 0,
      cvr: null,
      aov: null,
    });
    const empty = await app.analytics.service.query(tenant.id, { from: '2025-01-01', to: '2025-01-31' });
    expect(Object.values(empty.totals).every((value) => value === 0 || value === null)).to.equal(true);
    expect(empty.totals.roas).to.equal(null);
  });

  it('when broken down by campaign, each row carries its name and sums; rows sort by spend and respect the limit', async () => {
    const answer = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-02',
      groupBy: 'campaign',
      metrics: ['spend', 'roas', 'cpc'],
      limit: 2,
    });
    expect(answer.rowCount).to.equal(3);
    expect(
      answer.rows.map((row) => ({
        key: row.key,
        label: row.label,
        account: row.accountId,
        values: row.values,
      })),
    ).to.deep.equal([
      {
        key: 'meta:c1',
        label: 'Spring sale',
        account: 'act_1',
        values: { spend: 75_000, roas: 200_000 / 75_000, cpc: 250 },
      },
      {
        key: 'google:c2',
        label: 'Brand search',
        account: 'act_g',
        values: { spend: 10_000, roas: 2, cpc: 200 },
      },
    ]);
    const byRoas = await app.analytics.service.query(tenant.id, {
      from: '2026-03-01',
      to: '2026-03-02',
      groupBy: 'campaign',
      metrics: ['roas'],
      sort: 'roas',
    });
    // Ascending, null (no spend) last whatever the direction.
    expect(byRoas.rows.map((row) => row.key)).to.deep.equal(['google:c2', 'meta:c1', 'tiktok:c3']);
  });

  it('when grouped by platform and by day, the rows add up to the totals', async () => {
    const query = { from: '2026-03-01', to: '2026-03-02', metrics: ['spend', 'impressions'] as const };
    const byPlatform = await app.analytics.service.query(tenant.id, {
      ...query,
      metrics: [...query.metrics],
      groupBy: 'platform',
    });
    expect(byPlatform.rows.map((row) => [row.key, row.values.spend])).to.deep.equal([
      ['meta', 75_000],
      ['google', 10_000],
      ['tiktok', 0],
    ]);
    const byDay = await app.analytics.service.query(tenant.id, {
      ...query,
      metrics: [...query.metrics],
      groupBy: 'day',
    });
    expect(byDay.rows.map((row) => [row.key, row.values.spend, row.values.impressions])).to.deep.equal([
      ['2026-03-01', 60_000, 12_000],
      ['2026-03-02', 25_000, 6_000],
    ]);
  });

  it('when a query is malformed, the service refuses it naming the field', async () => {
    const attempts: [unknown, string][] = [
      [{ from: '2026-03-02', to: '2026-03-01' }, 'from'],
      [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
      [{ range: 'last_8_days' }, 'range'],
      [{ range: 'today', from: '2026-03-01' }, 'range'],
      [{ range: 'today', metrics: ['profit'] }, 'metrics.0'],
      [{ range: 'today', sort: '-profit' }, 'sort'],
      [{ from: '2020-01-01', to: '2026-03-01' }, 'to'],
    ];
    for (const [input, path] of attempts) {
      const error = await app.analytics.service
        .query(tenant.id, input as Parameters<typeof app.analytics.service.query>[1])
        .then(
          () => undefined,
          (caught: unknown) => caught as { code: string; details: { path: string }[] },
        );
      expect(error?.code, JSON.stringify(input)).to.equal('INPUT_VALIDATION_FAILED');
      expect(error?.details.map((detail) => detail.path)).to.include(path);
    }
  });
});

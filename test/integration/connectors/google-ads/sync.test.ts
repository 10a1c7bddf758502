import { expect } from 'chai';
import { demoFxRatesOf } from '../../../../core/ingest/fx/demo-rates.js';
import { googleAdsFixture } from '../../../fakes/google-ads/fixtures.js';
import { startGoogleAdsFake } from '../../../fakes/google-ads/server.js';
import type { GoogleAdsFake } from '../../../fakes/google-ads/server.js';
import { expectKpiTotals, kpiApiTotals } from '../support/kpi-api.js';
import { startPlatformHarness } from '../support/platform-harness.js';
import type { PlatformHarness } from '../support/platform-harness.js';
import {
  CUSTOMERS,
  EXPECTED,
  FIXTURE_RANGE,
  PLUGIN_ID,
  SECRETS,
  fakeConfig,
  registry,
  snapshot,
  storedByAccount,
} from './support.js';

/** Tenant (USD) cents of the fixture's EUR and JPY rows at the demo rates, rounded per row. */
function expectedTenantSpend(): number {
  const data = googleAdsFixture();
  const minor = (micros: string, exponent: number) => {
    const value = Number(micros) / 10 ** (6 - exponent);
    return Math.sign(value) * Math.round(Math.abs(value));
  };
  let total = EXPECTED.us.spendCents;
  for (const row of data.daily) {
    const rates = demoFxRatesOf(row.date);
    if (row.customerId === CUSTOMERS.de)
      total += Math.round(minor(row.costMicros, 2) / (rates['EUR'] ?? NaN));
    if (row.customerId === CUSTOMERS.jp)
      total += Math.round((minor(row.costMicros, 0) * 100) / (rates['JPY'] ?? NaN));
  }
  return total;
}

describe('google ads: sync through the fake', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: GoogleAdsFake;

  beforeEach(async () => {
    harness = await startPlatformHarness({ registry });
    fake = await startGoogleAdsFake();
  });
  afterEach(async () => {
    await fake.close();
    await harness.close();
  });

  it('when USD, EUR and JPY customers are synced, stored accounts, campaigns and daily figures equal the hand-computed ones', async () => {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'America/New_York' });
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    const summary = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.invalidRows).to.equal(0);

    const stored = await storedByAccount(harness.connection, tenant);
    for (const key of ['us', 'de', 'jp'] as const) {
      const figures = stored[CUSTOMERS[key]];
      const { conversions, ...exact } = EXPECTED[key];
      expect(figures, key).to.include(exact);
      expect(figures?.conversions, key).to.be.closeTo(conversions, 1e-9);
    }
    const totals = await harness.totals(tenant, 'google');
    expect(totals.rows).to.equal(14);
    expect(totals.spendCents).to.be.closeTo(expectedTenantSpend(), 2);

    // The KPI service (what /api/v1/kpis answers) gives the same sums and ratios from them.
    const answer = await harness.platform.analytics.service.query(tenant.tenantId, {
      from: FIXTURE_RANGE.from,
      to: FIXTURE_RANGE.to,
      platforms: ['google'],
      metrics: ['spend', 'revenue', 'impressions', 'clicks', 'roas'],
    });
    expect(answer.currency).to.equal('USD');
    expect(answer.totals).to.deep.include({
      spend: totals.spendCents,
      revenue: totals.revenueCents,
      impressions: totals.impressions,
      clicks: totals.clicks,
    });
    expect(answer.totals.roas).to.be.closeTo(totals.revenueCents / totals.spendCents, 1e-9);
    // And over HTTP, as a client of GET /api/v1/kpis reads it, equal to the hand-computed spend.
    const overHttp = await kpiApiTotals(harness, tenant, 'google', FIXTURE_RANGE);
    expect(overHttp.spend).to.be.closeTo(expectedTenantSpend(), 2);
    expectKpiTotals(overHttp, {
      currency: 'USD',
      spendCents: totals.spendCents,
      revenueCents: totals.revenueCents,
      conversions: totals.conversions,
    });

    const accounts = await harness.connection
      .collection('adAccounts')
      .find(
        { tenantId: tenant.tenantId },
        { projection: { _id: 0, externalId: 1, currency: 1, timezone: 1, status: 1 } },
      )
      .sort({ externalId: 1 })
      .toArray();
    expect(accounts).to.deep.equal([
      { externalId: CUSTOMERS.us, currency: 'USD', timezone: 'America/New_York', status: 'active' },
      { externalId: CUSTOMERS.de, currency: 'EUR', timezone: 'Europe/Berlin', status: 'active' },
      { externalId: CUSTOMERS.jp, currency: 'JPY', timezone: 'Asia/Tokyo', status: 'active' },
    ]);
    const campaigns = await harness.connection
      .collection('campaigns')
      .find(
        { tenantId: tenant.tenantId },
        { projection: { _id: 0, externalId: 1, status: 1, objective: 1, dailyBudgetCents: 1 } },
      )
      .sort({ externalId: 1 })
      .toArray();
    expect(campaigns).to.deep.equal([
      { externalId: '11', status: 'active', objective: 'traffic', dailyBudgetCents: 5_000 },
      { externalId: '12', status: 'paused', objective: 'awareness', dailyBudgetCents: null },
      { externalId: '13', status: 'deleted', objective: 'sales', dailyBudgetCents: null },
      { externalId: '21', status: 'active', objective: 'sales', dailyBudgetCents: 2_000 },
      { externalId: '22', status: 'active', objective: 'sales', dailyBudgetCents: 1_235 },
      { externalId: '31', status: 'active', objective: 'traffic', dailyBudgetCents: 5_000 },
      { externalId: '32', status: 'paused', objective: 'video_views', dailyBudgetCents: 1_501 },
    ]);
    const jpDays = await harness.connection
      .collection('metricsDaily')
      .distinct('date', { tenantId: tenant.tenantId, accountId: CUSTOMERS.jp });
    expect(jpDays).to.deep.equal(['2026-03-01', '2026-03-02', '2026-03-03']);

    // Headers per the reference: Bearer token, login-customer-id of the manager, developer token.
    const tokenRequests = fake.requests.filter((request) => request.path === '/token');
    expect(tokenRequests).to.have.length(1);
    const api = fake.apiRequests();
    expect(
      api.every(
        (request) => request.headers['authorization'] === `Bearer ${fake.issuedAccessTokens[0] ?? ''}`,
      ),
    ).to.equal(true);
    expect(api.every((request) => request.headers['login-customer-id'] === '9999999999')).to.equal(true);
    expect(api.every((request) => request.headers['developer-token'] === SECRETS.developerToken)).to.equal(
      true,
    );
    // Every request is booked, the token refresh and listAccounts' customer queries included.
    expect(summary.apiCalls).to.equal(fake.requests.length);
    const logs = harness.logs.join('\n');
    for (const secret of [
      SECRETS.clientSecret,
      SECRETS.refreshToken,
      SECRETS.developerToken,
      ...fake.issuedAccessTokens,
    ])
      expect(logs).not.to.include(secret);
  });

  it('when the range is synced again, nothing changes; after Google restates a day, only that day changes', async () => {
    const tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    const first = await snapshot(harness.connection, tenant);
    const again = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    expect(again.status).to.equal('succeeded');
    expect(await snapshot(harness.connection, tenant)).to.deep.equal(first);

    fake.restate(CUSTOMERS.jp, '31', '2026-03-02', { conversions: 5, conversionsValue: 15_000 });
    await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    const third = await snapshot(harness.connection, tenant);
    const changed = [...third.keys()].filter((key) => third.get(key) !== first.get(key));
    expect(changed).to.deep.equal(['31|2026-03-02']);
    expect(third.size).to.equal(first.size);
    const restated = JSON.parse(third.get('31|2026-03-02') ?? '{}') as {
      conversions: number;
      revenueCents: number;
    };
    expect(restated).to.include({ conversions: 5, revenueCents: 15_000 });
  });

  it('when a sync is aborted after two batches and resumed with the same run, the rows have no gaps and no duplicates', async () => {
    await fake.close();
    fake = await startGoogleAdsFake({ pageSize: 2 });
    const tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    const controller = new AbortController();
    const first = await harness.sync(tenant, PLUGIN_ID, {
      range: FIXTURE_RANGE,
      signal: controller.signal,
      onBatch: (batches) => {
        if (batches === 6) controller.abort(new Error('killed mid-way'));
      },
    });
    expect(first.status).to.equal('cancelled');
    const partial = await harness.totals(tenant, 'google');
    expect(partial.rows).to.be.above(0).and.below(14);

    const resumed = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE, runId: first.runId });
    expect(resumed.status, JSON.stringify(resumed.errors)).to.equal('succeeded');
    expect(resumed.rows.metrics).to.equal(14);
    const stored = await storedByAccount(harness.connection, tenant);
    for (const key of ['us', 'de', 'jp'] as const) {
      const { conversions: _conversions, ...exact } = EXPECTED[key];
      expect(stored[CUSTOMERS[key]], key).to.include(exact);
    }
    // The resumed attempt re-posted checkpointed page tokens; the fake accepted every one.
    const searches = fake.apiRequests().filter((request) => request.path.endsWith('googleAds:search'));
    expect(searches.every((request) => request.status === 200)).to.equal(true);
  });

  it('when rows are malformed (wrong types, missing fields, unknown enum values), each is reported and skipped, the rest stored', async () => {
    await fake.close();
    fake = await startGoogleAdsFake({
      tamper: (row, info) => {
        const metrics = row['metrics'] as Record<string, unknown> | undefined;
        const campaign = row['campaign'] as Record<string, unknown> | undefined;
        if (info.campaignId === '11' && info.date === '2026-03-02' && metrics) metrics['impressions'] = '12x';
        if (info.campaignId === '21' && info.date === '2026-03-03' && campaign) delete campaign['id'];
        if (info.campaignId === '31' && info.date === '2026-03-01' && metrics)
          metrics['conversions'] = 'lots';
        if (info.campaignId === '32' && info.date === undefined && campaign)
          campaign['status'] = 'PAUSED_FOREVER';
        return row;
      },
    });
    const tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    const summary = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    const stored = await storedByAccount(harness.connection, tenant);
    // US loses 11/03-02 (1200 imp, 2000 ¢), DE loses 21/03-03 (1900 imp, 1444 ¢), JP loses 31/03-01 and 32/03-03.
    expect(stored[CUSTOMERS.us]).to.include({ rows: 6, impressions: 11_800, spendCents: 3_635 });
    expect(stored[CUSTOMERS.de]).to.include({ rows: 3, impressions: 4_400, spendCents: 3_383 });
    expect(stored[CUSTOMERS.jp]).to.include({ rows: 1, impressions: 3_100, spendCents: 2_600 });
    const campaignIds = await harness.connection
      .collection('campaigns')
      .distinct('externalId', { tenantId: tenant.tenantId });
    expect(campaignIds).not.to.include('32');

    const rejected = harness.logs
      .filter((line) => line.includes('google ads row rejected'))
      .map((line) => JSON.parse(line) as { row: string; reason: string });
    expect(rejected.map((entry) => entry.row).sort()).to.deep.equal([
      '11|2026-03-02',
      '31|2026-03-01',
      '32',
      '?|2026-03-03',
    ]);
    expect(rejected.find((entry) => entry.row === '11|2026-03-02')?.reason).to.match(/metrics\.impressions/);
    expect(rejected.find((entry) => entry.row === '32')?.reason).to.match(/unknown value PAUSED_FOREVER/);
    // The host reports the orphaned metrics of the rejected campaign per row as well.
    expect(summary.invalidRows).to.equal(1);
    expect(summary.errors.map((error) => error.code)).to.include('INGEST_CAMPAIGN_UNKNOWN');
  });
});

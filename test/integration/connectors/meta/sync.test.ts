import { expect } from 'chai';
import { FIXTURE_DAYS, FIXTURE_FROM, FIXTURE_TO } from '../../../fakes/meta/fixtures.js';
import { expectKpiTotals, kpiApiTotals } from '../support/kpi-api.js';
import { PLUGIN_ID, expectedTotals, startMetaSuite } from './support.js';
import type { MetaSuite } from './support.js';

const range = { from: FIXTURE_FROM, to: FIXTURE_TO };
const allDays = new Set(FIXTURE_DAYS);

describe('ads-meta sync through the fake Marketing API', function () {
  this.timeout(20_000);
  let suite: MetaSuite;

  before(async () => {
    suite = await startMetaSuite();
  });
  after(async () => {
    await suite.close();
  });

  it('when a tenant syncs three accounts in three currencies, the stored totals equal the hand-computed ones', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant);
    const summary = await suite.harness.sync(tenant, PLUGIN_ID, { range });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.invalidRows).to.equal(0);
    const expected = expectedTotals(suite.fake.accounts, allDays);
    expect(await suite.harness.totals(tenant, 'meta')).to.deep.equal(expected);
    // What a client of GET /api/v1/kpis reads for the tenant equals the same hand-computed sums.
    expectKpiTotals(await kpiApiTotals(suite.harness, tenant, 'meta', range), {
      currency: 'USD',
      spendCents: expected.spendCents,
      revenueCents: expected.revenueCents,
      conversions: expected.conversions,
    });
    // 3 accounts + 6 campaigns + 60 campaign-days.
    expect(summary.rows).to.deep.include({ accounts: 3, campaigns: 6, metrics: 60 });
    const tokyo = await suite.harness.connection
      .collection('adAccounts')
      .findOne({ tenantId: tenant.tenantId, externalId: 'act_1002' });
    expect(tokyo).to.include({ currency: 'JPY', timezone: 'Asia/Tokyo', status: 'active' });
    const jpDay = await suite.harness.connection
      .collection('metricsDaily')
      .findOne({ tenantId: tenant.tenantId, campaignId: '3001', date: FIXTURE_TO });
    expect(jpDay).to.include({
      currency: 'JPY',
      spendCents: 1_200 + 37 * 9 + 11 * 3,
      spendCentsTenant: 1_200 + 37 * 9 + 11 * 3,
    });
    const campaigns = await suite.harness.connection
      .collection('campaigns')
      .find(
        { tenantId: tenant.tenantId },
        { projection: { _id: 0, externalId: 1, status: 1, objective: 1, dailyBudgetCents: 1 } },
      )
      .sort({ externalId: 1 })
      .toArray();
    expect(campaigns).to.deep.equal([
      { externalId: '2001', status: 'active', objective: 'sales', dailyBudgetCents: 5_000 },
      { externalId: '2002', status: 'paused', objective: 'traffic', dailyBudgetCents: null },
      { externalId: '2003', status: 'archived', objective: 'sales', dailyBudgetCents: 2_000 },
      { externalId: '3001', status: 'active', objective: 'sales', dailyBudgetCents: 3_000 },
      { externalId: '3002', status: 'active', objective: 'awareness', dailyBudgetCents: null },
      { externalId: '4001', status: 'active', objective: 'leads', dailyBudgetCents: 10_000 },
    ]);
  });

  it('when the same range is synced again after Meta restated a late day, only that day changes', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant);
    await suite.harness.sync(tenant, PLUGIN_ID, { range });
    const metrics = suite.harness.connection.collection('metricsDaily');
    const before = await metrics
      .find({ tenantId: tenant.tenantId }, { projection: { _id: 0, syncedAt: 0 } })
      .toArray();
    const campaign = suite.fake.campaign('2001');
    const late = campaign?.days.get('2026-11-09');
    if (campaign === undefined || late === undefined || 'raw' in late) throw new Error('fixture changed');
    const restated = {
      ...late,
      actions: [
        { action_type: 'omni_purchase', value: '9' },
        { action_type: 'purchase', value: '9' },
      ],
    };
    campaign.days.set('2026-11-09', restated);
    try {
      const second = await suite.harness.sync(tenant, PLUGIN_ID, { range });
      expect(second.status).to.equal('succeeded');
      const after = await metrics
        .find({ tenantId: tenant.tenantId }, { projection: { _id: 0, syncedAt: 0 } })
        .toArray();
      expect(after).to.have.length(before.length);
      const key = (row: Record<string, unknown>) => `${String(row['campaignId'])}|${String(row['date'])}`;
      const changed = after.filter((row) => {
        const old = before.find((candidate) => key(candidate) === key(row));
        return JSON.stringify(old) !== JSON.stringify(row);
      });
      expect(changed.map(key)).to.deep.equal(['2001|2026-11-09']);
      expect(changed[0]).to.include({ conversions: 9 });
    } finally {
      campaign.days.set('2026-11-09', late);
    }
  });

  it('when a sync is aborted mid-way and resumed with the same run, nothing is missing or doubled', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant);
    const controller = new AbortController();
    const first = await suite.harness.sync(tenant, PLUGIN_ID, {
      range,
      signal: controller.signal,
      onBatch: (batches) => {
        if (batches === 4) controller.abort(new Error('killed'));
      },
    });
    expect(first.status).to.equal('cancelled');
    const partial = await suite.harness.totals(tenant, 'meta');
    expect(partial.rows).to.be.greaterThan(0).and.lessThan(60);
    const insightsCallsBefore = suite.fake.requests.filter((request) =>
      request.path.endsWith('/insights'),
    ).length;
    const resumed = await suite.harness.sync(tenant, PLUGIN_ID, { range, runId: first.runId });
    expect(resumed.status).to.equal('succeeded');
    expect(await suite.harness.totals(tenant, 'meta')).to.deep.equal(
      expectedTotals(suite.fake.accounts, allDays),
    );
    // The resumed run continued from its cursor: it did not read every page again.
    const insightsCalls =
      suite.fake.requests.filter((request) => request.path.endsWith('/insights')).length -
      insightsCallsBefore;
    expect(insightsCalls).to.be.lessThan(Math.ceil(20 / 7) * 2 + Math.ceil(10 / 7) + 2);
  });

  it('when the range is longer than the async threshold, an async report job is polled and paged to the same totals', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant, { asyncReportAboveDays: 5 });
    const before = suite.fake.requests.length;
    const summary = await suite.harness.sync(tenant, PLUGIN_ID, { range });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(await suite.harness.totals(tenant, 'meta')).to.deep.equal(
      expectedTotals(suite.fake.accounts, allDays),
    );
    const made = suite.fake.requests.slice(before);
    const posts = made.filter((request) => request.method === 'POST' && request.path.endsWith('/insights'));
    expect(posts).to.have.length(3);
    const polls = made.filter((request) => /^\/v25\.0\/9\d+$/.test(request.path));
    expect(polls.length).to.be.at.least(3 * 3);
    expect(
      made.some((request) => request.method === 'GET' && /^\/v25\.0\/act_\d+\/insights$/.test(request.path)),
    ).to.equal(false);
  });

  it('when Meta times out on a synchronous insights query, the same days are read through an async job', async () => {
    const tenant = await suite.tenant();
    const fake = suite.fake;
    await suite.install(tenant);
    const limited = await startMetaSuite({ fake: { maxSyncInsightsRows: 15 } });
    try {
      const other = await limited.tenant();
      await limited.install(other);
      const summary = await limited.harness.sync(other, PLUGIN_ID, { range });
      expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
      expect(await limited.harness.totals(other, 'meta')).to.deep.equal(
        expectedTotals(fake.accounts, allDays),
      );
      const timeouts = limited.fake.requests.filter((request) => request.errorCode === 100);
      // Accounts 1001 (30 rows) and 1002 (20 rows) time out once each and are not retried as is.
      expect(timeouts).to.have.length(2);
      expect(limited.fake.requests.filter((request) => request.method === 'POST')).to.have.length(2);
    } finally {
      await limited.close();
    }
  });
});

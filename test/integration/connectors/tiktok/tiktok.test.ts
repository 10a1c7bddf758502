import { expect } from 'chai';
import { adsTiktokPlugin } from '../../../../plugins/ads-tiktok/index.js';
import { startTikTokFake } from '../../../fakes/tiktok/fake-tiktok.js';
import type { TikTokFake } from '../../../fakes/tiktok/fake-tiktok.js';
import {
  ADVERTISER_JPY,
  ADVERTISER_USD,
  CAMPAIGN_JPY_DAILY,
  CAMPAIGN_USD_DAILY,
  CAMPAIGN_USD_TOTAL,
  TIKTOK_TOKEN,
  smallTikTokData,
} from '../../../fakes/tiktok/fixtures.js';
import { startPlatformHarness } from '../support/platform-harness.js';
import type { HarnessTenant, PlatformHarness } from '../support/platform-harness.js';
import { expectKpiTotals, kpiApiTotals } from '../support/kpi-api.js';
import { storedRows, storedSumsByAccount, toTenantCurrency } from '../support/stored-totals.js';

const PLUGIN = 'ads-tiktok';
const RANGE = { from: '2026-11-01', to: '2026-11-03' };

// Hand-computed from smallTikTokData (half away from zero): USD spend 10.005→1001, 87.60→8760,
// 0.994→99, 5→500, 5.5→550, 12.345→1235; revenue 40.125→4013, 120→12000, 19.999→2000, 25.5→2550.
// JPY (no minor unit): spend 1234.5→1235, 999.49→999, 100; revenue 8000.4→8000, 5000.
const USD_SUMS = {
  spendCents: 12_145,
  revenueCents: 20_563,
  impressions: 4_830,
  clicks: 169,
  conversions: 7,
  rows: 6,
};
const JPY_SUMS = {
  spendCents: 2_334,
  revenueCents: 13_000,
  impressions: 20_305,
  clicks: 520,
  conversions: 6,
  rows: 3,
};
const JPY_SPEND_BY_DAY: [string, number][] = [
  ['2026-11-01', 1_235],
  ['2026-11-02', 999],
  ['2026-11-03', 100],
];
const JPY_REVENUE_BY_DAY: [string, number][] = [
  ['2026-11-01', 8_000],
  ['2026-11-02', 5_000],
];

describe('ads-tiktok through the TikTok fake (end to end)', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: TikTokFake;

  before(async () => {
    harness = await startPlatformHarness({ registry: [adsTiktokPlugin] });
  });
  after(async () => harness.close());
  beforeEach(async () => {
    fake = await startTikTokFake(smallTikTokData(), { tokens: [TIKTOK_TOKEN] });
  });
  afterEach(async () => fake.close());

  const install = async (
    overrides: Record<string, unknown> = {},
    tenantOptions = {},
  ): Promise<HarnessTenant> => {
    const tenant = await harness.createTenant({
      currency: 'USD',
      timezone: 'Europe/Berlin',
      ...tenantOptions,
    });
    await harness.install(tenant, PLUGIN, {
      accessToken: TIKTOK_TOKEN,
      advertiserIds: [ADVERTISER_USD, ADVERTISER_JPY],
      apiBaseUrl: fake.baseUrl,
      lateDataDays: 0,
      ...overrides,
    });
    return tenant;
  };

  it('when two advertisers sync, stored totals per account and in the tenant currency equal the hand-computed ones', async () => {
    const tenant = await install();
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.invalidRows).to.equal(0);
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'tiktok');
    expect(sums[ADVERTISER_USD]).to.deep.equal(USD_SUMS);
    expect(sums[ADVERTISER_JPY]).to.deep.equal(JPY_SUMS);
    const totals = await harness.totals(tenant, 'tiktok');
    const jpySpend = JPY_SPEND_BY_DAY.reduce(
      (sum, [day, yen]) => sum + toTenantCurrency(yen, 'JPY', 'USD', day),
      0,
    );
    const jpyRevenue = JPY_REVENUE_BY_DAY.reduce(
      (sum, [day, yen]) => sum + toTenantCurrency(yen, 'JPY', 'USD', day),
      0,
    );
    expect(totals.spendCents).to.equal(USD_SUMS.spendCents + jpySpend);
    expect(totals.revenueCents).to.equal(USD_SUMS.revenueCents + jpyRevenue);
    expect(totals.rows).to.equal(9);
    // What a client of GET /api/v1/kpis reads for the tenant equals the same hand-computed sums.
    expectKpiTotals(await kpiApiTotals(harness, tenant, 'tiktok', RANGE), {
      currency: 'USD',
      spendCents: USD_SUMS.spendCents + jpySpend,
      revenueCents: USD_SUMS.revenueCents + jpyRevenue,
      conversions: USD_SUMS.conversions + JPY_SUMS.conversions,
    });

    const accounts = await harness.connection
      .collection('adAccounts')
      .find({ tenantId: tenant.tenantId })
      .toArray();
    expect(
      accounts.map((account) => [account['externalId'], account['currency'], account['timezone']]),
    ).to.have.deep.members([
      [ADVERTISER_USD, 'USD', 'America/Los_Angeles'],
      [ADVERTISER_JPY, 'JPY', 'Asia/Tokyo'],
    ]);
    const campaigns = await harness.connection
      .collection('campaigns')
      .find({ tenantId: tenant.tenantId })
      .toArray();
    const byId = new Map(campaigns.map((campaign) => [campaign['externalId'], campaign]));
    expect(byId.get(CAMPAIGN_USD_DAILY)).to.include({
      dailyBudgetCents: 5_050,
      status: 'active',
      objective: 'sales',
    });
    expect(byId.get(CAMPAIGN_USD_TOTAL)).to.include({
      dailyBudgetCents: null,
      status: 'paused',
      objective: 'traffic',
    });
    expect(byId.get(CAMPAIGN_JPY_DAILY)).to.include({
      dailyBudgetCents: 3_000,
      currency: 'JPY',
      objective: 'video_views',
    });

    // advertiser info, one campaign page and one report page per advertiser: the pagination minimum.
    expect(fake.requests.map((request) => request.path)).to.have.length(5);
    expect(summary.apiCalls).to.equal(5);
    const report = fake.requests.find((request) => request.path.endsWith('/report/integrated/get/'));
    expect(JSON.parse(report?.params['metrics'] ?? '[]')).to.include.members([
      'complete_payment',
      'total_complete_payment_rate',
    ]);
  });

  it('when a second sync runs, only the late-data days it re-reads change', async () => {
    const tenant = await install({ lateDataDays: 1 });
    await harness.sync(tenant, PLUGIN, { range: RANGE });
    const before = await storedRows(harness.connection, tenant.tenantId, 'tiktok');
    const restate = (date: string, spend: string) => {
      const row = fake.data.rows.find(
        (candidate) => candidate.campaignId === CAMPAIGN_USD_DAILY && candidate.date === date,
      );
      if (row) row.metrics = { ...row.metrics, spend };
    };
    restate('2026-11-03', '1.994');
    restate('2026-11-01', '99');
    const requestsBefore = fake.requests.length;
    const summary = await harness.sync(tenant, PLUGIN, { range: { from: '2026-11-03', to: '2026-11-03' } });
    expect(summary.status).to.equal('succeeded');
    const after = await storedRows(harness.connection, tenant.tenantId, 'tiktok');
    expect(after).to.have.length(before.length);
    const changed = after.filter((row, index) => row.spendCents !== before[index]?.spendCents);
    expect(changed).to.deep.equal([
      {
        campaignId: CAMPAIGN_USD_DAILY,
        date: '2026-11-03',
        spendCents: 199,
        revenueCents: 0,
        accountId: ADVERTISER_USD,
      },
    ]);
    const reports = fake.requests
      .slice(requestsBefore)
      .filter((request) => request.path.endsWith('/report/integrated/get/'));
    expect(reports.map((request) => request.params['start_date'])).to.deep.equal([
      '2026-11-02',
      '2026-11-02',
    ]);
  });

  it('when a sync is aborted mid-way and resumed with the same run id, nothing is missing or stored twice', async () => {
    const tenant = await install({ pageSize: 1 });
    const controller = new AbortController();
    const first = await harness.sync(tenant, PLUGIN, {
      range: RANGE,
      signal: controller.signal,
      onBatch: (batches) => {
        if (batches === 6) controller.abort(new Error('worker stopped'));
      },
    });
    expect(first.status).to.equal('cancelled');
    const cut = fake.requests.length;
    const resumed = await harness.sync(tenant, PLUGIN, { range: RANGE, runId: first.runId });
    expect(resumed.status, JSON.stringify(resumed.errors)).to.equal('succeeded');
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'tiktok');
    expect(sums[ADVERTISER_USD]).to.deep.equal(USD_SUMS);
    expect(sums[ADVERTISER_JPY]).to.deep.equal(JPY_SUMS);
    const resumedReports = fake.requests
      .slice(cut)
      .filter(
        (request) =>
          request.path.endsWith('/report/integrated/get/') &&
          request.params['advertiser_id'] === ADVERTISER_USD,
      );
    // The resume continues after the last committed page instead of starting the report over.
    expect(resumedReports.length).to.be.greaterThan(0).and.lessThan(6);
    expect(Number(resumedReports[0]?.params['page'])).to.be.greaterThan(1);
  });

  it('when a storm of rate-limit answers comes, the sync rides it out with nothing lost and no request inside the wait', async () => {
    const tenant = await install({ rateLimitWaitMs: 1_000 });
    fake.rateLimit({ requests: 3, windowMs: 1_000 });
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(fake.requests.filter((request) => request.code === 40100)).to.have.length(3);
    expect(fake.requests.filter((request) => request.early)).to.deep.equal([]);
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'tiktok');
    expect(sums[ADVERTISER_USD]).to.deep.equal(USD_SUMS);
    expect(sums[ADVERTISER_JPY]).to.deep.equal(JPY_SUMS);
  });

  it('when the token was revoked, the run fails with an actionable auth error after exactly one request', async () => {
    const tenant = await install();
    fake.tokens.clear();
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status).to.equal('failed');
    expect(summary.errors[0]?.code).to.equal('TIKTOK_TOKEN_INVALID');
    expect(summary.errors[0]?.message).to.match(/re-authorise/);
    expect(fake.requests).to.have.length(1);
    const detail = await harness.platform.plugins.service.get(tenant.tenantId, PLUGIN);
    expect(detail.installation?.status).to.equal('auth_error');
    expect(harness.logs.join('\n')).not.to.include(TIKTOK_TOKEN);
  });

  it('when rows are malformed, each is reported and skipped while the rest is stored', async () => {
    const tenant = await install();
    const rows = fake.data.rows;
    const find = (campaignId: string, date: string) =>
      rows.find((row) => row.campaignId === campaignId && row.date === date);
    const spendText = find(CAMPAIGN_USD_DAILY, '2026-11-02');
    if (spendText) spendText.metrics = { ...spendText.metrics, spend: 'abc' };
    const missingClicks = find(CAMPAIGN_USD_DAILY, '2026-11-03');
    // A key holding `undefined` is left out of the JSON: the field is missing from the row.
    if (missingClicks) missingClicks.metrics = { ...missingClicks.metrics, clicks: undefined };
    const wrongType = find(CAMPAIGN_JPY_DAILY, '2026-11-01');
    if (wrongType) wrongType.metrics = { ...wrongType.metrics, impressions: { value: 3 } };
    fake.data.campaigns.push({
      id: '1800000000000000009',
      advertiserId: ADVERTISER_USD,
      name: 'Frozen',
      objective: 'REACH',
      budget: 10,
      budgetMode: 'BUDGET_MODE_DAY',
      operationStatus: 'FROZEN',
    });
    rows.push({
      campaignId: '1800000000000000009',
      date: '2026-11-01',
      metrics: { spend: '1', impressions: '1', clicks: '1' },
    });

    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    // Three malformed metric rows, one campaign with an unknown status and its one metric row.
    expect(summary.invalidRows).to.equal(5);
    const messages = summary.errors.map((error) => `${error.code} ${error.message}`).join('\n');
    expect(messages)
      .to.match(/spendCents/)
      .and.match(/clicks/)
      .and.match(/impressions/)
      .and.match(/status/);
    const stored = await storedRows(harness.connection, tenant.tenantId, 'tiktok');
    expect(stored).to.have.length(6);
    expect(stored.map((row) => `${row.campaignId} ${row.date}`)).not.to.include.members([
      `${CAMPAIGN_USD_DAILY} 2026-11-02`,
      `${CAMPAIGN_USD_DAILY} 2026-11-03`,
      `${CAMPAIGN_JPY_DAILY} 2026-11-01`,
    ]);
    const frozen = await harness.connection
      .collection('campaigns')
      .findOne({ tenantId: tenant.tenantId, externalId: '1800000000000000009' });
    expect(frozen).to.equal(null);
  });

  it('when actions run, the fake campaign changes in TikTok’s request shapes and a later sync reads it back', async () => {
    const tenant = await install();
    const actions = await harness.platform.plugins.runtime.actions(tenant.tenantId, PLUGIN);
    if (actions === undefined) throw new Error('ads-tiktok offers actions');
    const ctx = { signal: new AbortController().signal };
    const ref = { accountExternalId: ADVERTISER_USD, campaignExternalId: CAMPAIGN_USD_DAILY };
    const paused = await actions.pause(ref, ctx);
    expect(paused).to.include({ previous: 'active', current: 'paused' });
    expect(
      fake.data.campaigns.find((campaign) => campaign.id === CAMPAIGN_USD_DAILY)?.operationStatus,
    ).to.equal('DISABLE');
    const statusCall = fake.requests.find((request) => request.path.endsWith('/campaign/status/update/'));
    expect(statusCall?.body).to.deep.equal({
      advertiser_id: ADVERTISER_USD,
      campaign_ids: [CAMPAIGN_USD_DAILY],
      operation_status: 'DISABLE',
    });
    const budget = await actions.setDailyBudget(ref, 7_525, ctx);
    expect(budget).to.include({ previous: 5_050, current: 7_525 });
    expect(fake.data.campaigns.find((campaign) => campaign.id === CAMPAIGN_USD_DAILY)?.budget).to.equal(
      75.25,
    );
    await actions.setDailyBudget(
      { accountExternalId: ADVERTISER_JPY, campaignExternalId: CAMPAIGN_JPY_DAILY },
      4_500,
      ctx,
    );
    expect(fake.data.campaigns.find((campaign) => campaign.id === CAMPAIGN_JPY_DAILY)?.budget).to.equal(
      4_500,
    );
    const refused = await actions
      .setDailyBudget(
        { accountExternalId: ADVERTISER_USD, campaignExternalId: CAMPAIGN_USD_TOTAL },
        1_000,
        ctx,
      )
      .catch((error: unknown) => error);
    expect(refused).to.have.property('kind', 'config');

    await harness.sync(tenant, PLUGIN, { range: RANGE });
    const stored = await harness.connection
      .collection('campaigns')
      .findOne({ tenantId: tenant.tenantId, externalId: CAMPAIGN_USD_DAILY });
    expect(stored).to.include({ status: 'paused', dailyBudgetCents: 7_525 });
    const resumed = await actions.resume(ref, ctx);
    expect(resumed).to.include({ previous: 'paused', current: 'active' });
    expect(
      fake.data.campaigns.find((campaign) => campaign.id === CAMPAIGN_USD_DAILY)?.operationStatus,
    ).to.equal('ENABLE');
  });

  it('when checked, a good token is ok with the API version in the details and a revoked one is auth_error', async () => {
    const tenant = await install();
    const ok = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN);
    expect(ok.result.status).to.equal('ok');
    expect(ok.result.details).to.deep.include({
      apiVersion: 'v1.3',
      apiSunsetDate: null,
      apiSunsetInDays: null,
    });
    fake.tokens.clear();
    const refused = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN);
    expect(refused.result.status).to.equal('auth_error');
    expect(refused.result.message).to.match(/40105/);
  });
});

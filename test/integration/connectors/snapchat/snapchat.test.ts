import { expect } from 'chai';
import { adsSnapchatPlugin } from '../../../../plugins/ads-snapchat/index.js';
import {
  SNAP_CLIENT_ID,
  SNAP_CLIENT_SECRET,
  startSnapchatFake,
} from '../../../fakes/snapchat/fake-snapchat.js';
import type { SnapchatFake } from '../../../fakes/snapchat/fake-snapchat.js';
import {
  SNAP_ACCOUNT_KWD,
  SNAP_ACCOUNT_USD,
  SNAP_CAMPAIGN_KWD,
  SNAP_CAMPAIGN_USD_BUDGET,
  SNAP_CAMPAIGN_USD_SQUADS,
  SNAP_REFRESH_TOKEN,
  smallSnapData,
} from '../../../fakes/snapchat/fixtures.js';
import { startPlatformHarness } from '../support/platform-harness.js';
import type { HarnessTenant, PlatformHarness } from '../support/platform-harness.js';
import { expectKpiTotals, kpiApiTotals } from '../support/kpi-api.js';
import { storedRows, storedSumsByAccount, toTenantCurrency } from '../support/stored-totals.js';

const PLUGIN = 'ads-snapchat';
const RANGE = { from: '2026-11-01', to: '2026-11-03' };

// Hand-computed from smallSnapData, micros → minor units half away from zero. USD (÷10,000):
// spend 10,005,000→1001, 87,600,000→8760, 994,000→99, 5,000,000→500, 5,500,000→550,
// 12,345,000→1235; value 40,125,000→4013, 120,000,000→12000, 19,999,000→2000, 25,500,000→2550.
// KWD has three decimals (÷1,000): spend 1,234,500→1235, 999,490→999, 100,000→100; value 8,000,400→8000, 5,000,000→5000.
const USD_SUMS = {
  spendCents: 12_145,
  revenueCents: 20_563,
  impressions: 4_830,
  clicks: 169,
  conversions: 7,
  rows: 6,
};
const KWD_SUMS = {
  spendCents: 2_334,
  revenueCents: 13_000,
  impressions: 20_305,
  clicks: 520,
  conversions: 6,
  rows: 3,
};

describe('ads-snapchat through the Snapchat fake (end to end)', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: SnapchatFake;

  before(async () => {
    harness = await startPlatformHarness({ registry: [adsSnapchatPlugin] });
  });
  after(async () => harness.close());
  beforeEach(async () => {
    fake = await startSnapchatFake(smallSnapData(), { refreshTokens: [SNAP_REFRESH_TOKEN] });
  });
  afterEach(async () => fake.close());

  const install = async (overrides: Record<string, unknown> = {}): Promise<HarnessTenant> => {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'Europe/Berlin' });
    await harness.install(tenant, PLUGIN, {
      clientId: SNAP_CLIENT_ID,
      clientSecret: SNAP_CLIENT_SECRET,
      refreshToken: SNAP_REFRESH_TOKEN,
      adAccountIds: [SNAP_ACCOUNT_USD, SNAP_ACCOUNT_KWD],
      apiBaseUrl: fake.baseUrl,
      authBaseUrl: fake.baseUrl,
      lateDataDays: 0,
      ...overrides,
    });
    return tenant;
  };
  const statsRequests = (from = 0) =>
    fake.requests.slice(from).filter((request) => request.path.endsWith('/stats'));

  it('when two accounts sync, stored totals per account (USD, KWD) and in the tenant currency equal the hand-computed ones', async () => {
    const tenant = await install();
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.invalidRows).to.equal(0);
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'snapchat');
    expect(sums[SNAP_ACCOUNT_USD]).to.deep.equal(USD_SUMS);
    expect(sums[SNAP_ACCOUNT_KWD]).to.deep.equal(KWD_SUMS);
    const kwd = (fils: number, day: string) => toTenantCurrency(fils, 'KWD', 'USD', day);
    const spendCents =
      USD_SUMS.spendCents + kwd(1_235, '2026-11-01') + kwd(999, '2026-11-02') + kwd(100, '2026-11-03');
    const revenueCents = USD_SUMS.revenueCents + kwd(8_000, '2026-11-01') + kwd(5_000, '2026-11-02');
    const totals = await harness.totals(tenant, 'snapchat');
    expect(totals.spendCents).to.equal(spendCents);
    expect(totals.revenueCents).to.equal(revenueCents);
    // What a client of GET /api/v1/kpis reads for the tenant equals the same hand-computed sums.
    expectKpiTotals(await kpiApiTotals(harness, tenant, 'snapchat', RANGE), {
      currency: 'USD',
      spendCents,
      revenueCents,
      conversions: USD_SUMS.conversions + KWD_SUMS.conversions,
    });

    // Los Angeles leaves daylight time on 2026-11-01: the window starts at -07:00 and ends at -08:00.
    const losAngeles = statsRequests().find((request) => request.path.includes(SNAP_ACCOUNT_USD));
    expect(losAngeles?.path).to.equal(`/v1/adaccounts/${SNAP_ACCOUNT_USD}/stats`);
    expect(losAngeles?.params).to.include({
      granularity: 'DAY',
      breakdown: 'campaign',
      start_time: '2026-11-01T00:00:00-07:00',
      end_time: '2026-11-04T00:00:00-08:00',
      swipe_up_attribution_window: '28_DAY',
      view_attribution_window: '1_DAY',
    });
    const kuwait = statsRequests().find((request) => request.path.includes(SNAP_ACCOUNT_KWD));
    expect(kuwait?.params['start_time']).to.equal('2026-11-01T00:00:00+03:00');
    const stored = await storedRows(harness.connection, tenant.tenantId, 'snapchat');
    expect(
      stored.filter((row) => row.accountId === SNAP_ACCOUNT_USD).map((row) => row.date),
    ).to.include.members(['2026-11-01', '2026-11-03']);

    const campaigns = await harness.connection
      .collection('campaigns')
      .find({ tenantId: tenant.tenantId })
      .toArray();
    const byId = new Map(campaigns.map((campaign) => [campaign['externalId'], campaign]));
    expect(byId.get(SNAP_CAMPAIGN_USD_BUDGET)).to.include({
      dailyBudgetCents: 5_000,
      objective: 'sales',
      status: 'active',
    });
    expect(byId.get(SNAP_CAMPAIGN_USD_SQUADS)).to.include({ dailyBudgetCents: null, objective: 'awareness' });
    expect(byId.get(SNAP_CAMPAIGN_KWD)).to.include({ dailyBudgetCents: 12_346, currency: 'KWD' });
    // One token grant, one organisations call for the accounts, one campaign page per account in
    // each stream, one account stats call per account (every campaign in it, not one call per
    // campaign); every request is booked, the grant (made inside listAccounts) included.
    expect(fake.requests).to.have.length(8);
    expect(statsRequests()).to.have.length(2);
    expect(summary.apiCalls).to.equal(8);
  });

  it('when a second sync runs, only the late-data days it re-reads change', async () => {
    const tenant = await install({ lateDataDays: 1 });
    await harness.sync(tenant, PLUGIN, { range: RANGE });
    const before = await storedRows(harness.connection, tenant.tenantId, 'snapchat');
    for (const row of fake.data.rows)
      if (
        row.campaignId === SNAP_CAMPAIGN_USD_BUDGET &&
        (row.date === '2026-11-03' || row.date === '2026-11-01')
      )
        row.stats = { ...row.stats, spend: row.date === '2026-11-03' ? 1_994_000 : 99_000_000 };
    const cut = fake.requests.length;
    const summary = await harness.sync(tenant, PLUGIN, { range: { from: '2026-11-03', to: '2026-11-03' } });
    expect(summary.status).to.equal('succeeded');
    const after = await storedRows(harness.connection, tenant.tenantId, 'snapchat');
    expect(after).to.have.length(before.length);
    expect(after.filter((row, index) => row.spendCents !== before[index]?.spendCents)).to.deep.equal([
      {
        campaignId: SNAP_CAMPAIGN_USD_BUDGET,
        date: '2026-11-03',
        spendCents: 199,
        revenueCents: 0,
        accountId: SNAP_ACCOUNT_USD,
      },
    ]);
    expect(
      statsRequests(cut).find((request) => request.path.includes(SNAP_ACCOUNT_USD))?.params['start_time'],
    ).to.equal('2026-11-02T00:00:00-08:00');
  });

  it('when a sync is aborted mid-way and resumed with the same run id, nothing is missing or stored twice', async () => {
    // One day per stats request (2 entries at most, 2 campaigns in the USD account): 3 windows there.
    const tenant = await install({ batchRows: 1, statsEntriesPerRequest: 2 });
    const controller = new AbortController();
    let stopAfter = Number.POSITIVE_INFINITY;
    const first = await harness.sync(tenant, PLUGIN, {
      range: RANGE,
      signal: controller.signal,
      onBatch: (batches) => {
        // Stop two batches after the first day of the USD account was asked for: that day is stored.
        if (stopAfter === Number.POSITIVE_INFINITY && statsRequests().length === 1) stopAfter = batches + 2;
        if (batches >= stopAfter) controller.abort(new Error('worker stopped'));
      },
    });
    expect(first.status).to.equal('cancelled');
    const asked = statsRequests().map((request) => `${request.path} ${request.params['start_time']}`);
    const cut = fake.requests.length;
    const resumed = await harness.sync(tenant, PLUGIN, { range: RANGE, runId: first.runId });
    expect(resumed.status, JSON.stringify(resumed.errors)).to.equal('succeeded');
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'snapchat');
    expect(sums[SNAP_ACCOUNT_USD]).to.deep.equal(USD_SUMS);
    expect(sums[SNAP_ACCOUNT_KWD]).to.deep.equal(KWD_SUMS);
    // The first USD day was committed before the abort: the resume does not ask for it again.
    const firstDay = `/v1/adaccounts/${SNAP_ACCOUNT_USD}/stats 2026-11-01T00:00:00-07:00`;
    expect(asked).to.include(firstDay);
    const again = statsRequests(cut).map((request) => `${request.path} ${request.params['start_time']}`);
    expect(again).to.not.include(firstDay);
    expect(again).to.include(`/v1/adaccounts/${SNAP_ACCOUNT_USD}/stats 2026-11-03T00:00:00-08:00`);
  });

  it('when a storm of 429 answers comes, the sync rides it out with nothing lost and no request inside the wait', async () => {
    const tenant = await install({ rateLimitWaitMs: 1_000 });
    fake.rateLimit({ requests: 3, windowMs: 1_000 });
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(fake.requests.filter((request) => request.status === 429)).to.have.length(3);
    expect(fake.requests.filter((request) => request.early)).to.deep.equal([]);
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'snapchat');
    expect(sums[SNAP_ACCOUNT_USD]).to.deep.equal(USD_SUMS);
    expect(sums[SNAP_ACCOUNT_KWD]).to.deep.equal(KWD_SUMS);
  });

  it('when the refresh token was revoked, the run fails with an actionable auth error after exactly one request', async () => {
    const tenant = await install();
    fake.refreshTokens.clear();
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status).to.equal('failed');
    expect(summary.errors[0]?.code).to.equal('SNAPCHAT_REFRESH_TOKEN_INVALID');
    expect(summary.errors[0]?.message).to.match(/reconnect the Snapchat account/);
    expect(fake.requests).to.have.length(1);
    const detail = await harness.platform.plugins.service.get(tenant.tenantId, PLUGIN);
    expect(detail.installation?.status).to.equal('auth_error');
  });

  it('when the access token expires early, one refresh and one retry carry the sync on; no token reaches the logs', async () => {
    const tenant = await install();
    await harness.sync(tenant, PLUGIN, { range: RANGE });
    fake.expireAccessTokens();
    const cut = fake.requests.length;
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    const statuses = fake.requests.slice(cut, cut + 3).map((request) => `${request.status} ${request.path}`);
    expect(statuses).to.deep.equal([
      '401 /v1/me/organizations',
      '200 /login/oauth2/access_token',
      '200 /v1/me/organizations',
    ]);
    expect(
      fake.requests.slice(cut).filter((request) => request.path === '/login/oauth2/access_token'),
    ).to.have.length(1);
    const logs = harness.logs.join('\n');
    expect(logs).not.to.include(SNAP_REFRESH_TOKEN);
    expect(logs).not.to.include(SNAP_CLIENT_SECRET);
    expect(logs).not.to.match(/snap-access-/);
  });

  it('when rows are malformed, each is reported and skipped while the rest is stored', async () => {
    const tenant = await install();
    const find = (campaignId: string, date: string) =>
      fake.data.rows.find((row) => row.campaignId === campaignId && row.date === date);
    const asText = find(SNAP_CAMPAIGN_USD_BUDGET, '2026-11-02');
    if (asText) asText.stats = { ...asText.stats, spend: '87600000' };
    const missing = find(SNAP_CAMPAIGN_USD_SQUADS, '2026-11-01');
    if (missing) missing.stats = { ...missing.stats, impressions: undefined };
    const fraction = find(SNAP_CAMPAIGN_KWD, '2026-11-03');
    if (fraction) fraction.stats = { ...fraction.stats, swipes: 1.5 };
    const squads = fake.data.campaigns.find((campaign) => campaign.id === SNAP_CAMPAIGN_USD_SQUADS);
    fake.data.campaigns.push({
      ...(squads ?? smallSnapData().campaigns[0]!),
      id: 'c0000000-0000-4000-8000-000000000009',
      status: 'FROZEN',
    });
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.invalidRows).to.equal(4);
    const messages = summary.errors.map((error) => error.message).join('\n');
    expect(messages)
      .to.match(/spendCents/)
      .and.match(/impressions/)
      .and.match(/clicks/)
      .and.match(/status/);
    const stored = await storedRows(harness.connection, tenant.tenantId, 'snapchat');
    expect(stored).to.have.length(6);
    expect(stored.map((row) => `${row.campaignId} ${row.date}`)).not.to.include.members([
      `${SNAP_CAMPAIGN_USD_BUDGET} 2026-11-02`,
      `${SNAP_CAMPAIGN_USD_SQUADS} 2026-11-01`,
      `${SNAP_CAMPAIGN_KWD} 2026-11-03`,
    ]);
  });

  it('when actions run, the fake campaign changes through PUT of the whole campaign and a later sync reads it back', async () => {
    const tenant = await install();
    const actions = await harness.platform.plugins.runtime.actions(tenant.tenantId, PLUGIN);
    if (actions === undefined) throw new Error('ads-snapchat offers actions');
    const ctx = { signal: new AbortController().signal };
    const ref = { accountExternalId: SNAP_ACCOUNT_USD, campaignExternalId: SNAP_CAMPAIGN_USD_BUDGET };
    expect(await actions.pause(ref, ctx)).to.include({ previous: 'active', current: 'paused' });
    const campaign = () => fake.data.campaigns.find((candidate) => candidate.id === SNAP_CAMPAIGN_USD_BUDGET);
    expect(campaign()?.status).to.equal('PAUSED');
    const put = fake.requests.find((request) => request.method === 'PUT');
    expect(put?.path).to.equal(`/v1/adaccounts/${SNAP_ACCOUNT_USD}/campaigns`);
    expect(JSON.parse(String(put?.body))).to.deep.equal({
      campaigns: [
        {
          id: SNAP_CAMPAIGN_USD_BUDGET,
          name: 'US purchases',
          ad_account_id: SNAP_ACCOUNT_USD,
          status: 'PAUSED',
          objective: 'WEB_CONVERSION',
          start_time: '2026-01-01T00:00:00.000Z',
          daily_budget_micro: 50_000_000,
        },
      ],
    });
    expect(await actions.setDailyBudget(ref, 7_525, ctx)).to.include({ previous: 5_000, current: 7_525 });
    expect(campaign()?.dailyBudgetMicro).to.equal(75_250_000);
    await actions.setDailyBudget(
      { accountExternalId: SNAP_ACCOUNT_KWD, campaignExternalId: SNAP_CAMPAIGN_KWD },
      20_000,
      ctx,
    );
    expect(
      fake.data.campaigns.find((candidate) => candidate.id === SNAP_CAMPAIGN_KWD)?.dailyBudgetMicro,
    ).to.equal(20_000_000);
    await harness.sync(tenant, PLUGIN, { range: RANGE });
    const stored = await harness.connection
      .collection('campaigns')
      .findOne({ tenantId: tenant.tenantId, externalId: SNAP_CAMPAIGN_USD_BUDGET });
    expect(stored).to.include({ status: 'paused', dailyBudgetCents: 7_525 });
    expect(await actions.resume(ref, ctx)).to.include({ previous: 'paused', current: 'active' });
    expect(campaign()?.status).to.equal('ACTIVE');
  });

  it('when checked, valid credentials are ok with the API version in the details and a revoked refresh token is auth_error', async () => {
    const tenant = await install();
    const ok = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN);
    expect(ok.result.status).to.equal('ok');
    expect(ok.result.details).to.deep.include({
      apiVersion: 'v1',
      apiSunsetDate: null,
      apiSunsetInDays: null,
    });
    const other = await install();
    fake.refreshTokens.clear();
    const refused = await harness.platform.plugins.service.check(other.tenantId, PLUGIN);
    expect(refused.result.status).to.equal('auth_error');
    expect(refused.result.message).to.match(/invalid_grant/);
  });
});

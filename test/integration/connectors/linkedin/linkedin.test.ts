import { expect } from 'chai';
import { daysUntil } from '../../../../connectors/shared/index.js';
import { adsLinkedinPlugin } from '../../../../plugins/ads-linkedin/index.js';
import {
  LINKEDIN_CLIENT_ID,
  LINKEDIN_CLIENT_SECRET,
  startLinkedInFake,
} from '../../../fakes/linkedin/fake-linkedin.js';
import type { LinkedInFake } from '../../../fakes/linkedin/fake-linkedin.js';
import {
  LINKEDIN_REFRESH_TOKEN,
  LINKEDIN_TOKEN,
  LINKEDIN_VERSION,
  LI_ACCOUNT_EUR,
  LI_ACCOUNT_USD,
  LI_CAMPAIGN_EUR,
  LI_CAMPAIGN_USD_DAILY,
  LI_CAMPAIGN_USD_NO_BUDGET,
  smallLinkedInData,
} from '../../../fakes/linkedin/fixtures.js';
import { startPlatformHarness } from '../support/platform-harness.js';
import type { HarnessTenant, PlatformHarness } from '../support/platform-harness.js';
import { expectKpiTotals, kpiApiTotals } from '../support/kpi-api.js';
import { storedRows, storedSumsByAccount, toTenantCurrency } from '../support/stored-totals.js';

const PLUGIN = 'ads-linkedin';
const RANGE = { from: '2026-11-01', to: '2026-11-03' };
const USD = String(LI_ACCOUNT_USD);
const EUR = String(LI_ACCOUNT_EUR);

// Hand-computed from smallLinkedInData, decimal strings half away from zero: USD cost
// 10.00499999→1000, 87.6→8760, 0.995→100, 5→500, 5.5→550, 12.345→1235; value 40.125→4013,
// 120→12000, 19.999→2000, 25.5→2550. EUR cost 12.345→1235, 9.9949→999, 1→100; value 80.004→8000, 50→5000.
const USD_SUMS = {
  spendCents: 12_145,
  revenueCents: 20_563,
  impressions: 4_830,
  clicks: 169,
  conversions: 7,
  rows: 6,
};
const EUR_SUMS = {
  spendCents: 2_334,
  revenueCents: 13_000,
  impressions: 20_305,
  clicks: 520,
  conversions: 6,
  rows: 3,
};

describe('ads-linkedin through the LinkedIn fake (end to end)', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: LinkedInFake;

  before(async () => {
    harness = await startPlatformHarness({ registry: [adsLinkedinPlugin] });
  });
  after(async () => harness.close());
  beforeEach(async () => {
    fake = await startLinkedInFake(smallLinkedInData(), {
      accessTokens: [LINKEDIN_TOKEN],
      refreshTokens: [LINKEDIN_REFRESH_TOKEN],
      versions: [LINKEDIN_VERSION],
    });
  });
  afterEach(async () => fake.close());

  const install = async (overrides: Record<string, unknown> = {}): Promise<HarnessTenant> => {
    const tenant = await harness.createTenant({ currency: 'USD', timezone: 'Europe/Berlin' });
    await harness.install(tenant, PLUGIN, {
      accessToken: LINKEDIN_TOKEN,
      accountIds: [USD, EUR],
      apiBaseUrl: fake.baseUrl,
      authBaseUrl: fake.baseUrl,
      lateDataDays: 0,
      ...overrides,
    });
    return tenant;
  };
  const analyticsRequests = (from = 0) =>
    fake.requests.slice(from).filter((request) => request.path === '/rest/adAnalytics');

  it('when two accounts sync, stored totals per account (USD, EUR) and in the tenant currency equal the hand-computed ones', async () => {
    const tenant = await install();
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.invalidRows).to.equal(0);
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'linkedin');
    expect(sums[USD]).to.deep.equal(USD_SUMS);
    expect(sums[EUR]).to.deep.equal(EUR_SUMS);
    const eur = (cents: number, day: string) => toTenantCurrency(cents, 'EUR', 'USD', day);
    const spendCents =
      USD_SUMS.spendCents + eur(1_235, '2026-11-01') + eur(999, '2026-11-02') + eur(100, '2026-11-03');
    const revenueCents = USD_SUMS.revenueCents + eur(8_000, '2026-11-01') + eur(5_000, '2026-11-02');
    const totals = await harness.totals(tenant, 'linkedin');
    expect(totals.spendCents).to.equal(spendCents);
    expect(totals.revenueCents).to.equal(revenueCents);
    // What a client of GET /api/v1/kpis reads for the tenant equals the same hand-computed sums.
    expectKpiTotals(await kpiApiTotals(harness, tenant, 'linkedin', RANGE), {
      currency: 'USD',
      spendCents,
      revenueCents,
      conversions: USD_SUMS.conversions + EUR_SUMS.conversions,
    });

    const [first] = analyticsRequests();
    expect(first?.rawQuery).to.equal(
      'q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY' +
        '&dateRange=(start:(year:2026,month:11,day:1),end:(year:2026,month:11,day:3))' +
        `&accounts=List(urn%3Ali%3AsponsoredAccount%3A${USD})` +
        '&fields=dateRange,pivotValues,impressions,clicks,costInLocalCurrency,externalWebsiteConversions,conversionValueInLocalCurrency',
    );
    for (const request of fake.requests)
      expect(request.headers).to.include({
        'linkedin-version': '202603',
        'x-restli-protocol-version': '2.0.0',
      });
    const search = fake.requests.find((request) => request.path.endsWith('/adCampaigns'));
    expect(search?.rawQuery).to.equal(
      'q=search&search=(status:(values:List(ACTIVE,PAUSED,ARCHIVED,COMPLETED,CANCELED,DRAFT)))&pageSize=100',
    );

    const accounts = await harness.connection
      .collection('adAccounts')
      .find({ tenantId: tenant.tenantId })
      .toArray();
    expect(
      accounts.map((account) => [account['externalId'], account['currency'], account['timezone']]),
    ).to.have.deep.members([
      [USD, 'USD', 'UTC'],
      [EUR, 'EUR', 'UTC'],
    ]);
    const campaigns = await harness.connection
      .collection('campaigns')
      .find({ tenantId: tenant.tenantId })
      .toArray();
    const byId = new Map(campaigns.map((campaign) => [campaign['externalId'], campaign]));
    expect(byId.get(String(LI_CAMPAIGN_USD_DAILY))).to.include({
      dailyBudgetCents: 5_050,
      status: 'active',
      objective: 'sales',
    });
    expect(byId.get(String(LI_CAMPAIGN_USD_NO_BUDGET))).to.include({
      dailyBudgetCents: null,
      status: 'paused',
      objective: 'awareness',
    });
    expect(byId.get(String(LI_CAMPAIGN_EUR))).to.include({ dailyBudgetCents: 3_000, currency: 'EUR' });
    // 2 accounts + 2 campaign pages + (2 campaign counts + 2 analytics calls): every request is booked.
    expect(fake.requests).to.have.length(8);
    expect(summary.apiCalls).to.equal(8);
  });

  it('when a second sync runs, only the late-data days it re-reads change', async () => {
    const tenant = await install({ lateDataDays: 1 });
    await harness.sync(tenant, PLUGIN, { range: RANGE });
    const before = await storedRows(harness.connection, tenant.tenantId, 'linkedin');
    for (const row of fake.data.rows)
      if (
        row.campaignId === LI_CAMPAIGN_USD_DAILY &&
        (row.date === '2026-11-03' || row.date === '2026-11-01')
      )
        row.values = { ...row.values, costInLocalCurrency: row.date === '2026-11-03' ? '1.994' : '99' };
    const cut = fake.requests.length;
    const summary = await harness.sync(tenant, PLUGIN, { range: { from: '2026-11-03', to: '2026-11-03' } });
    expect(summary.status).to.equal('succeeded');
    const after = await storedRows(harness.connection, tenant.tenantId, 'linkedin');
    expect(after).to.have.length(before.length);
    expect(after.filter((row, index) => row.spendCents !== before[index]?.spendCents)).to.deep.equal([
      {
        campaignId: String(LI_CAMPAIGN_USD_DAILY),
        date: '2026-11-03',
        spendCents: 199,
        revenueCents: 0,
        accountId: USD,
      },
    ]);
    expect(analyticsRequests(cut)[0]?.rawQuery).to.include(
      'dateRange=(start:(year:2026,month:11,day:2),end:(year:2026,month:11,day:3))',
    );
  });

  it('when a sync is aborted mid-window and resumed with the same run id, nothing is missing or stored twice', async () => {
    const tenant = await install({ batchRows: 2 });
    const controller = new AbortController();
    const written: number[] = [];
    const first = await harness.sync(tenant, PLUGIN, {
      range: RANGE,
      signal: controller.signal,
      onBatch: (batches) => {
        written.push(batches);
        if (batches === 4) controller.abort(new Error('worker stopped'));
      },
    });
    expect(first.status).to.equal('cancelled');
    const rowsBefore = (await storedRows(harness.connection, tenant.tenantId, 'linkedin')).length;
    expect(rowsBefore).to.equal(4);
    const resumed = await harness.sync(tenant, PLUGIN, { range: RANGE, runId: first.runId });
    expect(resumed.status, JSON.stringify(resumed.errors)).to.equal('succeeded');
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'linkedin');
    expect(sums[USD]).to.deep.equal(USD_SUMS);
    expect(sums[EUR]).to.deep.equal(EUR_SUMS);
    // The resumed attempt wrote only what the first had not: 2 USD rows and 3 EUR rows.
    expect(resumed.rows.metrics - first.rows.metrics).to.equal(5);
  });

  it('when a storm of 429 answers comes, the sync rides it out with nothing lost and no request inside the wait', async () => {
    const tenant = await install({ rateLimitWaitMs: 1_000 });
    fake.rateLimit({ requests: 3, windowMs: 1_000 });
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(fake.requests.filter((request) => request.status === 429)).to.have.length(3);
    expect(fake.requests.filter((request) => request.early)).to.deep.equal([]);
    const sums = await storedSumsByAccount(harness.connection, tenant.tenantId, 'linkedin');
    expect(sums[USD]).to.deep.equal(USD_SUMS);
    expect(sums[EUR]).to.deep.equal(EUR_SUMS);
  });

  it('when the 60-day token expired and no refresh token is set, the run fails with an actionable auth error after one request', async () => {
    const tenant = await install();
    fake.accessTokens.clear();
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status).to.equal('failed');
    expect(summary.errors[0]?.code).to.equal('LINKEDIN_TOKEN_INVALID');
    expect(summary.errors[0]?.message)
      .to.match(/65600/)
      .and.match(/reconnect LinkedIn/);
    expect(fake.requests).to.have.length(1);
    const detail = await harness.platform.plugins.service.get(tenant.tenantId, PLUGIN);
    expect(detail.installation?.status).to.equal('auth_error');
  });

  it('when the token expired and a refresh token is set, one refresh carries the sync on and the new token is kept', async () => {
    const tenant = await install({
      refreshToken: LINKEDIN_REFRESH_TOKEN,
      clientId: LINKEDIN_CLIENT_ID,
      clientSecret: LINKEDIN_CLIENT_SECRET,
    });
    fake.accessTokens.delete(LINKEDIN_TOKEN);
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(fake.requests.slice(0, 3).map((request) => `${request.status} ${request.path}`)).to.deep.equal([
      `401 /rest/adAccounts/${USD}`,
      '200 /oauth/v2/accessToken',
      `200 /rest/adAccounts/${USD}`,
    ]);
    const cut = fake.requests.length;
    await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(
      fake.requests
        .slice(cut)
        .filter((request) => request.status === 401 || request.path.startsWith('/oauth')),
    ).to.deep.equal([]);
    const logs = harness.logs.join('\n');
    expect(logs).not.to.include(LINKEDIN_REFRESH_TOKEN);
    expect(logs).not.to.include(LINKEDIN_CLIENT_SECRET);
    expect(logs).not.to.match(/li-access-refreshed-/);
  });

  it('when elements are malformed, each is reported and skipped while the rest is stored', async () => {
    const tenant = await install();
    const find = (campaignId: number, date: string) =>
      fake.data.rows.find((row) => row.campaignId === campaignId && row.date === date);
    const asNumber = find(LI_CAMPAIGN_USD_DAILY, '2026-11-02');
    if (asNumber) asNumber.values = { ...asNumber.values, costInLocalCurrency: 87.6 };
    const missing = find(LI_CAMPAIGN_USD_NO_BUDGET, '2026-11-01');
    if (missing) missing.values = { ...missing.values, impressions: undefined };
    const asText = find(LI_CAMPAIGN_EUR, '2026-11-03');
    if (asText) asText.values = { ...asText.values, clicks: '20' };
    fake.data.campaigns.push({
      id: 318745629,
      accountId: LI_ACCOUNT_USD,
      name: 'Wrong currency budget',
      status: 'ACTIVE',
      objectiveType: 'WEBSITE_VISIT',
      dailyBudget: { amount: '10', currencyCode: 'GBP' },
    });
    fake.data.rows.push({
      campaignId: 318745629,
      date: '2026-11-01',
      values: {
        costInLocalCurrency: '1',
        impressions: 1,
        clicks: 1,
        externalWebsiteConversions: 0,
        conversionValueInLocalCurrency: '0',
      },
    });
    const summary = await harness.sync(tenant, PLUGIN, { range: RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(summary.invalidRows).to.equal(5);
    const messages = summary.errors.map((error) => `${error.code} ${error.message}`).join('\n');
    expect(messages)
      .to.match(/spendCents/)
      .and.match(/impressions/)
      .and.match(/clicks/)
      .and.match(/dailyBudgetCents/)
      .and.match(/INGEST_CAMPAIGN_UNKNOWN/);
    const stored = await storedRows(harness.connection, tenant.tenantId, 'linkedin');
    expect(stored).to.have.length(6);
  });

  it('when actions run, the fake campaign changes through Rest.li partial updates and a later sync reads it back', async () => {
    const tenant = await install();
    const actions = await harness.platform.plugins.runtime.actions(tenant.tenantId, PLUGIN);
    if (actions === undefined) throw new Error('ads-linkedin offers actions');
    const ctx = { signal: new AbortController().signal };
    const ref = { accountExternalId: USD, campaignExternalId: String(LI_CAMPAIGN_USD_DAILY) };
    const campaign = (id: number) => fake.data.campaigns.find((candidate) => candidate.id === id);
    expect(await actions.pause(ref, ctx)).to.include({ previous: 'active', current: 'paused' });
    expect(campaign(LI_CAMPAIGN_USD_DAILY)?.status).to.equal('PAUSED');
    const update = fake.requests.find((request) => request.method === 'POST');
    expect(update?.path).to.equal(`/rest/adAccounts/${USD}/adCampaigns/${LI_CAMPAIGN_USD_DAILY}`);
    expect(update?.headers['x-restli-method']).to.equal('PARTIAL_UPDATE');
    expect(JSON.parse(String(update?.body))).to.deep.equal({ patch: { $set: { status: 'PAUSED' } } });
    expect(await actions.setDailyBudget(ref, 7_525, ctx)).to.include({ previous: 5_050, current: 7_525 });
    expect(campaign(LI_CAMPAIGN_USD_DAILY)?.dailyBudget).to.deep.equal({
      amount: '75.25',
      currencyCode: 'USD',
    });
    await actions.setDailyBudget(
      { accountExternalId: EUR, campaignExternalId: String(LI_CAMPAIGN_EUR) },
      4_500,
      ctx,
    );
    expect(campaign(LI_CAMPAIGN_EUR)?.dailyBudget).to.deep.equal({ amount: '45.00', currencyCode: 'EUR' });
    await harness.sync(tenant, PLUGIN, { range: RANGE });
    const stored = await harness.connection
      .collection('campaigns')
      .findOne({ tenantId: tenant.tenantId, externalId: String(LI_CAMPAIGN_USD_DAILY) });
    expect(stored).to.include({ status: 'paused', dailyBudgetCents: 7_525 });
    expect(await actions.resume(ref, ctx)).to.include({ previous: 'paused', current: 'active' });
    expect(campaign(LI_CAMPAIGN_USD_DAILY)?.status).to.equal('ACTIVE');
  });

  it('when checked, days left of the API version and the token are reported; a token about to expire degrades and alerts', async () => {
    const tenant = await install();
    const ok = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN);
    expect(ok.result.status).to.equal('ok');
    expect(ok.result.details).to.deep.include({
      apiVersion: '202603',
      apiSunsetDate: '2027-03-16',
      apiSunsetInDays: daysUntil('2027-03-16', new Date()),
      tokenExpiresInDays: null,
    });
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const expiring = await install({ accessTokenExpiresAt: soon });
    const degraded = await harness.platform.plugins.service.check(expiring.tenantId, PLUGIN);
    expect(degraded.result.status).to.equal('degraded');
    expect(degraded.result.details).to.deep.include({ tokenExpiresInDays: 5 });
    expect(
      harness.events.some((event) => event.tenantId === expiring.tenantId && event.name === 'alert.raised'),
    ).to.equal(true);
    fake.accessTokens.clear();
    const refused = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN);
    expect(refused.result.status).to.equal('auth_error');
  });

  it('when LinkedIn no longer serves the pinned version, the check says so instead of failing obscurely', async () => {
    const tenant = await install();
    fake.activeVersions.clear();
    const outcome = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN);
    expect(outcome.result.status).to.equal('error');
    expect(outcome.result.message)
      .to.match(/426/)
      .and.match(/LinkedIn-Version/);
  });
});

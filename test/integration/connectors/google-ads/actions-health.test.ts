import { expect } from 'chai';
import { daysUntil } from '../../../../connectors/shared/index.js';
import { GOOGLE_ADS_API_VERSION } from '../../../../connectors/google-ads/index.js';
import { isPluginError } from '../../../../core/plugin-api/index.js';
import type { CampaignActions } from '../../../../core/plugin-api/index.js';
import { startGoogleAdsFake } from '../../../fakes/google-ads/server.js';
import type { GoogleAdsFake } from '../../../fakes/google-ads/server.js';
import { startPlatformHarness } from '../support/platform-harness.js';
import type { HarnessTenant, PlatformHarness } from '../support/platform-harness.js';
import { CUSTOMERS, FIXTURE_RANGE, PLUGIN_ID, fakeConfig, registry } from './support.js';

const call = { signal: new AbortController().signal };

describe('google ads: campaign actions and health through the fake', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: GoogleAdsFake;
  let tenant: HarnessTenant;
  let actions: CampaignActions;

  beforeEach(async () => {
    harness = await startPlatformHarness({ registry });
    fake = await startGoogleAdsFake();
    tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    const found = await harness.platform.plugins.runtime.actions(tenant.tenantId, PLUGIN_ID);
    if (found === undefined) throw new Error('ads-google offers no actions');
    actions = found;
  });
  afterEach(async () => {
    await fake.close();
    await harness.close();
  });

  const campaign = (id: string) => fake.data.campaigns.find((candidate) => candidate.id === id);

  it('when a campaign is paused and resumed, campaigns:mutate carries the update with its mask and the fake changes', async () => {
    const ref = { accountExternalId: CUSTOMERS.us, campaignExternalId: '11' };
    const paused = await actions.pause(ref, call);
    expect(paused).to.include({ previous: 'active', current: 'paused' });
    expect(campaign('11')?.status).to.equal('PAUSED');
    const mutation = fake.apiRequests().find((request) => request.path.endsWith('/campaigns:mutate'));
    expect(mutation?.path).to.equal(`/v26/customers/${CUSTOMERS.us}/campaigns:mutate`);
    expect(mutation?.body).to.deep.equal({
      operations: [
        {
          update: { resourceName: `customers/${CUSTOMERS.us}/campaigns/11`, status: 'PAUSED' },
          updateMask: 'status',
        },
      ],
    });
    const again = await actions.pause(ref, call);
    expect(again).to.include({ previous: 'paused', current: 'paused' });
    expect(fake.apiRequests().filter((request) => request.path.endsWith(':mutate'))).to.have.length(1);
    expect(await actions.resume(ref, call)).to.include({ previous: 'paused', current: 'active' });
    expect(campaign('11')?.status).to.equal('ENABLED');
  });

  it('when a daily budget is set, campaignBudgets:mutate writes amountMicros in the currency and the next sync reads it', async () => {
    const euro = await actions.setDailyBudget(
      { accountExternalId: CUSTOMERS.de, campaignExternalId: '21' },
      2_550,
      call,
    );
    expect(euro).to.include({ previous: 2_000, current: 2_550 });
    expect(campaign('21')?.budget.amountMicros).to.equal('25500000');
    const yen = await actions.setDailyBudget(
      { accountExternalId: CUSTOMERS.jp, campaignExternalId: '31' },
      7_000,
      call,
    );
    expect(yen).to.include({ previous: 5_000, current: 7_000 });
    expect(campaign('31')?.budget.amountMicros).to.equal('7000000000');
    const mutation = fake.apiRequests().find((request) => request.path.endsWith('/campaignBudgets:mutate'));
    expect(mutation?.body).to.deep.equal({
      operations: [
        {
          update: { resourceName: `customers/${CUSTOMERS.de}/campaignBudgets/821`, amountMicros: '25500000' },
          updateMask: 'amountMicros',
        },
      ],
    });
    await actions.pause({ accountExternalId: CUSTOMERS.jp, campaignExternalId: '31' }, call);
    await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    const stored = await harness.connection
      .collection('campaigns')
      .find(
        { tenantId: tenant.tenantId, externalId: { $in: ['21', '31'] } },
        { projection: { _id: 0, externalId: 1, dailyBudgetCents: 1, status: 1 } },
      )
      .sort({ externalId: 1 })
      .toArray();
    expect(stored).to.deep.equal([
      { externalId: '21', status: 'active', dailyBudgetCents: 2_550 },
      { externalId: '31', status: 'paused', dailyBudgetCents: 7_000 },
    ]);
  });

  it('when a campaign cannot take the change (shared budget, removed, unknown), the action fails as config and nothing is sent', async () => {
    const failures = await Promise.all([
      actions
        .setDailyBudget({ accountExternalId: CUSTOMERS.us, campaignExternalId: '12' }, 1_000, call)
        .catch((error: unknown) => error),
      actions
        .pause({ accountExternalId: CUSTOMERS.us, campaignExternalId: '13' }, call)
        .catch((error: unknown) => error),
      actions
        .pause({ accountExternalId: CUSTOMERS.us, campaignExternalId: '999' }, call)
        .catch((error: unknown) => error),
    ]);
    expect(
      failures.map((failure) => (isPluginError(failure) ? [failure.kind, failure.code] : failure)),
    ).to.deep.equal([
      ['config', 'GOOGLE_ADS_BUDGET_NOT_ON_CAMPAIGN'],
      ['config', 'GOOGLE_ADS_CAMPAIGN_NOT_EDITABLE'],
      ['config', 'GOOGLE_ADS_CAMPAIGN_NOT_FOUND'],
    ]);
    expect(fake.apiRequests().filter((request) => request.path.endsWith(':mutate'))).to.have.length(0);
  });

  it('when the credentials work, the check is ok and reports the API version, its sunset date and the days left', async () => {
    const report = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN_ID);
    expect(report.result.status).to.equal('ok');
    expect(report.result.details).to.include({
      apiVersion: 'v26',
      apiSunsetDate: GOOGLE_ADS_API_VERSION.sunsetDate,
      apiSunsetInDays: daysUntil(GOOGLE_ADS_API_VERSION.sunsetDate, new Date()),
      accessibleCustomers: 1,
    });
    expect((report.result.details?.['accounts'] as unknown[]).length).to.equal(3);
  });

  it('when the access token is refused, the check reports auth_error instead of throwing', async () => {
    const other = await harness.createTenant();
    const config = fakeConfig(fake, { accessToken: 'ya29.not-issued-by-google' });
    for (const key of ['clientId', 'clientSecret', 'refreshToken']) delete config[key];
    await harness.install(other, PLUGIN_ID, config);
    const report = await harness.platform.plugins.service.check(other.tenantId, PLUGIN_ID);
    expect(report.result.status).to.equal('auth_error');
    expect(report.result.message).to.match(/OAUTH_TOKEN_INVALID/);
    expect(report.result.details).to.include({ apiVersion: 'v26' });
  });
});

describe('google ads: health near the API sunset', function () {
  this.timeout(20_000);

  it('when the API version is sunset within 14 days, the check is degraded and an alert is raised', async () => {
    const sunset = Date.parse(`${GOOGLE_ADS_API_VERSION.sunsetDate ?? '2100-01-01'}T12:00:00Z`);
    const harness = await startPlatformHarness({ registry, now: () => new Date(sunset - 10 * 86_400_000) });
    const fake = await startGoogleAdsFake();
    try {
      const tenant = await harness.createTenant();
      await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
      const report = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN_ID);
      expect(report.result.status).to.equal('degraded');
      expect(report.result.details).to.include({ apiSunsetInDays: 10 });
      const alert = harness.events.find((event) => event.name === 'alert.raised');
      expect(JSON.stringify(alert)).to.match(/v26 is sunset/);
    } finally {
      await fake.close();
      await harness.close();
    }
  });
});

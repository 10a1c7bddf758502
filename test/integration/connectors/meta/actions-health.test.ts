import { expect } from 'chai';
import { EXPIRED_TOKEN, GOOD_TOKEN, READ_ONLY_TOKEN } from '../../../fakes/meta/fixtures.js';
import { PLUGIN_ID, startMetaSuite } from './support.js';
import type { MetaSuite } from './support.js';

const APP_ID = '123456789';
const APP_SECRET = 'fake-app-secret-0123456789';
const openCall = () => ({ signal: new AbortController().signal });

describe('ads-meta campaign actions and health check', function () {
  this.timeout(20_000);
  let suite: MetaSuite;

  before(async () => {
    suite = await startMetaSuite({ fake: { appId: APP_ID, appSecret: APP_SECRET } });
  });
  after(async () => {
    await suite.close();
  });

  it('when a manager pauses, resumes and re-budgets campaigns, the fake holds the new state and the next sync reads it', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant);
    const actions = await suite.harness.platform.plugins.runtime.actions(tenant.tenantId, PLUGIN_ID);
    if (actions === undefined) throw new Error('ads-meta offers no actions');
    const us = { accountExternalId: 'act_1001', campaignExternalId: '2001' };
    const paused = await actions.pause(us, openCall());
    expect(paused).to.include({ previous: 'active', current: 'paused' });
    expect(suite.fake.campaign('2001')?.status).to.equal('PAUSED');
    const post = suite.fake.requests.filter((request) => request.method === 'POST').at(-1);
    expect(post?.path).to.equal('/v25.0/2001');
    expect(post?.params).to.deep.include({ status: 'PAUSED' });
    const resumed = await actions.resume(us, openCall());
    expect(resumed).to.include({ previous: 'paused', current: 'active' });
    expect(suite.fake.campaign('2001')?.status).to.equal('ACTIVE');

    const budget = await actions.setDailyBudget(us, 7_500, openCall());
    expect(budget).to.include({ previous: 5_000, current: 7_500 });
    expect(suite.fake.campaign('2001')?.daily_budget).to.equal('7500');
    // Yen have no minor unit: 4,000 JPY is "4000" for Meta (offset 1).
    await actions.setDailyBudget(
      { accountExternalId: 'act_1002', campaignExternalId: '3001' },
      4_000,
      openCall(),
    );
    expect(suite.fake.campaign('3001')?.daily_budget).to.equal('4000');

    const refused = await actions
      .setDailyBudget({ accountExternalId: 'act_1001', campaignExternalId: '2002' }, 1_000, openCall())
      .catch((error: unknown) => error);
    expect(refused).to.include({ kind: 'config', code: 'META_BUDGET_NOT_ON_CAMPAIGN' });
    const archived = await actions
      .pause({ accountExternalId: 'act_1001', campaignExternalId: '2003' }, openCall())
      .catch((error: unknown) => error);
    expect(archived).to.include({ kind: 'config', code: 'META_CAMPAIGN_NOT_EDITABLE' });

    await suite.harness.sync(tenant, PLUGIN_ID, { range: { from: '2026-11-01', to: '2026-11-02' } });
    const stored = await suite.harness.connection
      .collection('campaigns')
      .findOne({ tenantId: tenant.tenantId, externalId: '2001' });
    expect(stored).to.include({ status: 'active', dailyBudgetCents: 7_500 });
    suite.fake.campaign('2001')!.daily_budget = '5000';
    suite.fake.campaign('3001')!.daily_budget = '3000';
  });

  it('when the token may only read, a campaign change is an auth error naming the missing permission', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant, { accessToken: READ_ONLY_TOKEN });
    const actions = await suite.harness.platform.plugins.runtime.actions(tenant.tenantId, PLUGIN_ID);
    const failure = await actions
      ?.pause({ accountExternalId: 'act_1001', campaignExternalId: '2001' }, openCall())
      .catch((error: unknown) => error);
    expect(failure).to.include({ kind: 'auth', code: 'META_PERMISSION_MISSING' });
    expect(suite.fake.campaign('2001')?.status).to.equal('ACTIVE');
  });

  it('when the token is expired, the check reports auth_error with the API version details', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant, { accessToken: EXPIRED_TOKEN });
    const { result, installation } = await suite.harness.platform.plugins.service.check(
      tenant.tenantId,
      PLUGIN_ID,
    );
    expect(result.status).to.equal('auth_error');
    expect(result.message).to.match(/expired/);
    expect(result.details).to.deep.include({ apiVersion: 'v25.0', apiSunsetDate: '2027-02-23' });
    expect(result.details?.['apiSunsetInDays']).to.be.a('number');
    expect(installation.status).to.equal('auth_error');
  });

  it('when the token is fine, the check is ok with days until the token and the API version expire', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant, { appId: APP_ID, appSecret: APP_SECRET });
    const { result } = await suite.harness.platform.plugins.service.check(tenant.tenantId, PLUGIN_ID);
    expect(result.status, result.message).to.equal('ok');
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    expect(result.details).to.deep.include({
      apiVersion: 'v25.0',
      apiSunsetInDays: Math.round((Date.parse('2027-02-23T00:00:00Z') - today) / 86_400_000),
      tokenExpiresInDays: 49,
      accounts: 3,
    });
  });
});

describe('ads-meta health when a token is about to expire', function () {
  this.timeout(20_000);
  let suite: MetaSuite;
  const soon = Math.floor(Date.now() / 1000) + 5 * 86_400 + 3_600;

  before(async () => {
    suite = await startMetaSuite({
      fake: {
        appId: APP_ID,
        appSecret: APP_SECRET,
        requireAppSecretProof: true,
        tokens: [{ token: GOOD_TOKEN, scopes: ['ads_read'], expiresAt: soon }],
      },
    });
  });
  after(async () => {
    await suite.close();
  });

  it('when the token expires within 14 days, the check is degraded and one alert is raised per day', async () => {
    const tenant = await suite.tenant();
    await suite.install(tenant, { appId: APP_ID, appSecret: APP_SECRET });
    const first = await suite.harness.platform.plugins.service.check(tenant.tenantId, PLUGIN_ID);
    expect(first.result.status, first.result.message).to.equal('degraded');
    expect(first.result.details).to.deep.include({ tokenExpiresInDays: 5 });
    await suite.harness.platform.plugins.service.check(tenant.tenantId, PLUGIN_ID);
    const alerts = suite.harness.events.filter((event) => event.name === 'alert.raised');
    expect(alerts).to.have.length(1);
    expect(JSON.stringify(alerts[0])).to.include('expires in 5 days');
    // Every call carried the appsecret_proof the app requires.
    expect(suite.fake.requests.every((request) => request.status === 200)).to.equal(true);
  });
});

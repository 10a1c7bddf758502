import { expect } from 'chai';
import { startGoogleAdsFake } from '../../../fakes/google-ads/server.js';
import type { GoogleAdsFake, RecordedRequest } from '../../../fakes/google-ads/server.js';
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
  storedByAccount,
} from './support.js';

/** Timers may fire up to a millisecond early against a sub-millisecond clock. */
const TIMER_SLACK_MS = 2;

function expectWaitsHonoured(requests: readonly RecordedRequest[], advisedMs: number): number {
  let throttled = 0;
  requests.forEach((request, index) => {
    if (request.status !== 429) return;
    throttled += 1;
    const next = requests[index + 1];
    expect(next, 'a request after the rate limit').not.to.equal(undefined);
    expect((next?.atMs ?? 0) - request.atMs).to.be.at.least(advisedMs - TIMER_SLACK_MS);
  });
  return throttled;
}

describe('google ads: errors and limits through the fake', function () {
  this.timeout(20_000);
  let harness: PlatformHarness;
  let fake: GoogleAdsFake;

  beforeEach(async () => {
    harness = await startPlatformHarness({ registry });
    fake = await startGoogleAdsFake({ pageSize: 3 });
  });
  afterEach(async () => {
    await fake.close();
    await harness.close();
  });

  it('when a storm of RESOURCE_EXHAUSTED answers hits, the sync rides it out, loses nothing and never calls before retryDelay', async () => {
    const tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    fake.rateLimitNext(2, { retryDelaySeconds: 1 });
    const summary = await harness.sync(tenant, PLUGIN_ID, {
      range: FIXTURE_RANGE,
      onBatch: (batches) => {
        if (batches === 4) fake.rateLimitNext(2, { retryDelaySeconds: 1 });
      },
    });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(expectWaitsHonoured(fake.apiRequests(), 1_000)).to.equal(4);
    const stored = await storedByAccount(harness.connection, tenant);
    for (const key of ['us', 'de', 'jp'] as const) {
      const { conversions: _conversions, ...exact } = EXPECTED[key];
      expect(stored[CUSTOMERS[key]], key).to.include(exact);
    }
  });

  it('when Google answers 503 twice, the call is retried and the sync succeeds', async () => {
    const tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    fake.failNext(2, 503);
    const summary = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    expect(summary.status, JSON.stringify(summary.errors)).to.equal('succeeded');
    expect(fake.apiRequests().filter((request) => request.status === 503)).to.have.length(2);
    expect((await harness.totals(tenant, 'google')).rows).to.equal(14);
  });

  it('when the fixed access token has expired, the run fails with an actionable auth error after exactly one request', async () => {
    await fake.close();
    fake = await startGoogleAdsFake({ accessTokens: ['ya29.static-token'] });
    fake.expireAccessTokens();
    const tenant = await harness.createTenant();
    const config = fakeConfig(fake, { accessToken: 'ya29.static-token' });
    for (const key of ['clientId', 'clientSecret', 'refreshToken']) delete config[key];
    await harness.install(tenant, PLUGIN_ID, config);
    const summary = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    expect(summary.status).to.equal('failed');
    expect(summary.retryable).to.equal(false);
    expect(summary.errors[0]?.code).to.equal('GOOGLE_ADS_TOKEN_EXPIRED');
    expect(summary.errors[0]?.message).to.match(/OAUTH_TOKEN_EXPIRED.*reconnect the Google account/);
    expect(fake.requests).to.have.length(1);
    const detail = await harness.platform.plugins.service.get(tenant.tenantId, PLUGIN_ID);
    expect(detail.installation?.status).to.equal('auth_error');
  });

  it('when the refresh token was revoked, the run fails with invalid_grant after one token request and the check says auth_error', async () => {
    fake.revokeRefreshToken(SECRETS.refreshToken);
    const tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    const summary = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    expect(summary.status).to.equal('failed');
    expect(summary.errors[0]?.code).to.equal('GOOGLE_ADS_REFRESH_TOKEN_REVOKED');
    expect(fake.requests.map((request) => request.path)).to.deep.equal(['/token']);
    const report = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN_ID);
    expect(report.result.status).to.equal('auth_error');
    expect(report.result.message).to.match(/reconnect the Google Ads account/);
  });

  it('when the access token expires between syncs, it is refreshed once, kept sealed in plugin state and never logged', async () => {
    const tenant = await harness.createTenant();
    await harness.install(tenant, PLUGIN_ID, fakeConfig(fake));
    expect((await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE })).status).to.equal('succeeded');
    fake.expireAccessTokens();
    const second = await harness.sync(tenant, PLUGIN_ID, { range: FIXTURE_RANGE });
    expect(second.status, JSON.stringify(second.errors)).to.equal('succeeded');
    expect(fake.requests.filter((request) => request.path === '/token')).to.have.length(2);
    expect(fake.apiRequests().filter((request) => request.status === 401)).to.have.length(1);
    const stateRows = await harness.connection
      .collection('pluginState')
      .find({ tenantId: tenant.tenantId })
      .toArray();
    // The refreshed token is kept (the second sync used it without a third token request),
    // sealed at rest like every plugin state value.
    expect(stateRows.length).to.be.greaterThan(0);
    const stored = JSON.stringify(stateRows);
    for (const token of fake.issuedAccessTokens) expect(stored).not.to.include(token);
    expect(stored).not.to.include(SECRETS.refreshToken);
    const logs = harness.logs.join('\n');
    for (const secret of [SECRETS.clientSecret, SECRETS.refreshToken, ...fake.issuedAccessTokens])
      expect(logs).not.to.include(secret);
  });

  it('when the manager is not sent as login-customer-id, the check reports auth_error naming the header', async () => {
    const tenant = await harness.createTenant();
    const config = fakeConfig(fake);
    delete config['loginCustomerId'];
    await harness.install(tenant, PLUGIN_ID, config);
    const report = await harness.platform.plugins.service.check(tenant.tenantId, PLUGIN_ID);
    expect(report.result.status).to.equal('auth_error');
    expect(report.result.message).to.match(/USER_PERMISSION_DENIED.*login customer id/);
  });
});

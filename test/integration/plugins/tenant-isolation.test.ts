import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createRedisCache } from '../../../core/cache/redis-cache.js';
import type { PluginContext } from '../../../core/plugin-api/index.js';
import { connectTestRedis, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { startPluginTestApp } from './support/plugin-test-app.js';
import type { PluginTestApp, TestTenant } from './support/plugin-test-app.js';
import { probedContexts } from './support/test-plugins.js';

describe('plugin tenant isolation (integration, real Redis cache)', () => {
  let redis: Redis;
  let prefix: string;
  let app: PluginTestApp;
  let tenantA: TestTenant;
  let tenantB: TestTenant;
  let contextA: PluginContext;
  let contextB: PluginContext;

  async function seedRows(tenant: TestTenant, label: string, spendCents: number, revenueCents: number) {
    const base = {
      tenantId: tenant.id,
      installationId: `inst-${label}`,
      pluginId: 'ads-demo',
      syncedAt: new Date(),
    };
    await app.connection.collection('adAccounts').insertOne({
      ...base,
      platform: 'meta',
      externalId: `act_${label}`,
      name: `Account ${label}`,
      currency: 'USD',
      timezone: 'UTC',
      status: 'active',
    });
    await app.connection.collection('campaigns').insertOne({
      ...base,
      platform: 'meta',
      accountId: `act_${label}`,
      externalId: `cmp_${label}`,
      name: `Campaign ${label}`,
      status: 'active',
      objective: 'sales',
      dailyBudgetCents: 5000,
      currency: 'USD',
    });
    for (const [date, factor] of [
      ['2026-01-01', 1],
      ['2026-01-02', 3],
    ] as const) {
      await app.connection.collection('metricsDaily').insertOne({
        ...base,
        platform: 'meta',
        accountId: `act_${label}`,
        campaignId: `cmp_${label}`,
        date,
        impressions: 1000 * factor,
        clicks: 10 * factor,
        conversions: factor,
        spendCents: spendCents * factor,
        revenueCents: revenueCents * factor,
        currency: 'USD',
        spendCentsTenant: spendCents * factor,
        revenueCentsTenant: revenueCents * factor,
        tenantCurrency: 'USD',
        fxMissing: false,
      });
    }
  }

  before(async function () {
    redis = await connectTestRedis(this);
    prefix = uniqueKeyPrefix();
    app = await startPluginTestApp({ cache: createRedisCache(redis, { keyPrefix: prefix }) });
    tenantA = await app.seedTenant('a');
    tenantB = await app.seedTenant('b');
    for (const tenant of [tenantA, tenantB]) {
      for (const pluginId of ['test-probe', 'test-bare']) {
        const response = await app.api(`/plugins/${pluginId}/install`, {
          method: 'POST',
          token: tenant.tokens.admin,
          body: { config: { token: `tok-${tenant.slug}` } },
        });
        expect(response.status).to.equal(201);
        await app.plugins.runtime.open(tenant.id, pluginId);
      }
    }
    await seedRows(tenantA, 'a', 1000, 4000);
    await seedRows(tenantB, 'b', 700, 700);
    contextA = probedContexts.get(tenantA.id) as PluginContext;
    contextB = probedContexts.get(tenantB.id) as PluginContext;
  });
  after(async () => {
    if (app !== undefined) await app.close();
    if (redis !== undefined) {
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });

  it("when tenant B calls A's installation over HTTP, it is not there: reads show no installation, writes are 404", async () => {
    const detailB = await app.api('/plugins/test-probe', { token: tenantB.tokens.admin });
    const body = (await detailB.json()) as { installation: { id: string } };
    const detailA = await app.api('/plugins/test-probe', { token: tenantA.tokens.admin });
    const bodyA = (await detailA.json()) as { installation: { id: string } };
    expect(body.installation.id).not.to.equal(bodyA.installation.id);

    const other = await app.seedTenant('c');
    for (const [path, method] of [
      ['/plugins/test-probe/config', 'PUT'],
      ['/plugins/test-probe/check', 'POST'],
      ['/plugins/test-probe/enable', 'POST'],
      ['/plugins/test-probe', 'DELETE'],
    ] as const) {
      const response = await app.api(path, {
        method,
        token: other.tokens.admin,
        body: method === 'PUT' ? {} : undefined,
      });
      expect(response.status, `${method} ${path}`).to.equal(404);
    }
    const listed = await app.api('/plugins', { token: other.tokens.admin });
    const plugins = ((await listed.json()) as { data: { id: string; installation: unknown }[] }).data;
    expect(plugins.every((plugin) => plugin.installation === null)).to.equal(true);
    expect(
      await app.connection.collection('pluginInstallations').countDocuments({ tenantId: tenantA.id }),
    ).to.equal(2);
  });

  it("when A's context reads synced data, it sees only A's accounts, campaigns and metrics", async () => {
    const accounts = await contextA.data.listAdAccounts();
    expect(accounts).to.deep.equal([
      {
        externalId: 'act_a',
        platform: 'meta',
        name: 'Account a',
        currency: 'USD',
        timezone: 'UTC',
        status: 'active',
      },
    ]);
    const campaigns = await contextA.data.listCampaigns({ platform: 'meta' });
    expect(campaigns.map((campaign) => campaign.externalId)).to.deep.equal(['cmp_a']);
    expect(campaigns[0]).to.include({ accountExternalId: 'act_a', dailyBudgetCents: 5000 });
    const metrics = await contextA.data.dailyMetrics({ from: '2026-01-01', to: '2026-01-31' });
    expect(metrics.map((row) => `${row.campaignExternalId}@${row.date}`)).to.deep.equal([
      'cmp_a@2026-01-01',
      'cmp_a@2026-01-02',
    ]);
    expect(await contextB.data.listCampaigns({ accountExternalId: 'act_a' })).to.deep.equal([]);
  });

  it("when A's context asks for KPIs, they come from A's sums only (ROAS = Σrevenue / Σspend)", async () => {
    const result = await contextA.kpis.query({
      from: '2026-01-01',
      to: '2026-01-31',
      kpis: ['spend', 'revenue', 'roas', 'ctr', 'cpa'],
    });
    expect(result.currency).to.equal('USD');
    expect(result.rows).to.deep.equal([
      { group: null, values: { spend: 4000, revenue: 16000, roas: 4, ctr: 0.01, cpa: 1000 } },
    ]);
    const byDay = await contextB.kpis.query({
      from: '2026-01-01',
      to: '2026-01-31',
      kpis: ['spend', 'roas'],
      groupBy: 'day',
    });
    expect(byDay.rows).to.deep.equal([
      { group: '2026-01-01', values: { spend: 700, roas: 1 } },
      { group: '2026-01-02', values: { spend: 2100, roas: 1 } },
    ]);
    const empty = await contextA.kpis.query({
      from: '2025-01-01',
      to: '2025-01-31',
      kpis: ['roas', 'spend'],
    });
    expect(empty.rows).to.deep.equal([{ group: null, values: { roas: null, spend: 0 } }]);
  });

  it("when A and B keep state and cache under the same keys, neither sees the other's values", async () => {
    await contextA.state.set('cursor', { page: 'a' });
    await contextB.state.set('cursor', { page: 'b' });
    expect(await contextA.state.get('cursor')).to.deep.equal({ page: 'a' });
    expect(await contextB.state.get('cursor')).to.deep.equal({ page: 'b' });
    await contextB.state.delete('cursor');
    expect(await contextA.state.get('cursor')).to.deep.equal({ page: 'a' });
    // Values are sealed at rest (refreshed OAuth tokens live here), bound to tenant, plugin and key.
    await contextA.state.set('oauth', { refreshToken: 'refresh-token-in-clear-123' });
    const stored = await app.connection.collection('pluginState').find({ tenantId: tenantA.id }).toArray();
    expect(stored.length).to.be.greaterThan(0);
    expect(JSON.stringify(stored)).to.not.include('refresh-token-in-clear-123');
    expect(JSON.stringify(stored)).to.not.include('"page"');
    expect(await contextA.state.get('oauth')).to.deep.equal({ refreshToken: 'refresh-token-in-clear-123' });

    await contextA.cache.set('answer', { owner: 'a' }, 60_000);
    expect(await contextB.cache.get('answer')).to.equal(undefined);
    expect(await contextA.cache.get('answer')).to.deep.equal({ owner: 'a' });
    const [, keys] = await redis.scan('0', 'MATCH', `${prefix}*plugin:test-probe:answer*`, 'COUNT', 1000);
    expect(keys).to.have.length(1);
    expect(keys[0]).to.include(tenantA.id);
  });

  it("when B publishes an event, A's subscription does not see it; A sees its own", async () => {
    const seenByA: string[] = [];
    const unsubscribe = contextA.events.subscribe(
      'alert.raised',
      (payload) => void seenByA.push(payload.title),
    );
    await contextB.events.publish('alert.raised', { severity: 'info', title: 'from b' });
    await contextA.events.publish('alert.raised', { severity: 'warning', title: 'from a' });
    unsubscribe();
    await contextA.events.publish('alert.raised', { severity: 'warning', title: 'after unsubscribe' });
    expect(seenByA).to.deep.equal(['from a']);
    const published = app.events.published.filter((event) => event.name === 'alert.raised');
    expect(
      published.map((event) => [event.tenantId, (event.payload as { title: string }).title]),
    ).to.deep.equal([
      [tenantB.id, 'from b'],
      [tenantA.id, 'from a'],
      [tenantA.id, 'after unsubscribe'],
    ]);
  });

  it('when a plugin lacks a permission, the part of its context it did not declare refuses with a config PluginError', async () => {
    const bare = probedContexts.get(`bare:${tenantA.id}`) as PluginContext;
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(await refusal(bare.http.request({ method: 'GET', url: 'https://example.com' }))).to.include({
      kind: 'config',
      message: 'permission egress:http not declared',
    });
    expect(await refusal(bare.events.publish('alert.raised', { severity: 'info', title: 'x' }))).to.include({
      kind: 'config',
    });
    expect(await refusal(bare.data.dailyMetrics({ from: '2026-01-01', to: '2026-01-02' }))).to.include({
      kind: 'config',
    });
    expect(await refusal(bare.scheduler.runNow('not-in-manifest'))).to.include({
      code: 'PLUGINS_JOB_UNKNOWN',
    });
    await bare.scheduler.runNow('sync');
    expect(app.jobs.calls.at(-1)).to.include({ op: 'runJobNow', jobName: 'sync' });
  });
});

/**
 * The rules and alerts API: validation with field errors, RBAC (viewers read, managers write),
 * tenant isolation, preview with numbers and the tenant's days, templates, cron schedules in
 * the tenant's zone, alerts, and a backtest on a synced ads-demo tenant checked against rows.
 */
import { expect } from 'chai';
import { runInstallationSync } from '../../../core/sync/plugin-jobs.js';
import { fakePlatform } from './support/fake-ads-plugin.js';
import { insertCampaigns, insertDays } from './support/rules-fixtures.js';
import { startRulesTestApp } from './support/rules-test-app.js';
import type { RulesTestApp } from './support/rules-test-app.js';

const RULE = {
  name: 'Pause big spenders',
  conditions: { metric: 'spend', window: 'today', operator: '>=', value: 1_000 },
  actions: [{ type: 'pause' }],
};

describe('rules API (integration)', function () {
  this.timeout(60_000);
  let app: RulesTestApp;

  before(async () => {
    app = await startRulesTestApp();
  });
  after(async () => {
    await app?.close();
  });
  beforeEach(() => {
    fakePlatform.reset();
    app.clock.set('2026-03-15T12:00:00Z');
  });

  it('when a rule is invalid, the answer is 400 naming each bad field', async () => {
    const tenant = await app.seedTenant();
    const answer = await app.api('POST', '/rules', tenant.tokens.manager, {
      name: '',
      conditions: { metric: 'nope', window: 'last_9999_days', operator: '>', value: 1 },
      actions: [],
      schedule: { type: 'cron', cron: '61 * * * *' },
    });
    expect(answer.status).to.equal(400);
    const paths = (answer.body as { error: { details: { path: string }[] } }).error.details.map(
      (issue) => issue.path,
    );
    expect(paths).to.include.members(['name', 'actions']);
    expect(paths.some((path) => path.startsWith('conditions'))).to.equal(true);
    const badCron = await app.api('POST', '/rules', tenant.tokens.manager, {
      ...RULE,
      schedule: { type: 'cron', cron: '61 * * * *' },
    });
    expect(badCron.status).to.equal(400);
    expect((badCron.body as { error: { details: { path: string }[] } }).error.details[0]?.path).to.equal(
      'schedule.cron',
    );
  });

  it('when viewers and managers use the API, viewers read and managers write; other tenants see 404', async () => {
    const tenant = await app.seedTenant();
    const other = await app.seedTenant();
    expect((await app.api('POST', '/rules', tenant.tokens.viewer, RULE)).status).to.equal(403);
    expect((await app.api('POST', '/rules', tenant.tokens.analyst, RULE)).status).to.equal(403);
    const created = await app.api('POST', '/rules', tenant.tokens.manager, RULE);
    expect(created.status).to.equal(201);
    const id = (created.body as { id: string; definition: { mode: string } }).id;
    expect((created.body as { definition: { mode: string } }).definition.mode).to.equal('shadow');
    const list = await app.api('GET', '/rules', tenant.tokens.viewer);
    expect((list.body as { data: { id: string }[] }).data.map((rule) => rule.id)).to.deep.equal([id]);
    expect((await app.api('GET', `/rules/${id}`, other.tokens.admin)).status).to.equal(404);
    expect((await app.api('PUT', `/rules/${id}`, other.tokens.admin, RULE)).status).to.equal(404);
    expect((await app.api('DELETE', `/rules/${id}`, other.tokens.admin)).status).to.equal(404);
    const updated = await app.api('PUT', `/rules/${id}`, tenant.tokens.manager, {
      ...RULE,
      name: 'Renamed',
      mode: 'live',
    });
    expect(updated.body).to.include({ name: 'Renamed' });
    expect((await app.api('DELETE', `/rules/${id}`, tenant.tokens.manager)).status).to.equal(204);
    expect((await app.api('GET', `/rules/${id}`, tenant.tokens.viewer)).status).to.equal(404);
  });

  it("when a rule is previewed, it lists the matching campaigns with their numbers on the tenant's day", async () => {
    // 12:00Z on 15 March is 01:00 on 16 March in Auckland: "today" there is the 16th.
    const tenant = await app.seedTenant({ timezone: 'Pacific/Auckland', currency: 'NZD' });
    await app.installPlugins(tenant.id);
    await insertCampaigns(app.connection, tenant, [{ externalId: 'c-1' }, { externalId: 'c-2' }]);
    await insertDays(app.connection, tenant, [
      { campaignId: 'c-1', date: '2026-03-16', spendCents: 1_000 },
      { campaignId: 'c-2', date: '2026-03-15', spendCents: 5_000 },
      { campaignId: 'c-2', date: '2026-03-16', spendCents: 999 },
    ]);
    const created = await app.api('POST', '/rules', tenant.tokens.manager, RULE);
    const id = (created.body as { id: string }).id;
    const preview = await app.api('POST', `/rules/${id}/preview`, tenant.tokens.viewer);
    expect(preview.status, JSON.stringify(preview.body)).to.equal(200);
    const body = preview.body as {
      day: string;
      campaignsEvaluated: number;
      matches: { campaignKey: string; conditions: { actual: number }[] }[];
    };
    expect(body.day).to.equal('2026-03-16');
    expect(body.campaignsEvaluated).to.equal(2);
    expect(body.matches.map((match) => [match.campaignKey, match.conditions[0]?.actual])).to.deep.equal([
      ['meta:c-1', 1_000],
    ]);
  });

  it('when the rules plugin is not enabled, preview and templates answer 422', async () => {
    const tenant = await app.seedTenant();
    const created = await app.api('POST', '/rules', tenant.tokens.manager, RULE);
    const preview = await app.api(
      'POST',
      `/rules/${(created.body as { id: string }).id}/preview`,
      tenant.tokens.manager,
    );
    expect(preview.status).to.equal(422);
    expect((await app.api('GET', '/rules/templates', tenant.tokens.viewer)).status).to.equal(422);
  });

  it('when a rule is created from a template, it is the expanded definition; bad parameters are 400', async () => {
    const tenant = await app.seedTenant();
    await app.installPlugins(tenant.id);
    const templates = await app.api('GET', '/rules/templates', tenant.tokens.viewer);
    expect((templates.body as { data: { id: string }[] }).data).to.have.length(4);
    const created = await app.api('POST', '/rules', tenant.tokens.manager, {
      template: 'pause-high-cpa',
      parameters: { targetCpaCents: 2_500 },
    });
    expect(created.status).to.equal(201);
    expect(
      (created.body as { definition: { conditions: { value: number } } }).definition.conditions.value,
    ).to.equal(5_000);
    const bad = await app.api('POST', '/rules', tenant.tokens.manager, {
      template: 'pause-high-cpa',
      parameters: {},
    });
    expect(bad.status).to.equal(400);
  });

  it("when a cron rule's time comes in the tenant's zone, one tick runs it once", async () => {
    const tenant = await app.seedTenant({ timezone: 'Europe/Berlin' });
    await app.installPlugins(tenant.id);
    const created = await app.api('POST', '/rules', tenant.tokens.manager, {
      ...RULE,
      schedule: { type: 'cron', cron: '0 14 * * *' },
    });
    const id = (created.body as { id: string }).id;
    const tick = () => app.platform.rules.tickCron(tenant.id);
    // 12:59 UTC is 13:59 in Berlin: not yet due.
    app.clock.set('2026-03-15T12:59:00Z');
    expect(await tick()).to.equal(0);
    app.clock.set('2026-03-15T13:00:30Z');
    expect(await Promise.all([tick(), tick()])).to.have.members([0, 1]);
    expect(await tick()).to.equal(0);
    // (The service, not HTTP: the test's access tokens expired when the clock moved an hour.)
    const runs = await app.platform.rules.service.runs(tenant.id, id, { limit: 10 });
    expect(runs.data.map((run) => [run.trigger, run.triggerKey])).to.deep.equal([
      ['schedule', 'cron:2026-03-15T13:00:00.000Z'],
    ]);
  });

  it('when an alert is raised by a plugin on the bus, it is listed once and can be acknowledged', async () => {
    const tenant = await app.seedTenant();
    await app.bus.publish(tenant.id, 'alert.raised', { severity: 'warning', title: 'Token expires soon' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const list = await app.api('GET', '/alerts', tenant.tokens.viewer);
    const alerts = (list.body as { data: { id: string; title: string; status: string }[] }).data;
    expect(alerts.map((alert) => alert.title)).to.deep.equal(['Token expires soon']);
    const id = alerts[0]?.id ?? '';
    expect((await app.api('POST', `/alerts/${id}/acknowledge`, tenant.tokens.viewer)).status).to.equal(403);
    expect((await app.api('POST', `/alerts/${id}/acknowledge`, tenant.tokens.manager)).body).to.include({
      status: 'acknowledged',
    });
    expect((await app.api('POST', `/alerts/${id}/acknowledge`, tenant.tokens.manager)).status).to.equal(409);
    const other = await app.seedTenant();
    expect((await app.api('POST', `/alerts/${id}/acknowledge`, other.tokens.manager)).status).to.equal(404);
    expect(await app.platform.rules.alerts.listAlerts(tenant.id, { status: 'open' })).to.deep.equal([]);
  });

  it('when a rule is backtested on a synced ads-demo tenant, it acts exactly on the days the stored rows say', async () => {
    const tenant = await app.seedTenant({ users: true });
    await app.installPlugins(tenant.id);
    const plugins = app.platform.plugins.service;
    const view = await plugins.install(tenant.id, 'ads-demo', {
      config: { size: 'small', apiKey: 'backtest-key-1', today: '2026-03-15', anchorDate: '2026-03-15' },
    });
    const run = await app.platform.ingest.syncRuns.create(
      {
        tenantId: tenant.id,
        installationId: view.id,
        pluginId: 'ads-demo',
        trigger: 'cli',
        range: { from: '2026-02-01', to: '2026-03-15' },
      },
      new Date(),
    );
    const summary = await runInstallationSync(app.platform.sync, {
      tenantId: tenant.id,
      installationId: view.id,
      pluginId: 'ads-demo',
      runId: run.id,
      signal: new AbortController().signal,
    });
    expect(summary.status).to.equal('succeeded');
    const rows = await app.connection
      .collection('metricsDaily')
      .find({ tenantId: tenant.id, date: { $gte: '2026-02-28', $lte: '2026-03-13' } })
      .toArray();
    const campaignId = String(rows[0]?.campaignId);
    const platform = String(rows[0]?.platform);
    const spends = rows
      .filter((row) => row.campaignId === campaignId)
      .map((row) => ({ date: String(row.date), spend: Number(row.spendCentsTenant) }));
    const threshold =
      [...spends].sort((left, right) => left.spend - right.spend)[Math.floor(spends.length / 2)]?.spend ?? 0;
    // Hand check: the rule acts on day D when the campaign's spend on D-1 was above the median.
    const expected = spends
      .filter((day) => day.spend > threshold)
      .map((day) => new Date(Date.parse(`${day.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))
      .sort();
    const created = await app.api('POST', '/rules', tenant.tokens.manager, {
      name: 'Spend spike',
      scope: { platforms: [platform], campaignIds: [campaignId] },
      conditions: { metric: 'spend', window: 'yesterday', operator: '>', value: threshold },
      actions: [{ type: 'notify', channels: ['in_app'] }],
      cooldownMinutes: 0,
    });
    const id = (created.body as { id: string }).id;
    const backtest = await app.api('POST', `/rules/${id}/backtest`, tenant.tokens.viewer, {
      from: '2026-03-01',
      to: '2026-03-14',
    });
    expect(backtest.status, JSON.stringify(backtest.body)).to.equal(200);
    const days = (backtest.body as { days: { day: string; actions: { campaignKey: string }[] }[] }).days;
    expect(days).to.have.length(14);
    expect(days.filter((day) => day.actions.length > 0).map((day) => day.day)).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
    expect(days.flatMap((day) => day.actions.map((action) => action.campaignKey))).to.satisfy(
      (keys: string[]) => keys.every((key) => key === `${platform}:${campaignId}`),
    );
  });
});

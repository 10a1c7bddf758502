/**
 * Rule runs end to end: KPI numbers through the KPI service, actions through the fake
 * platform's `CampaignActions`, runs and actions recorded, cooldowns held across a restart and
 * between two workers, failures retried then alerted, shadow mode acting on nothing, undo.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { RuleDefinitionInput } from '../../../core/plugin-api/index.js';
import { fakePlatform } from './support/fake-ads-plugin.js';
import { insertCampaigns, insertDays } from './support/rules-fixtures.js';
import { startRulesTestApp } from './support/rules-test-app.js';
import type { RulesTestApp, RulesTestTenant } from './support/rules-test-app.js';

// 2026-03-15T12:00Z is 08:00 in New York: today is 2026-03-15, yesterday 2026-03-14.
const PAUSE_ON_HIGH_SPEND: RuleDefinitionInput = {
  name: 'Pause big spenders',
  conditions: { metric: 'spend', window: 'yesterday', operator: '>', value: 50_000 },
  actions: [{ type: 'pause' }],
  mode: 'live',
  cooldownMinutes: 24 * 60,
};

describe('rule evaluation (integration)', function () {
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

  const tenantWith = async (rulesConfig: Record<string, unknown> = {}) => {
    const tenant = await app.seedTenant({ users: true });
    await app.installPlugins(tenant.id, rulesConfig);
    await insertCampaigns(app.connection, tenant, [
      { externalId: 'c-big', name: 'Big [brand]' },
      { externalId: 'c-small', name: 'Small' },
    ]);
    await insertDays(app.connection, tenant, [
      { campaignId: 'c-big', date: '2026-03-14', spendCents: 60_000, conversions: 3, revenueCents: 90_000 },
      {
        campaignId: 'c-small',
        date: '2026-03-14',
        spendCents: 50_000,
        conversions: 10,
        revenueCents: 400_000,
      },
    ]);
    return tenant;
  };
  const createRule = async (tenant: RulesTestTenant, rule: RuleDefinitionInput) => {
    const created = await app.api('POST', '/rules', tenant.tokens.manager, rule);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return app.platform.rules.service.get(tenant.id, (created.body as { id: string }).id);
  };
  const runsOf = async (tenant: RulesTestTenant, ruleId: string) => {
    const answer = await app.api('GET', `/rules/${ruleId}/runs`, tenant.tokens.viewer);
    return (
      answer.body as {
        data: {
          status: string;
          actions: { status: string; campaignKey: string; actionId: string | null }[];
          campaignsMatched: number;
          campaignsEvaluated: number;
        }[];
      }
    ).data;
  };

  it('when a live rule matches, it pauses only the campaign over the threshold and records run, action and audit', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, PAUSE_ON_HIGH_SPEND);
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'm1',
    });
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-big`)?.status).to.equal('paused');
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-small`)?.status).to.equal('active');
    const [run] = await runsOf(tenant, rule.id);
    expect(run?.status).to.equal('succeeded');
    expect(run?.campaignsEvaluated).to.equal(2);
    expect(run?.campaignsMatched).to.equal(1);
    expect(run?.actions.map((action) => [action.campaignKey, action.status])).to.deep.equal([
      ['meta:c-big', 'succeeded'],
    ]);
    const audit = await app.core.services.audit.list(tenant.id, { action: 'rule.act' }, { limit: 10 });
    expect(audit.data).to.have.length(1);
    expect(audit.data[0]?.changes.status).to.deep.equal({ from: 'active', to: 'paused' });
  });

  it('when the rule is in shadow mode, it records what it would do and calls the platform for nothing', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, { ...PAUSE_ON_HIGH_SPEND, mode: 'shadow' });
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 's1',
    });
    expect(fakePlatform.calls).to.deep.equal([]);
    const [run] = await runsOf(tenant, rule.id);
    expect(run?.actions.map((action) => action.status)).to.deep.equal(['shadow']);
  });

  it('when the same trigger reaches two workers at once, the rule runs and acts once', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, { ...PAUSE_ON_HIGH_SPEND, cooldownMinutes: 0 });
    const other = await app.openWorker();
    await Promise.all([
      app.platform.rules.runner.run({
        tenantId: tenant.id,
        rules: [rule],
        trigger: 'sync',
        triggerKey: 'sync:r1',
      }),
      other.platform.rules.runner.run({
        tenantId: tenant.id,
        rules: [rule],
        trigger: 'sync',
        triggerKey: 'sync:r1',
      }),
    ]);
    expect(fakePlatform.calls.filter((call) => call.tenantId === tenant.id)).to.have.length(1);
    expect(await runsOf(tenant, rule.id)).to.have.length(1);
  });

  it('when two workers run different triggers at once, the cooldown claim lets only one act', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, {
      ...PAUSE_ON_HIGH_SPEND,
      actions: [{ type: 'change_budget', percent: -10 }],
    });
    const other = await app.openWorker();
    await Promise.all([
      app.platform.rules.runner.run({
        tenantId: tenant.id,
        rules: [rule],
        trigger: 'sync',
        triggerKey: 'sync:a',
      }),
      other.platform.rules.runner.run({
        tenantId: tenant.id,
        rules: [rule],
        trigger: 'sync',
        triggerKey: 'sync:b',
      }),
    ]);
    expect(fakePlatform.calls.filter((call) => call.tenantId === tenant.id)).to.have.length(1);
    const statuses = (await runsOf(tenant, rule.id))
      .flatMap((run) => run.actions.map((action) => action.status))
      .sort();
    expect(statuses).to.deep.equal(['cooldown', 'succeeded']);
  });

  it('when the host restarts within the cooldown, the rule does not act again; after it, it does', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, {
      ...PAUSE_ON_HIGH_SPEND,
      actions: [{ type: 'change_budget', percent: -10 }],
      cooldownMinutes: 120,
    });
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'before',
    });
    const restarted = await app.openWorker();
    app.clock.set('2026-03-15T13:59:00Z');
    await restarted.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'within',
    });
    expect(fakePlatform.calls.filter((call) => call.tenantId === tenant.id)).to.have.length(1);
    app.clock.set('2026-03-15T14:00:01Z');
    await restarted.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'after',
    });
    expect(fakePlatform.calls.filter((call) => call.tenantId === tenant.id)).to.have.length(2);
  });

  it('when the platform keeps failing transiently, the action is retried, recorded as failed and an alert is raised', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, PAUSE_ON_HIGH_SPEND);
    fakePlatform.failures.push('transient', 'transient', 'transient');
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'f1',
    });
    expect(fakePlatform.calls.filter((call) => call.call === 'pause')).to.have.length(3);
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-big`)?.status).to.equal('active');
    const [run] = await runsOf(tenant, rule.id);
    expect(run?.status).to.equal('failed');
    const alerts = await app.api('GET', '/alerts?status=open', tenant.tokens.viewer);
    const titles = (alerts.body as { data: { title: string; severity: string }[] }).data.map(
      (alert) => alert.title,
    );
    expect(titles.some((title) => title.includes('could not pause'))).to.equal(true);
    // Nothing changed, so the claim was given back: the next run tries again and succeeds.
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'f2',
    });
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-big`)?.status).to.equal('paused');
  });

  it('when a transient failure clears on retry, the action succeeds in its second attempt', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, PAUSE_ON_HIGH_SPEND);
    fakePlatform.failures.push('transient');
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'r1',
    });
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-big`)?.status).to.equal('paused');
    const [run] = await runsOf(tenant, rule.id);
    expect(run?.status).to.equal('succeeded');
  });

  it('when a budget action is undone, the previous budget is restored on the platform and the action says undone', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, {
      ...PAUSE_ON_HIGH_SPEND,
      actions: [{ type: 'change_budget', percent: 20 }],
    });
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'u1',
    });
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-big`)?.dailyBudgetCents).to.equal(12_000);
    const [run] = await runsOf(tenant, rule.id);
    const actionId = run?.actions[0]?.actionId ?? '';
    const viewer = await app.api('POST', `/rule-actions/${actionId}/undo`, tenant.tokens.viewer);
    expect(viewer.status).to.equal(403);
    const undone = await app.api('POST', `/rule-actions/${actionId}/undo`, tenant.tokens.manager);
    expect(undone.status, JSON.stringify(undone.body)).to.equal(200);
    expect(undone.body).to.include({ status: 'undone' });
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-big`)?.dailyBudgetCents).to.equal(10_000);
    expect((await app.api('POST', `/rule-actions/${actionId}/undo`, tenant.tokens.manager)).status).to.equal(
      409,
    );
  });

  it('when budget changes exceed the daily guardrail, they are clipped and say so, across runs of the same day', async () => {
    const tenant = await tenantWith({ maxBudgetChangePctPerDay: 30 });
    const rule = await createRule(tenant, {
      ...PAUSE_ON_HIGH_SPEND,
      actions: [{ type: 'change_budget', percent: 20 }],
      cooldownMinutes: 0,
    });
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'g1',
    });
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'g2',
    });
    // 10,000 → 12,000 (+20%), then +20% would be 14,400: clipped to 13,000 (+30% of the day's 10,000).
    expect(fakePlatform.calls.map((call) => call.value)).to.deep.equal([12_000, 13_000]);
    const runs = await runsOf(tenant, rule.id);
    const clipped = runs
      .flatMap((run) => run.actions)
      .find(
        (action) =>
          action.status === 'succeeded' &&
          action.campaignKey === 'meta:c-big' &&
          (action as unknown as { clippedBy: string[] }).clippedBy.length > 0,
      );
    expect(clipped).to.not.equal(undefined);
  });

  it('when the kill switch is on, a live rule changes no campaign and records the block', async () => {
    const tenant = await tenantWith({ killSwitch: true });
    const rule = await createRule(tenant, PAUSE_ON_HIGH_SPEND);
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'k1',
    });
    expect(fakePlatform.calls).to.deep.equal([]);
    const [run] = await runsOf(tenant, rule.id);
    expect(
      run?.actions.map((action) => [action.status, (action as unknown as { blockedBy: string }).blockedBy]),
    ).to.deep.equal([['blocked', 'kill_switch']]);
  });

  it("when another tenant has matching campaigns, they are never in a rule's scope", async () => {
    const tenant = await tenantWith();
    const neighbour = await tenantWith();
    const rule = await createRule(tenant, PAUSE_ON_HIGH_SPEND);
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [rule],
      trigger: 'manual',
      triggerKey: 'n1',
    });
    expect(fakePlatform.calls.every((call) => call.tenantId === tenant.id)).to.equal(true);
    expect(fakePlatform.campaigns.get(`${neighbour.id}|c-big`)?.status).to.equal('active');
    const [run] = await runsOf(tenant, rule.id);
    expect(run?.campaignsEvaluated).to.equal(2);
  });

  it('when a notify rule fires, it raises an in-app alert, queues a WhatsApp message to managers and posts a signed webhook', async () => {
    const received: { body: string; signature: string | undefined; timestamp: string | undefined }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({
          body,
          signature: req.headers['x-stratum-signature'] as string | undefined,
          timestamp: req.headers['x-stratum-timestamp'] as string | undefined,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      const secret = 'webhook-secret-0123456789';
      const tenant = await tenantWith({ webhookSecret: secret });
      const rule = await createRule(tenant, {
        ...PAUSE_ON_HIGH_SPEND,
        actions: [
          {
            type: 'notify',
            channels: ['in_app', 'whatsapp', 'webhook'],
            severity: 'critical',
            webhookUrl: `http://127.0.0.1:${port}/hook`,
          },
        ],
      });
      await app.platform.rules.runner.run({
        tenantId: tenant.id,
        rules: [rule],
        trigger: 'manual',
        triggerKey: 'w1',
      });
      const [run] = await runsOf(tenant, rule.id);
      expect(run?.actions.map((action) => action.status)).to.deep.equal(['succeeded']);
      expect(received).to.have.length(1);
      const hook = received[0];
      const expected = `sha256=${createHmac('sha256', secret).update(`${hook?.timestamp}.${hook?.body}`).digest('hex')}`;
      expect(hook?.signature).to.equal(expected);
      expect(JSON.parse(hook?.body ?? '{}')).to.include({ event: 'rule.notify', ruleId: rule.id });
      const alerts = await app.platform.rules.alerts.listAlerts(tenant.id, { status: 'open' });
      expect(alerts.map((alert) => alert.severity)).to.deep.equal(['critical']);
      const message = await app.platform.rules.alerts.claimManagerMessage(tenant.id);
      expect(message?.text).to.match(/Pause big spenders: Big \[brand\]/);
      expect(await app.platform.rules.alerts.claimManagerMessage(tenant.id)).to.equal(undefined);
    } finally {
      receiver.close();
    }
  });

  it('when two budget rules match one campaign in one pass, only the first changes its budget', async () => {
    const tenant = await tenantWith();
    const first = await createRule(tenant, {
      ...PAUSE_ON_HIGH_SPEND,
      actions: [{ type: 'change_budget', percent: 10 }],
    });
    const second = await createRule(tenant, {
      ...PAUSE_ON_HIGH_SPEND,
      actions: [{ type: 'change_budget', percent: -10 }],
    });
    await app.platform.rules.runner.run({
      tenantId: tenant.id,
      rules: [first, second],
      trigger: 'manual',
      triggerKey: 'b1',
    });
    expect(fakePlatform.calls.map((call) => call.value)).to.deep.equal([11_000]);
    const [run] = await runsOf(tenant, second.id);
    expect(
      run?.actions.map((action) => (action as unknown as { blockedBy: string }).blockedBy),
    ).to.deep.equal(['budget_changed_this_pass']);
  });

  it('when a sync completes, the rules queue evaluates the after-sync rules', async () => {
    const tenant = await tenantWith();
    const rule = await createRule(tenant, PAUSE_ON_HIGH_SPEND);
    await app.platform.jobs.start({ queues: ['rules'] });
    await app.bus.publish(tenant.id, 'sync.completed', {
      pluginId: 'fake-ads',
      runId: 'sync-run-1',
      rows: 2,
      from: '2026-03-14',
      to: '2026-03-15',
    });
    const deadline = Date.now() + 15_000;
    while ((await runsOf(tenant, rule.id))[0]?.status !== 'succeeded' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const [run] = await runsOf(tenant, rule.id);
    expect(run?.status).to.equal('succeeded');
    expect(fakePlatform.campaigns.get(`${tenant.id}|c-big`)?.status).to.equal('paused');
  });
});

/**
 * `npm run bench -- rules [--rules 500 --campaigns 5000 --days 45]`: one evaluation pass of
 * 500 rules over 5,000 campaigns after a sync (shadow mode: decisions, claims and records are
 * real, no platform is called), the embedded database server in its own process. Prints the
 * seconds per run — the first after a sync (KPI answers computed) and a repeat (answers cached)
 * — and the KPI queries issued beside the naive rules × campaigns count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { z } from 'zod';
import { createAlertModels } from '../core/alerts/alert.model.js';
import { createAlertRepository } from '../core/alerts/alert.repository.js';
import { createAlertService } from '../core/alerts/alert.service.js';
import { addDays } from '../core/analytics/calendar-days.js';
import { createAnalyticsModule } from '../core/analytics/analytics-module.js';
import { createAuditLogModel } from '../core/audit/audit-log.model.js';
import { createAuditLogRepository } from '../core/audit/audit-log.repository.js';
import { createAuditService } from '../core/audit/audit.service.js';
import { createMemoryCache } from '../core/cache/memory-cache.js';
import { createInProcessEventBus } from '../core/events/in-process-event-bus.js';
import { createIngestModels } from '../core/ingest/ingest-models.js';
import { ruleDefinitionSchema } from '../core/plugin-api/index.js';
import type { RuleDefinition } from '../core/plugin-api/index.js';
import { createRuleModels } from '../core/rules/rule.model.js';
import { createRuleRepository } from '../core/rules/rule.repository.js';
import type { Rule } from '../core/rules/rule.repository.js';
import { createRuleExecutor, DEFAULT_RETRY_POLICY } from '../core/rules/rule-executor.js';
import { createRuleNotifier } from '../core/rules/rule-notifier.js';
import { createRuleRunRepository } from '../core/rules/rule-run.repository.js';
import { createRuleRunner } from '../core/rules/rule-runner.js';
import { createRuleCampaignReader } from '../core/rules/rule-snapshots.js';
import { TenantContext } from '../core/tenancy/tenant-context.js';
import { createRulesEngine, rulesConfigSchema } from '../plugins/rules/index.js';
import { startDatabaseServer, stopDatabaseServer } from './support/db-server.js';

const TODAY = '2026-03-01';
const NOW = new Date(`${TODAY}T17:00:00Z`);
const TENANT = { currency: 'USD', timezone: 'America/New_York' } as const;
const PLATFORMS = ['meta', 'google', 'tiktok', 'snapchat', 'linkedin'] as const;

const flagsSchema = z.object({
  rules: z.coerce.number().int().min(1).max(5_000).default(500),
  campaigns: z.coerce.number().int().min(1).max(20_000).default(5_000),
  days: z.coerce.number().int().min(8).max(400).default(45),
});

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function seed(
  connection: Connection,
  tenantId: string,
  campaigns: number,
  days: number,
): Promise<number> {
  const base = { tenantId, pluginId: 'ads-demo', installationId: 'inst', syncedAt: NOW, accountId: 'act_1' };
  await connection.collection('campaigns').insertMany(
    Array.from({ length: campaigns }, (_, campaign) => ({
      ...base,
      platform: PLATFORMS[campaign % PLATFORMS.length],
      externalId: `cmp_${campaign}`,
      name: `Campaign ${campaign}${campaign % 3 === 0 ? ' [brand]' : ''}`,
      status: 'active',
      objective: 'sales',
      dailyBudgetCents: 10_000,
      currency: 'USD',
    })),
  );
  const next = random(20_261_126);
  const collection = connection.collection('metricsDaily');
  let batch: Record<string, unknown>[] = [];
  let written = 0;
  for (let day = 0; day < days; day += 1) {
    const date = addDays(TODAY, day - (days - 1));
    for (let campaign = 0; campaign < campaigns; campaign += 1) {
      const impressions = Math.floor(next() * 20_000);
      const clicks = Math.floor(impressions * next() * 0.03);
      const conversions = Math.floor(clicks * next() * 0.1);
      const spendCents = Math.floor(clicks * (20 + next() * 150));
      const revenueCents = Math.floor(conversions * (2_000 + next() * 8_000));
      batch.push({
        ...base,
        platform: PLATFORMS[campaign % PLATFORMS.length],
        campaignId: `cmp_${campaign}`,
        date,
        impressions,
        clicks,
        conversions,
        spendCents,
        revenueCents,
        currency: 'USD',
        spendCentsTenant: spendCents,
        revenueCentsTenant: revenueCents,
        tenantCurrency: 'USD',
        fxMissing: false,
      });
      if (batch.length === 20_000) {
        await collection.insertMany(batch, { ordered: false });
        written += batch.length;
        batch = [];
      }
    }
  }
  if (batch.length > 0) await collection.insertMany(batch, { ordered: false });
  return written + batch.length;
}

/** A realistic mix: the four templates with varied thresholds and scopes, and hand-written rules. */
function ruleMix(count: number): RuleDefinition[] {
  const engine = createRulesEngine(rulesConfigSchema.parse({}));
  return Array.from({ length: count }, (_, index) => {
    const platform = PLATFORMS[index % PLATFORMS.length] ?? 'meta';
    const scope = index % 4 === 0 ? { labels: ['brand'] } : { platforms: [platform] };
    const base = (() => {
      switch (index % 5) {
        case 0:
          return engine.expandTemplate('pause-high-cpa', { targetCpaCents: 1_000 + index * 10 });
        case 1:
          return engine.expandTemplate('raise-budget-high-roas', { minRoas: 2 + (index % 7) });
        case 2:
          return engine.expandTemplate('alert-spend-spike', {});
        case 3:
          return engine.expandTemplate('alert-tracking-outage', {});
        default:
          return ruleDefinitionSchema.parse({
            name: `ctr drop ${index}`,
            conditions: {
              metric: 'ctr',
              window: 'last_7_days',
              measure: 'change_pct',
              operator: '<',
              value: -20 - (index % 30),
            },
            actions: [{ type: 'notify', channels: ['in_app'] }],
          });
      }
    })();
    return { ...base, scope: { ...base.scope, ...scope }, mode: 'shadow' as const };
  });
}

export async function runRulesBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { rules: { type: 'string' }, campaigns: { type: 'string' }, days: { type: 'string' } },
  });
  const flags = flagsSchema.parse(values);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stratum-bench-rules-'));
  process.stdout.write(
    `rules benchmark: ${flags.rules} rules over ${flags.campaigns} campaigns x ${flags.days} days, shadow mode, server in its own process\n\n`,
  );
  const server = await startDatabaseServer(dataDir);
  const connection = await mongoose.createConnection(server.uri, { dbName: 'bench_rules' }).asPromise();
  try {
    const context = new TenantContext();
    await createIngestModels(connection, context).ensureIndexes();
    const tenantId = new mongoose.Types.ObjectId().toHexString();
    const seeding = performance.now();
    const rows = await seed(connection, tenantId, flags.campaigns, flags.days);
    process.stdout.write(
      `seeded ${rows} metricsDaily rows in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`,
    );

    const models = createRuleModels(connection, context);
    await models.ensureIndexes();
    const alertModels = createAlertModels(connection, context);
    await alertModels.alerts.createIndexes();
    const logger = pino({ level: 'silent' });
    const bus = createInProcessEventBus({ logger });
    const alerts = createAlertService({
      repository: createAlertRepository(alertModels),
      bus,
      now: () => NOW,
    });
    const audit = createAuditService({
      repository: createAuditLogRepository(createAuditLogModel(connection, context, {})),
      now: () => NOW,
    });
    const analytics = createAnalyticsModule({
      connection,
      cache: createMemoryCache(),
      tenants: { get: async () => TENANT },
      now: () => NOW,
    });
    let kpiQueries = 0;
    const kpis = {
      query: (...args: Parameters<typeof analytics.service.query>) => (
        (kpiQueries += 1),
        analytics.service.query(...args)
      ),
    };
    // Where a run's time goes: every repository call is timed by name.
    const phases = new Map<string, number>();
    const timedObject = <T extends object>(prefix: string, target: T): T =>
      new Proxy(target, {
        get(object, property, receiver) {
          const value = Reflect.get(object, property, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            const started = performance.now();
            try {
              return (await (value as (...inner: unknown[]) => Promise<unknown>).apply(
                object,
                args,
              )) as unknown;
            } finally {
              const name = `${prefix}.${String(property)}`;
              phases.set(name, (phases.get(name) ?? 0) + performance.now() - started);
            }
          };
        },
      });
    const runs = timedObject('ruleRuns', createRuleRunRepository(models));
    const engine = createRulesEngine(rulesConfigSchema.parse({}));
    const runner = createRuleRunner({
      runs,
      campaigns: timedObject(
        'campaigns',
        createRuleCampaignReader(createIngestModels(connection, context).campaigns),
      ),
      kpis: timedObject('kpis', kpis),
      executor: createRuleExecutor({
        runs,
        audit,
        alerts,
        bus,
        notifier: createRuleNotifier({
          alerts,
          http: { request: () => Promise.reject(new Error('no egress in the benchmark')) },
        }),
        actionsOf: async () => undefined,
        now: () => NOW,
        retry: DEFAULT_RETRY_POLICY,
      }),
      engineOf: async () => engine,
      tenants: { get: async () => TENANT },
      now: () => NOW,
    });
    const repository = createRuleRepository(models);
    const rules: Rule[] = [];
    for (const definition of ruleMix(flags.rules))
      rules.push(await repository.insert(tenantId, definition, 'bench', NOW));

    const timed = async (label: string, triggerKey: string) => {
      kpiQueries = 0;
      phases.clear();
      const started = performance.now();
      const report = await runner.run({ tenantId, rules, trigger: 'sync', triggerKey });
      const seconds = (performance.now() - started) / 1000;
      const actions = await models.actions.countDocuments({
        tenantId,
        runId: { $in: report.runs.map((run) => run.id) },
      });
      process.stdout.write(
        `${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s   KPI queries ${String(kpiQueries).padStart(4)}   runs ${report.runs.length}   shadow actions ${actions}\n`,
      );
      const io = [...phases.values()].reduce((sum, millis) => sum + millis, 0);
      const breakdown = [...phases]
        .sort((left, right) => right[1] - left[1])
        .map(([name, millis]) => `${name} ${(millis / 1000).toFixed(2)} s`);
      process.stdout.write(
        `  of which I/O: ${breakdown.join(', ')}; engine and the rest ${(seconds - io / 1000).toFixed(2)} s\n`,
      );
    };
    await timed('first run after a sync (cold KPIs)', 'sync:bench-1');
    await timed('second run (KPI answers cached)', 'sync:bench-2');
    process.stdout.write(
      `\nnaive KPI reads (rules x campaigns): ${(flags.rules * flags.campaigns).toLocaleString('en-US')}; target: far fewer, and a run in seconds\n`,
    );
  } finally {
    await connection.close();
    await stopDatabaseServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

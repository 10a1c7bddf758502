/**
 * `npm run bench -- kpis [--campaigns 2000 --days 400 --iterations 30]`: the KPI service on one
 * tenant with campaigns × days rows of metricsDaily (bulk-inserted synthetic rows), the embedded
 * database server in its own process over TCP as `npm start` runs it. Cold (data version bumped
 * before each call) p50/p99 of totals over last_30_days, the top-50 campaign breakdown and a
 * 90-day daily series, every campaign against the previous period (the rules' read; use
 * `--campaigns 5000 --days 45` for the rules benchmark's size); cached p99; and the same
 * aggregations sent raw through the driver in the same run, printed beside the targets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { addDays } from '../core/analytics/calendar-days.js';
import { createAnalyticsModule } from '../core/analytics/analytics-module.js';
import { kpiQueryInputSchema, normaliseKpiQuery } from '../core/analytics/kpi-query.js';
import type { KpiQueryInput } from '../core/analytics/kpi-query.js';
import { sumsPipeline } from '../core/analytics/kpi-pipelines.js';
import { planOf } from '../core/analytics/kpi.service.js';
import type { Cache } from '../core/cache/cache.js';
import { createMemoryCache } from '../core/cache/memory-cache.js';
import { createIngestModels } from '../core/ingest/ingest-models.js';
import { TenantContext } from '../core/tenancy/tenant-context.js';
import { startDatabaseServer, stopDatabaseServer } from './support/db-server.js';

const TODAY = '2026-03-01';
const NOW = new Date(`${TODAY}T17:00:00Z`);
const TENANT = { currency: 'USD', timezone: 'America/New_York' } as const;
const PLATFORMS = ['meta', 'google', 'tiktok', 'snapchat', 'linkedin'] as const;
const ACCOUNTS_PER_PLATFORM = 4;

const flagsSchema = z.object({
  campaigns: z.coerce.number().int().min(1).max(10_000).default(2_000),
  days: z.coerce.number().int().min(1).max(1_500).default(400),
  iterations: z.coerce.number().int().min(5).max(1_000).default(30),
});

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function line(label: string, value: string, target = '', ok?: boolean): void {
  const verdict = ok === undefined ? '' : ok ? '  ok' : '  MISSED';
  process.stdout.write(`${label.padEnd(48)} ${value.padStart(12)}   ${target}${verdict}\n`);
}

/** A small deterministic generator: same rows every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const platformOf = (campaign: number) => PLATFORMS[campaign % PLATFORMS.length] as string;
const accountOf = (campaign: number) => `act_${platformOf(campaign)}_${campaign % ACCOUNTS_PER_PLATFORM}`;

async function seed(
  connection: Connection,
  tenantId: string,
  campaigns: number,
  days: number,
): Promise<number> {
  const base = { tenantId, pluginId: 'ads-demo', syncedAt: NOW };
  await connection.collection('adAccounts').insertMany(
    PLATFORMS.flatMap((platform) =>
      Array.from({ length: ACCOUNTS_PER_PLATFORM }, (_, index) => ({
        ...base,
        installationId: `inst-${platform}`,
        platform,
        externalId: `act_${platform}_${index}`,
        name: `${platform} account ${index}`,
        currency: 'USD',
        timezone: TENANT.timezone,
        status: 'active',
      })),
    ),
  );
  await connection.collection('campaigns').insertMany(
    Array.from({ length: campaigns }, (_, campaign) => ({
      ...base,
      installationId: `inst-${platformOf(campaign)}`,
      platform: platformOf(campaign),
      accountId: accountOf(campaign),
      externalId: `cmp_${campaign}`,
      name: `Campaign ${campaign}`,
      status: campaign % 7 === 0 ? 'paused' : 'active',
      objective: 'sales',
      dailyBudgetCents: 10_000,
      currency: 'USD',
    })),
  );
  const next = random(20_261_125);
  const collection = connection.collection('metricsDaily');
  const firstDay = addDays(TODAY, -(days - 1));
  let written = 0;
  let batch: Record<string, unknown>[] = [];
  for (let day = 0; day < days; day += 1) {
    const date = addDays(firstDay, day);
    for (let campaign = 0; campaign < campaigns; campaign += 1) {
      const impressions = Math.floor(next() * 20_000);
      const clicks = Math.floor(impressions * next() * 0.03);
      const conversions = Math.floor(clicks * next() * 0.1);
      const spendCents = Math.floor(clicks * (20 + next() * 150));
      const revenueCents = Math.floor(conversions * (2_000 + next() * 8_000));
      batch.push({
        ...base,
        installationId: `inst-${platformOf(campaign)}`,
        platform: platformOf(campaign),
        accountId: accountOf(campaign),
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
        attribution: { clickThroughDays: 7, viewThroughDays: 1 },
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

async function sample(iterations: number, work: () => Promise<unknown>): Promise<number[]> {
  const millis: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = performance.now();
    await work();
    millis.push(performance.now() - started);
  }
  return millis;
}

/**
 * "Cold" answers: every KPI answer is computed (its cache entry is bypassed) while the tenant's
 * data context (accounts, sync status, attribution; one load per data version) stays cached, as
 * for every query but the first after a sync. The first answer after a sync is measured apart.
 */
function answersUncached(cache: Cache): Cache {
  return {
    ...cache,
    wrap: (key, ttlMs, load) => (key.key.startsWith('kpis:query:') ? load() : cache.wrap(key, ttlMs, load)),
  };
}

const fmt = (millis: number) => `${millis.toFixed(millis < 10 ? 2 : 1)} ms`;

export async function runKpisBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { campaigns: { type: 'string' }, days: { type: 'string' }, iterations: { type: 'string' } },
  });
  const { campaigns, days, iterations } = flagsSchema.parse(values);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stratum-bench-kpis-'));
  process.stdout.write(
    `kpis benchmark: ${campaigns} campaigns x ${days} days, ${iterations} cold samples each, server in its own process\n\n`,
  );
  const server = await startDatabaseServer(dataDir);
  const connection = await mongoose.createConnection(server.uri, { dbName: 'bench_kpis' }).asPromise();
  try {
    await createIngestModels(connection, new TenantContext()).ensureIndexes();
    const tenantId = new mongoose.Types.ObjectId().toHexString();
    const seeding = performance.now();
    const rows = await seed(connection, tenantId, campaigns, days);
    line(
      'seeded metricsDaily rows',
      String(rows),
      `in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    const cache = createMemoryCache();
    const moduleWith = (chosen: Cache) =>
      createAnalyticsModule({
        connection,
        cache: chosen,
        tenants: { get: async () => TENANT },
        now: () => NOW,
      });
    const analytics = moduleWith(cache);
    const coldAnalytics = moduleWith(answersUncached(cache));
    const queries: Record<string, { input: KpiQueryInput; target?: number }> = {
      'totals last_30_days': { input: { range: 'last_30_days' }, target: 150 },
      'top-50 campaigns last_30_days': {
        input: { range: 'last_30_days', groupBy: 'campaign', limit: 50 },
        target: 300,
      },
      'daily series last_90_days': { input: { range: 'last_90_days', groupBy: 'day' } },
      // What a rules pass reads: every campaign, with the previous period (run with --campaigns 5000).
      'all campaigns last_30_days vs previous': {
        input: { range: 'last_30_days', groupBy: 'campaign', compare: 'previous_period' },
      },
    };
    const metrics = connection.collection('metricsDaily');
    process.stdout.write('\n');
    for (const [label, { input, target }] of Object.entries(queries)) {
      const pipeline = sumsPipeline(
        tenantId,
        planOf(normaliseKpiQuery(kpiQueryInputSchema.parse(input), NOW, TENANT.timezone)),
      );
      const raw = () => metrics.aggregate(pipeline).toArray();
      const cold = () => coldAnalytics.service.query(tenantId, input);
      const afterSync = async () => {
        await cache.bumpDataVersion(tenantId);
        return analytics.service.query(tenantId, input);
      };
      await sample(3, raw); // warm-up: JIT, server caches
      await sample(3, cold);
      const firstAfterSync = await sample(Math.min(iterations, 10), afterSync);
      // Interleaved, so both see the same machine load.
      const rawMillis: number[] = [];
      const serviceMillis: number[] = [];
      for (let index = 0; index < iterations; index += 1) {
        rawMillis.push(...(await sample(1, raw)));
        serviceMillis.push(...(await sample(1, cold)));
      }
      const ratio = percentile(serviceMillis, 50) / percentile(rawMillis, 50);
      const p99 = percentile(serviceMillis, 99);
      line(`${label}: service cold p50`, fmt(percentile(serviceMillis, 50)));
      line(
        `${label}: service cold p99`,
        fmt(p99),
        target === undefined ? '' : `target <= ${target} ms`,
        target === undefined ? undefined : p99 <= target,
      );
      line(`${label}: raw aggregation p50`, fmt(percentile(rawMillis, 50)));
      line(`${label}: raw aggregation p99`, fmt(percentile(rawMillis, 99)));
      line(
        `${label}: first answer after a sync p50`,
        fmt(percentile(firstAfterSync, 50)),
        '(context reload included)',
      );
      line(`${label}: service / raw (p50)`, `${ratio.toFixed(2)}x`, 'target <= 1.3x', ratio <= 1.3);
      process.stdout.write('\n');
    }
    const cachedInput = queries['totals last_30_days']?.input ?? {};
    await analytics.service.query(tenantId, cachedInput);
    const cached = await sample(Math.max(500, iterations * 20), () =>
      analytics.service.query(tenantId, cachedInput),
    );
    line('totals last_30_days: cached p50', fmt(percentile(cached, 50)));
    line(
      'totals last_30_days: cached p99',
      fmt(percentile(cached, 99)),
      'target <= 5 ms',
      percentile(cached, 99) <= 5,
    );
  } finally {
    await connection.close();
    await stopDatabaseServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- ingest [--campaigns 1000 --days 365]`: ads-demo end to end (plugin →
 * validation, FX, upsert by natural key, checkpoints → embedded database server in its own
 * process, over TCP) in rows/s, beside a raw driver `bulkWrite` of the same upsert operations
 * (pre-built, same batch size) into another collection of the same server in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnyBulkWriteOperation, Document } from 'mongodb';
import mongoose from 'mongoose';
import { z } from 'zod';
import { ensureDemoFxRates } from '../core/ingest/fx/demo-rates.js';
import { createFxService } from '../core/ingest/fx/fx-table.js';
import { createIngestModels } from '../core/ingest/ingest-models.js';
import type { IngestModels } from '../core/ingest/ingest-models.js';
import { createIngestWriter } from '../core/ingest/ingest-writer.js';
import { createSyncRunner } from '../core/ingest/sync-runner.js';
import { createSyncRuns } from '../core/ingest/sync-runs.js';
import { addDays } from '../core/ingest/sync-range.js';
import type { AdAccount, DailyMetric, DayRange, TenantInfo } from '../core/plugin-api/index.js';
import { TenantContext } from '../core/tenancy/tenant-context.js';
import {
  adsDemoConfigSchema,
  createAdsDemoSource,
  createDemoRuntime,
  createMemoryDemoStateStore,
} from '../plugins/ads-demo/index.js';
import { startDatabaseServer, stopDatabaseServer } from './support/db-server.js';

const TODAY = '2026-03-01';
const TARGET_RATIO = 0.7;

const flagsSchema = z.object({
  campaigns: z.coerce.number().int().min(1).max(5_000).default(1_000),
  days: z.coerce.number().int().min(1).max(1_500).default(365),
});

function line(label: string, value: string, note = ''): void {
  process.stdout.write(`${label.padEnd(52)} ${value.padStart(18)}   ${note}\n`);
}

const call = { signal: new AbortController().signal };

function demo(campaigns: number, days: number) {
  const config = adsDemoConfigSchema.parse({
    size: { campaigns, days },
    seed: 20_261_124,
    anchorDate: TODAY,
    today: TODAY,
    apiKey: 'bench-api-key',
  });
  return createDemoRuntime({
    config,
    store: createMemoryDemoStateStore(),
    clock: { now: () => new Date(`${TODAY}T12:00:00Z`) },
    tenantTimezone: 'UTC',
  });
}

/** Everything the simulator yields (timed: its own cost, reported beside the rest). */
async function readDemo(campaigns: number, days: number, range: DayRange) {
  const source = createAdsDemoSource(demo(campaigns, days));
  const accounts = await source.listAccounts(call);
  const batches: { account: AdAccount; rows: readonly DailyMetric[] }[] = [];
  const started = performance.now();
  for (const account of accounts)
    for await (const batch of source.dailyMetrics(account, range, undefined, call))
      batches.push({ account, rows: batch.rows });
  return { accounts, batches, millis: performance.now() - started };
}

async function syncEndToEnd(
  models: IngestModels,
  tenant: TenantInfo,
  campaigns: number,
  days: number,
  range: DayRange,
) {
  const runs = createSyncRuns(models.syncRuns);
  const installationId = new mongoose.Types.ObjectId().toHexString();
  const run = await runs.create(
    { tenantId: tenant.id, installationId, pluginId: 'ads-demo', trigger: 'cli' },
    new Date(),
  );
  const runner = createSyncRunner({
    models,
    fx: createFxService(models),
    bus: { publish: async () => undefined as never },
    cache: { bumpDataVersion: async () => 1 },
    now: () => new Date(),
    logger: { info: () => undefined, warn: () => undefined },
  });
  const started = performance.now();
  const summary = await runner.run({
    runId: run.id,
    tenant,
    installationId,
    pluginId: 'ads-demo',
    source: createAdsDemoSource(demo(campaigns, days)),
    range,
    signal: call.signal,
  });
  return { summary, millis: performance.now() - started };
}

/** The exact operations ingest sends, built before timing; written in the same batches. */
async function rawBulkWrite(
  models: IngestModels,
  tenant: TenantInfo,
  demoRead: Awaited<ReturnType<typeof readDemo>>,
  range: DayRange,
): Promise<{ rows: number; millis: number }> {
  const writer = createIngestWriter(models);
  const fx = await createFxService(models).loadTable(range);
  const target = {
    tenantId: tenant.id,
    tenantCurrency: tenant.currency,
    installationId: 'raw',
    pluginId: 'ads-demo',
    syncedAt: new Date(),
  };
  const campaignIds = new Set(
    demoRead.batches.flatMap((batch) => batch.rows.map((row) => row.campaignExternalId)),
  );
  const prepared = demoRead.batches.map((batch) =>
    writer.prepareMetrics(target, batch.account, campaignIds, fx, batch.rows),
  );
  const collection = models.metricsDaily.db.collection('metricsDailyRaw');
  await collection.createIndex({ tenantId: 1, platform: 1, campaignId: 1, date: 1 }, { unique: true });
  await collection.createIndex({ tenantId: 1, date: 1 });
  let rows = 0;
  const started = performance.now();
  for (const batch of prepared) {
    await collection.bulkWrite(batch.operations as AnyBulkWriteOperation<Document>[], { ordered: false });
    rows += batch.operations.length;
  }
  return { rows, millis: performance.now() - started };
}

export async function runIngestBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { campaigns: { type: 'string' }, days: { type: 'string' } },
  });
  const { campaigns, days } = flagsSchema.parse(values);
  const range = { from: addDays(TODAY, -(days - 1)), to: TODAY };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stratum-bench-ingest-'));
  process.stdout.write(
    `ingest benchmark: ads-demo ${campaigns} campaigns x ${days} days, server in its own process, data dir ${dataDir}\n\n`,
  );
  const server = await startDatabaseServer(dataDir);
  const connection = await mongoose.createConnection(server.uri, { dbName: 'bench_ingest' }).asPromise();
  try {
    const models = createIngestModels(connection, new TenantContext());
    await models.ensureIndexes();
    await ensureDemoFxRates(models);
    const tenant = (slug: string): TenantInfo => ({
      id: new mongoose.Types.ObjectId().toHexString(),
      slug,
      currency: 'EUR',
      timezone: 'UTC',
    });
    // Warm-up (JIT, server caches) on a small set, not measured.
    await syncEndToEnd(models, tenant('warm-up'), 40, 30, { from: addDays(TODAY, -29), to: TODAY });

    const demoRead = await readDemo(campaigns, days, range);
    const simulated = demoRead.batches.reduce((sum, batch) => sum + batch.rows.length, 0);
    line(
      'ads-demo simulator alone (no database)',
      `${Math.round(simulated / (demoRead.millis / 1000))} rows/s`,
      `${simulated} rows in ${(demoRead.millis / 1000).toFixed(2)} s`,
    );

    const raw = await rawBulkWrite(models, tenant('raw'), demoRead, range);
    const rawRate = raw.rows / (raw.millis / 1000);
    line(
      'raw driver bulkWrite, same upserts, 1,000/batch',
      `${Math.round(rawRate)} rows/s`,
      `${raw.rows} rows in ${(raw.millis / 1000).toFixed(2)} s`,
    );
    demoRead.batches.length = 0;

    const { summary, millis } = await syncEndToEnd(models, tenant('bench'), campaigns, days, range);
    const rows = summary.rows.metrics;
    const rate = rows / (millis / 1000);
    line(
      'ingest end to end (plugin → runner → server)',
      `${Math.round(rate)} rows/s`,
      `${rows} metric rows (+${summary.rows.campaigns} campaigns) in ${(millis / 1000).toFixed(2)} s, ${summary.status}`,
    );
    const ratio = rate / rawRate;
    line(
      'end to end / raw bulkWrite',
      `${(ratio * 100).toFixed(0)} %`,
      `target >= ${TARGET_RATIO * 100} % ${ratio >= TARGET_RATIO ? ' ok' : ' MISSED'}`,
    );
  } finally {
    await connection.close();
    await stopDatabaseServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

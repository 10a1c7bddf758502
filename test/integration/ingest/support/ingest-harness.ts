/**
 * A real embedded MongoDB-protocol server (memory only, port 0), a mongoose connection, the
 * ingest models with their indexes and the demo FX rates, and a runner wired to a recording bus
 * and the in-memory cache.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import type { Cache } from '../../../../core/cache/cache.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../../core/db/embedded/server.js';
import { ensureDemoFxRates } from '../../../../core/ingest/fx/demo-rates.js';
import { createFxService } from '../../../../core/ingest/fx/fx-table.js';
import { createIngestModels } from '../../../../core/ingest/ingest-models.js';
import type { IngestModels } from '../../../../core/ingest/ingest-models.js';
import { createSyncRunner } from '../../../../core/ingest/sync-runner.js';
import type { SyncRunner, SyncRunnerDeps, SyncRunRequest } from '../../../../core/ingest/sync-runner.js';
import { createSyncRuns } from '../../../../core/ingest/sync-runs.js';
import type { SyncRuns } from '../../../../core/ingest/sync-runs.js';
import type { AdsSource, DayRange, TenantInfo } from '../../../../core/plugin-api/index.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';
import {
  adsDemoConfigSchema,
  createAdsDemoSource,
  createDemoRuntime,
  createMemoryDemoStateStore,
} from '../../../../plugins/ads-demo/index.js';
import type { AdsDemoConfig, DemoRuntime } from '../../../../plugins/ads-demo/index.js';
import { createRecordingEventBus } from './recording-event-bus.js';
import type { RecordingEventBus } from './recording-event-bus.js';

export interface IngestHarness {
  readonly database: EmbeddedServer;
  readonly connection: Connection;
  readonly models: IngestModels;
  readonly syncRuns: SyncRuns;
  readonly bus: RecordingEventBus;
  readonly cache: Cache;
  runner(overrides?: Partial<SyncRunnerDeps>): SyncRunner;
  close(): Promise<void>;
}

export const silentLogger = { info: () => undefined, warn: () => undefined };

export async function startIngestHarness(): Promise<IngestHarness> {
  const database = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: 'stratum_ingest_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const models = createIngestModels(connection, new TenantContext());
  await models.ensureIndexes();
  await ensureDemoFxRates(models);
  const bus = createRecordingEventBus();
  const cache = createMemoryCache();
  return {
    database,
    connection,
    models,
    syncRuns: createSyncRuns(models.syncRuns),
    bus,
    cache,
    runner: (overrides = {}) =>
      createSyncRunner({
        models,
        fx: createFxService(models),
        bus,
        cache,
        now: () => new Date(),
        logger: silentLogger,
        ...overrides,
      }),
    async close() {
      await connection.close();
      await database.close();
    },
  };
}

export function testTenant(currency = 'EUR', timezone = 'Europe/Berlin'): TenantInfo {
  const suffix = randomBytes(4).toString('hex');
  return { id: new Types.ObjectId().toHexString(), slug: `t-${suffix}`, currency, timezone };
}

/** A fresh demo installation: its own memory state store, so every source starts at sync 1. */
export function demoRuntime(overrides: Partial<AdsDemoConfig> = {}): DemoRuntime {
  const config = adsDemoConfigSchema.parse({
    size: 'small',
    seed: 7,
    anchorDate: '2026-03-01',
    today: '2026-03-01',
    apiKey: 'demo-api-key',
    ...overrides,
  });
  return createDemoRuntime({
    config,
    store: createMemoryDemoStateStore(),
    clock: { now: () => new Date('2026-03-01T12:00:00Z') },
    tenantTimezone: 'UTC',
  });
}

export const demoSource = (runtime: DemoRuntime) => createAdsDemoSource(runtime);

/** Everything the simulator yields for `range`, read straight from the plugin (the expected data). */
export async function expectedDemoRows(
  runtime: DemoRuntime,
  range: DayRange,
): Promise<{ accounts: number; campaigns: number; metrics: number }> {
  const source = createAdsDemoSource(runtime);
  const call = { signal: new AbortController().signal };
  const accounts = await source.listAccounts(call);
  let campaigns = 0;
  let metrics = 0;
  for (const account of accounts) {
    for await (const batch of source.campaigns(account, undefined, call)) campaigns += batch.rows.length;
    for await (const batch of source.dailyMetrics(account, range, undefined, call))
      metrics += batch.rows.length;
  }
  return { accounts: accounts.length, campaigns, metrics };
}

export const newInstallationId = () => new Types.ObjectId().toHexString();

/** The synced rows of a tenant without what differs between installations and runs. */
export async function storedMetrics(
  models: IngestModels,
  tenantId: string,
): Promise<Record<string, unknown>[]> {
  return models.metricsDaily.collection
    .find({ tenantId }, { projection: { _id: 0, tenantId: 0, installationId: 0, syncedAt: 0 } })
    .sort({ campaignId: 1, date: 1 })
    .toArray();
}

export async function storedCounts(models: IngestModels, tenantId: string) {
  return {
    accounts: await models.adAccounts.countDocuments({ tenantId }),
    campaigns: await models.campaigns.countDocuments({ tenantId }),
    metrics: await models.metricsDaily.countDocuments({ tenantId }),
  };
}

export const HARNESS_NOW = new Date('2026-03-01T12:00:00Z');

export type SyncOptions = Partial<Omit<SyncRunRequest, 'tenant' | 'source'>> & { source?: AdsSource };

/** Creates a run (unless `runId` is given) and syncs it with a runner on HARNESS_NOW. */
export async function syncOnce(
  harness: IngestHarness,
  tenant: TenantInfo,
  runtime: DemoRuntime | undefined,
  options: SyncOptions = {},
) {
  const installationId = options.installationId ?? newInstallationId();
  const runId =
    options.runId ??
    (
      await harness.syncRuns.create(
        { tenantId: tenant.id, installationId, pluginId: 'ads-demo', trigger: 'manual' },
        HARNESS_NOW,
      )
    ).id;
  const source = options.source ?? (runtime === undefined ? undefined : demoSource(runtime));
  if (source === undefined) throw new TypeError('syncOnce needs a runtime or a source');
  return harness.runner({ now: () => HARNESS_NOW }).run({
    pluginId: 'ads-demo',
    signal: new AbortController().signal,
    ...options,
    runId,
    tenant,
    installationId,
    source,
  });
}

/**
 * The real pipeline for connector tests: the embedded database, the core modules and the plugin
 * platform (jobs, ingest, plugin host, SSRF-guarded egress allowing the local fakes), with the
 * plugins under test as the registry. Fake → connector → plugin → ingest → database, end to end.
 */
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModules } from '../../../../core/app/core-modules.js';
import { createPlatformModules } from '../../../../core/app/platform-modules.js';
import type { PlatformModules } from '../../../../core/app/platform-modules.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../../core/db/embedded/server.js';
import { createInProcessEventBus } from '../../../../core/events/in-process-event-bus.js';
import type { BusEvent, EventBus } from '../../../../core/events/event-bus.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import type { SyncSummary } from '../../../../core/ingest/sync-runner.js';
import type { PluginRegistryEntry } from '../../../../core/plugin-api/index.js';
import { runInstallationSync } from '../../../../core/sync/plugin-jobs.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';

export interface HarnessTenant {
  readonly tenantId: string;
  readonly slug: string;
}

export interface PlatformHarness {
  readonly connection: Connection;
  readonly core: CoreModules;
  readonly platform: PlatformModules;
  readonly bus: EventBus;
  /** Every bus event published so far (alerts, plugin.status, sync.completed…). */
  readonly events: BusEvent[];
  /** Every log line the host and plugins wrote (JSON); assert that secrets never appear. */
  readonly logs: string[];
  createTenant(options?: { currency?: string; timezone?: string }): Promise<HarnessTenant>;
  /** Installs and configures the plugin for the tenant (config validated; secrets encrypted). */
  install(tenant: HarnessTenant, pluginId: string, config: Record<string, unknown>): Promise<string>;
  /** One sync run to its end, as the `plugin.sync` job runs it; `signal` aborts it (resumable). */
  sync(
    tenant: HarnessTenant,
    pluginId: string,
    options?: {
      range?: { from: string; to: string };
      runId?: string;
      signal?: AbortSignal;
      onBatch?: (committedBatches: number) => void;
    },
  ): Promise<SyncSummary>;
  /** Σ of the stored daily rows of the tenant (tenant currency), optionally for one platform. */
  totals(
    tenant: HarnessTenant,
    platform?: string,
  ): Promise<{
    spendCents: number;
    revenueCents: number;
    impressions: number;
    clicks: number;
    conversions: number;
    rows: number;
  }>;
  /**
   * `GET /api/v1<path>` over real HTTP (the app starts on port 0 at the first call) as an admin of
   * the tenant, created and signed in on first use: what a client of the API sees.
   */
  api(tenant: HarnessTenant, path: string): Promise<Response>;
  close(): Promise<void>;
}

export interface PlatformHarnessOptions {
  readonly registry: readonly PluginRegistryEntry[];
  /** Hosts the egress guard lets through (the fakes listen on 127.0.0.1). */
  readonly egressAllow?: readonly string[];
  readonly now?: () => Date;
}

let counter = 0;

export async function startPlatformHarness(options: PlatformHarnessOptions): Promise<PlatformHarness> {
  const database: EmbeddedServer = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: 'connectors_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const config = loadConfig({
    JWT_SECRET: 'connector-test-jwt-secret-0123456789abcdef',
    ENCRYPTION_KEY: 'connector-test-encryption-key-0123456789ab',
    NODE_ENV: 'test',
    STRATUM_EGRESS_ALLOW: (options.egressAllow ?? ['127.0.0.1', 'localhost']).join(','),
  });
  const logs: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const cache = createMemoryCache();
  const tenantContext = new TenantContext();
  const now = options.now ?? (() => new Date());
  const core = createCoreModules(
    { connection, config, logger, cache, tenantContext, now },
    { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
  );
  await core.ensureIndexes();
  const bus = createInProcessEventBus({ logger });
  const events: BusEvent[] = [];
  bus.subscribeAll((event) => {
    events.push(event);
  });
  const platform = createPlatformModules(
    {
      connection,
      config,
      logger,
      cache,
      tenantContext,
      services: core.services,
      bus,
      registry: options.registry,
      now,
    },
    { processEveryMs: 100 },
  );
  await platform.ensureIndexes();

  const installationIds = new Map<string, string>();
  let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
  const adminTokens = new Map<string, string>();
  const ADMIN_PASSWORD = 'connector harness password';
  const httpUrl = async (): Promise<string> => {
    server ??= await startHttpServer(
      createHttpApp({
        logger,
        routes: [...core.routes, ...platform.routes],
        apiMiddleware: core.apiMiddleware,
        guard: core.guard,
      }),
      0,
    );
    return server.url;
  };
  const adminToken = async (tenant: HarnessTenant, url: string): Promise<string> => {
    const known = adminTokens.get(tenant.tenantId);
    if (known !== undefined) return known;
    const email = `admin@${tenant.slug}.example.com`;
    await core.services.users.create(tenant.tenantId, {
      email,
      password: ADMIN_PASSWORD,
      role: 'admin',
      name: 'Harness admin',
    });
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: ADMIN_PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}`);
    const token = ((await response.json()) as { accessToken: string }).accessToken;
    adminTokens.set(tenant.tenantId, token);
    return token;
  };
  const key = (tenant: HarnessTenant, pluginId: string) => `${tenant.tenantId}:${pluginId}`;

  return {
    connection,
    core,
    platform,
    bus,
    events,
    logs,
    async createTenant(tenantOptions = {}) {
      counter += 1;
      const slug = `connector-${process.pid}-${counter}`;
      const tenant = await core.services.tenants.create({
        name: slug,
        slug,
        currency: tenantOptions.currency ?? 'USD',
        timezone: tenantOptions.timezone ?? 'America/New_York',
      });
      return { tenantId: tenant.id, slug };
    },
    async install(tenant, pluginId, pluginConfig) {
      const view = await platform.plugins.service.install(tenant.tenantId, pluginId, {
        config: pluginConfig,
      });
      installationIds.set(key(tenant, pluginId), view.id);
      return view.id;
    },
    async sync(tenant, pluginId, syncOptions = {}) {
      const installationId = installationIds.get(key(tenant, pluginId));
      if (installationId === undefined) throw new Error(`${pluginId} is not installed for ${tenant.slug}`);
      const runId =
        syncOptions.runId ??
        (
          await platform.ingest.syncRuns.create(
            {
              tenantId: tenant.tenantId,
              installationId,
              pluginId,
              trigger: 'manual',
              ...(syncOptions.range === undefined ? {} : { range: syncOptions.range }),
            },
            now(),
          )
        ).id;
      let batches = 0;
      return runInstallationSync(platform.sync, {
        tenantId: tenant.tenantId,
        pluginId,
        installationId,
        runId,
        signal: syncOptions.signal ?? new AbortController().signal,
        onProgress: () => {
          batches += 1;
          syncOptions.onBatch?.(batches);
        },
      });
    },
    async totals(tenant, platformName) {
      const [row] = await connection
        .collection('metricsDaily')
        .aggregate<{
          spendCents: number;
          revenueCents: number;
          impressions: number;
          clicks: number;
          conversions: number;
          rows: number;
        }>([
          {
            $match: {
              tenantId: tenant.tenantId,
              ...(platformName === undefined ? {} : { platform: platformName }),
            },
          },
          {
            $group: {
              _id: null,
              spendCents: { $sum: '$spendCentsTenant' },
              revenueCents: { $sum: '$revenueCentsTenant' },
              impressions: { $sum: '$impressions' },
              clicks: { $sum: '$clicks' },
              conversions: { $sum: '$conversions' },
              rows: { $sum: 1 },
            },
          },
          { $project: { _id: 0 } },
        ])
        .toArray();
      return row ?? { spendCents: 0, revenueCents: 0, impressions: 0, clicks: 0, conversions: 0, rows: 0 };
    },
    async api(tenant, path) {
      const url = await httpUrl();
      const token = await adminToken(tenant, url);
      return fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    },
    async close() {
      await server?.close(500);
      await platform.jobs.stop({ timeoutMs: 1_000 }).catch(() => undefined);
      await platform.close();
      await bus.close();
      await connection.close();
      await database.close();
    },
  };
}

/**
 * A real host for the ML tests: the embedded MongoDB-compatible server, core modules, the plugin
 * platform with ml-roas in its registry, an in-process bus and the HTTP app on port 0. Synced
 * data are inserted as ingest stores them, from the benchmark's generator (a known truth).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModules } from '../../../../core/app/core-modules.js';
import { createPlatformModules } from '../../../../core/app/platform-modules.js';
import type { PlatformModules } from '../../../../core/app/platform-modules.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import { createInProcessEventBus } from '../../../../core/events/in-process-event-bus.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createLogger } from '../../../../core/logging/logger.js';
import type { PluginRegistryEntry } from '../../../../core/plugin-api/index.js';
import { ROLES } from '../../../../core/security/access-tokens.js';
import type { Role } from '../../../../core/security/access-tokens.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';
import { mlRoasPlugin } from '../../../../plugins/ml-roas/index.js';
import { generateCampaigns } from '../../../../bench/ml/generate.js';
import type { GeneratedCampaign } from '../../../../bench/ml/generate.js';
import { insertMetrics } from '../../analytics/support/kpi-fixtures.js';

const CONFIG = loadConfig({
  JWT_SECRET: 'ml-test-jwt-secret-0123456789-abcdefghijklm',
  ENCRYPTION_KEY: 'ml-test-encryption-key-0123456789-abcdefghi',
  NODE_ENV: 'test',
});
const PASSWORD = 'correct horse battery';
const REGISTRY = [mlRoasPlugin] as const satisfies readonly PluginRegistryEntry[];
const MS_PER_DAY = 86_400_000;

export interface MlTestTenant {
  readonly id: string;
  readonly currency: string;
  readonly tokens: Readonly<Record<Role, string>>;
}

export interface MlTestApp {
  readonly connection: Connection;
  readonly core: CoreModules;
  readonly platform: PlatformModules;
  api(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }>;
  seedTenant(): Promise<MlTestTenant>;
  /** Inserts the campaigns' last `days` days, ending the day before "now" (tenant zone UTC). */
  insertCampaigns(
    tenant: MlTestTenant,
    campaigns: readonly GeneratedCampaign[],
    ids: readonly string[],
  ): Promise<void>;
  installPredictor(tenantId: string): Promise<void>;
  close(): Promise<void>;
}

export const ML_TEST_NOW = '2026-06-30T12:00:00Z';

/** Synthetic campaigns with a known truth, moving budgets (fittable) or, with `flat`, one constant spend. */
export function testCampaigns(seed: number, count: number, days: number, flat = false): GeneratedCampaign[] {
  const campaigns = generateCampaigns({ seed, campaigns: count, days, noise: 0.05 });
  if (!flat) return campaigns;
  return campaigns.map((campaign) => ({
    ...campaign,
    spend: campaign.spend.map(() => campaign.truth.currentBudget),
  }));
}

export async function startMlTestApp(): Promise<MlTestApp> {
  const database = await startEmbeddedServer({ port: 0 });
  const now = () => new Date(ML_TEST_NOW);
  const connection = await mongoose.createConnection(database.uri, { dbName: 'stratum_ml_test' }).asPromise();
  const logger = createLogger({ level: 'silent' });
  const cache = createMemoryCache();
  const tenantContext = new TenantContext();
  const core = createCoreModules(
    { connection, config: CONFIG, logger, cache, tenantContext, now },
    { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
  );
  await core.ensureIndexes();
  const bus = createInProcessEventBus({ logger });
  const platform = createPlatformModules(
    {
      connection,
      config: CONFIG,
      logger,
      cache,
      tenantContext,
      services: core.services,
      bus,
      registry: REGISTRY,
      now,
    },
    { processEveryMs: 100 },
  );
  await platform.ensureIndexes();
  const app = createHttpApp({
    logger,
    routes: [...core.routes, ...platform.routes],
    apiMiddleware: core.apiMiddleware,
    guard: core.guard,
  });
  const server = await startHttpServer(app, 0);

  return {
    connection,
    core,
    platform,
    async api(method, path, token, body) {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    async seedTenant() {
      const slug = `ml-${randomBytes(4).toString('hex')}`;
      const tenant = await core.services.tenants.create({
        name: slug,
        slug,
        currency: 'USD',
        timezone: 'UTC',
      });
      const tokens = {} as Record<Role, string>;
      for (const role of ROLES) {
        const email = `${role}@${slug}.example.com`;
        await core.services.users.create(tenant.id, { email, password: PASSWORD, role, name: role });
        const response = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        tokens[role] = ((await response.json()) as { accessToken: string }).accessToken;
      }
      return { id: tenant.id, currency: 'USD', tokens };
    },
    async insertCampaigns(tenant, campaigns, ids) {
      const last = Date.parse(ML_TEST_NOW.slice(0, 10)) - MS_PER_DAY;
      const rows = campaigns.flatMap((campaign, index) =>
        campaign.spend.map((spendCents, day) => ({
          platform: campaign.truth.platform,
          campaignId: ids[index] ?? campaign.truth.id,
          date: new Date(last - (campaign.spend.length - 1 - day) * MS_PER_DAY).toISOString().slice(0, 10),
          spendCents,
          revenueCents: campaign.revenue[day] ?? 0,
          conversions: Math.round((campaign.revenue[day] ?? 0) / 5_000),
        })),
      );
      await insertMetrics(connection, tenant, rows);
    },
    async installPredictor(tenantId) {
      await platform.plugins.service.install(tenantId, 'ml-roas', { config: {} });
      await platform.plugins.service.enable(tenantId, 'ml-roas');
    },
    async close() {
      await server.close(500);
      await platform.jobs.stop({ timeoutMs: 1_000 });
      await platform.close();
      await bus.close();
      await connection.close();
      await database.close();
    },
  };
}

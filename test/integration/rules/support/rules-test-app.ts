/**
 * A real host for the rules tests: the embedded MongoDB-compatible server, core modules,
 * the plugin platform (registry: rules, fake-ads, ads-demo) with its rules module, an
 * in-process bus and the HTTP app on port 0. `openWorker` opens another host on its own
 * connection to the same database: a second worker process, or the same one after a restart.
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
import type { EventBus } from '../../../../core/events/event-bus.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createLogger } from '../../../../core/logging/logger.js';
import type { PluginRegistryEntry } from '../../../../core/plugin-api/index.js';
import { ROLES } from '../../../../core/security/access-tokens.js';
import type { Role } from '../../../../core/security/access-tokens.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';
import { adsDemoPlugin } from '../../../../plugins/ads-demo/index.js';
import { rulesPlugin } from '../../../../plugins/rules/index.js';
import { fakeAdsPlugin } from './fake-ads-plugin.js';

const CONFIG = loadConfig({
  JWT_SECRET: 'rules-test-jwt-secret-0123456789-abcdefghij',
  ENCRYPTION_KEY: 'rules-test-encryption-key-0123456789-abcdefg',
  NODE_ENV: 'test',
  // The webhook receiver of the notify tests listens on loopback.
  STRATUM_EGRESS_ALLOW: '127.0.0.1',
});
const PASSWORD = 'correct horse battery';
const REGISTRY = [
  rulesPlugin,
  fakeAdsPlugin,
  adsDemoPlugin,
] as const satisfies readonly PluginRegistryEntry[];

export interface RulesHost {
  readonly connection: Connection;
  readonly core: CoreModules;
  readonly platform: PlatformModules;
  readonly bus: EventBus;
  close(): Promise<void>;
}

export interface RulesTestTenant {
  readonly id: string;
  readonly currency: string;
  readonly timezone: string;
  readonly tokens: Readonly<Record<Role, string>>;
}

export interface RulesTestApp extends RulesHost {
  readonly url: string;
  readonly clock: { now(): Date; set(instant: string): void };
  api(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }>;
  seedTenant(options?: {
    readonly timezone?: string;
    readonly currency?: string;
    readonly users?: boolean;
  }): Promise<RulesTestTenant>;
  /** Installs and enables the rules plugin (guardrails config) and fake-ads. */
  installPlugins(tenantId: string, rulesConfig?: Record<string, unknown>): Promise<void>;
  openWorker(): Promise<RulesHost>;
}

async function openHost(uri: string, now: () => Date): Promise<RulesHost> {
  const connection = await mongoose.createConnection(uri, { dbName: 'stratum_rules_test' }).asPromise();
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
  return {
    connection,
    core,
    platform,
    bus,
    async close() {
      await platform.jobs.stop({ timeoutMs: 1_000 });
      await platform.close();
      await bus.close();
      await connection.close();
    },
  };
}

export async function startRulesTestApp(start = '2026-03-15T12:00:00Z'): Promise<RulesTestApp> {
  const database = await startEmbeddedServer({ port: 0 });
  let current = new Date(start);
  const clock = {
    now: () => new Date(current),
    set: (instant: string) => void (current = new Date(instant)),
  };
  const host = await openHost(database.uri, clock.now);
  const app = createHttpApp({
    logger: createLogger({ level: 'silent' }),
    routes: [...host.core.routes, ...host.platform.routes],
    apiMiddleware: host.core.apiMiddleware,
    guard: host.core.guard,
  });
  const server = await startHttpServer(app, 0);
  const workers: RulesHost[] = [];

  const api = async (method: string, path: string, token: string, body?: unknown) => {
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
  };

  return {
    ...host,
    url: server.url,
    clock,
    api,
    async seedTenant(options = {}) {
      const slug = `r-${randomBytes(4).toString('hex')}`;
      const currency = options.currency ?? 'USD';
      const timezone = options.timezone ?? 'America/New_York';
      const tenant = await host.core.services.tenants.create({ name: slug, slug, currency, timezone });
      const tokens = {} as Record<Role, string>;
      if (options.users !== false)
        for (const role of ROLES) {
          const email = `${role}@${slug}.example.com`;
          await host.core.services.users.create(tenant.id, { email, password: PASSWORD, role, name: role });
          const response = await fetch(`${server.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: PASSWORD }),
          });
          tokens[role] = ((await response.json()) as { accessToken: string }).accessToken;
        }
      return { id: tenant.id, currency, timezone, tokens };
    },
    async installPlugins(tenantId, rulesConfig = {}) {
      const plugins = host.platform.plugins.service;
      await plugins.install(tenantId, 'rules', { config: rulesConfig });
      await plugins.enable(tenantId, 'rules');
      await plugins.install(tenantId, 'fake-ads', { config: { apiKey: 'fake-key' } });
      await plugins.enable(tenantId, 'fake-ads');
    },
    async openWorker() {
      const worker = await openHost(database.uri, clock.now);
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const worker of workers) await worker.close();
      await server.close(500);
      await host.close();
      await database.close();
    },
  };
}

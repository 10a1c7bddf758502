/**
 * A real host for the KPI tests: the embedded MongoDB-compatible server on port 0, the core
 * modules (real tenants, users, auth, RBAC), ingest's models (so metricsDaily has its real
 * indexes), the analytics module, and the HTTP app on port 0. The clock is injectable.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { createAnalyticsModule } from '../../../../core/analytics/analytics-module.js';
import type { AnalyticsModule } from '../../../../core/analytics/analytics-module.js';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModules } from '../../../../core/app/core-modules.js';
import type { Cache } from '../../../../core/cache/cache.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createIngestModels } from '../../../../core/ingest/ingest-models.js';
import { createLogger } from '../../../../core/logging/logger.js';
import { ROLES } from '../../../../core/security/access-tokens.js';
import type { Role } from '../../../../core/security/access-tokens.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';

const TEST_JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
const TEST_ENCRYPTION_KEY = 'test-encryption-key-0123456789-abcdefghijk';
const TEST_PASSWORD = 'correct horse battery';
const CHEAP_PASSWORDS = { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } as const;

export interface KpiTestTenant {
  readonly id: string;
  readonly slug: string;
  readonly currency: string;
  readonly timezone: string;
  /** Access tokens by role (only when asked for with `users: true`). */
  readonly tokens: Readonly<Record<Role, string>>;
}

export interface SeedTenantOptions {
  readonly currency?: string;
  readonly timezone?: string;
  /** Create one user per role and sign each in (costs a few ms each). */
  readonly users?: boolean;
}

/** A settable clock: tests move "now" without waiting. */
export interface TestClock {
  now(): Date;
  set(instant: string | Date): void;
}

export function createTestClock(start: string): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(instant) {
      current = new Date(instant);
    },
  };
}

export interface AnalyticsTestApp {
  readonly url: string;
  readonly uri: string;
  readonly connection: Connection;
  readonly core: CoreModules;
  readonly analytics: AnalyticsModule;
  readonly cache: Cache;
  readonly clock: TestClock;
  api(path: string, token?: string): Promise<Response>;
  seedTenant(label?: string, options?: SeedTenantOptions): Promise<KpiTestTenant>;
  close(): Promise<void>;
}

export interface AnalyticsTestAppOptions {
  readonly cache?: Cache;
  readonly now?: string;
}

export async function startAnalyticsTestApp(
  options: AnalyticsTestAppOptions = {},
): Promise<AnalyticsTestApp> {
  const database = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: 'stratum_kpis_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const config = loadConfig({
    JWT_SECRET: TEST_JWT_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    NODE_ENV: 'test',
  });
  const logger = createLogger({ level: 'silent' });
  const clock = createTestClock(options.now ?? '2026-03-15T12:00:00Z');
  const cache = options.cache ?? createMemoryCache();
  const tenantContext = new TenantContext();
  const core = createCoreModules(
    { connection, config, logger, cache, tenantContext, now: () => clock.now() },
    { passwordPolicy: CHEAP_PASSWORDS },
  );
  await core.ensureIndexes();
  await createIngestModels(connection, tenantContext).ensureIndexes();
  const analytics = createAnalyticsModule({
    connection,
    cache,
    tenants: core.services.tenants,
    now: clock.now,
  });
  await analytics.ensureIndexes();
  const app = createHttpApp({
    logger,
    routes: [...core.routes, ...analytics.routes],
    apiMiddleware: core.apiMiddleware,
    guard: core.guard,
  });
  const server = await startHttpServer(app, 0);

  const api = (path: string, token?: string) =>
    fetch(`${server.url}/api/v1${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  const seedTenant = async (label = 't', seed: SeedTenantOptions = {}): Promise<KpiTestTenant> => {
    const slug = `${label}-${randomBytes(4).toString('hex')}`;
    const currency = seed.currency ?? 'USD';
    const timezone = seed.timezone ?? 'America/New_York';
    const tenant = await core.services.tenants.create({ name: `Tenant ${slug}`, slug, currency, timezone });
    const tokens = {} as Record<Role, string>;
    if (seed.users === true) {
      for (const role of ROLES) {
        const email = `${role}@${slug}.example.com`;
        await core.services.users.create(tenant.id, { email, password: TEST_PASSWORD, role, name: role });
        const response = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: TEST_PASSWORD }),
        });
        if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}`);
        tokens[role] = ((await response.json()) as { accessToken: string }).accessToken;
      }
    }
    return { id: tenant.id, slug, currency, timezone, tokens };
  };

  return {
    url: server.url,
    uri: database.uri,
    connection,
    core,
    analytics,
    cache,
    clock,
    api,
    seedTenant,
    async close() {
      await server.close(500);
      await connection.close();
      await database.close();
    },
  };
}

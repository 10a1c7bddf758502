/**
 * The core host (auth, tenants, users, RBAC) plus the sync-run routes, over a real embedded
 * database and a real HTTP server on port 0 — the pattern of test/integration/auth/support/core-test-app.ts.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModules } from '../../../../core/app/core-modules.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createIngestModels } from '../../../../core/ingest/ingest-models.js';
import { createSyncRunRoutes } from '../../../../core/ingest/sync-run.routes.js';
import { createSyncRuns } from '../../../../core/ingest/sync-runs.js';
import type { SyncRuns } from '../../../../core/ingest/sync-runs.js';
import { createLogger } from '../../../../core/logging/logger.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';
import {
  CHEAP_PASSWORDS,
  TEST_ENCRYPTION_KEY,
  TEST_JWT_SECRET,
  TEST_PASSWORD,
} from '../../auth/support/core-test-app.js';

export interface SyncRunsTestApp {
  readonly syncRuns: SyncRuns;
  readonly modules: CoreModules;
  get(path: string, token: string): Promise<Response>;
  /** A tenant with a manager and a viewer; returns their access tokens. */
  seedTenant(): Promise<{ id: string; manager: string; viewer: string }>;
  close(): Promise<void>;
}

export async function startSyncRunsTestApp(): Promise<SyncRunsTestApp> {
  const database = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: 'stratum_sync_runs_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const config = loadConfig({
    JWT_SECRET: TEST_JWT_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    NODE_ENV: 'test',
  });
  const logger = createLogger({ level: 'silent' });
  const tenantContext = new TenantContext();
  const modules = createCoreModules(
    { connection, config, logger, cache: createMemoryCache(), tenantContext },
    { passwordPolicy: CHEAP_PASSWORDS },
  );
  const ingest = createIngestModels(connection, tenantContext);
  await modules.ensureIndexes();
  await ingest.ensureIndexes();
  const syncRuns = createSyncRuns(ingest.syncRuns);
  const app = createHttpApp({
    logger,
    routes: [...modules.routes, ...createSyncRunRoutes(syncRuns)],
    apiMiddleware: modules.apiMiddleware,
    guard: modules.guard,
  });
  const server = await startHttpServer(app, 0);
  const get = (path: string, token: string) =>
    fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

  const login = async (email: string): Promise<string> => {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  return {
    syncRuns,
    modules,
    get,
    async seedTenant() {
      const slug = `sr-${randomBytes(4).toString('hex')}`;
      const tenant = await modules.services.tenants.create({
        name: `Tenant ${slug}`,
        slug,
        currency: 'USD',
        timezone: 'UTC',
      });
      const tokens: Record<string, string> = {};
      for (const role of ['manager', 'viewer'] as const) {
        const email = `${role}@${slug}.example.com`;
        await modules.services.users.create(tenant.id, { email, password: TEST_PASSWORD, role, name: role });
        tokens[role] = await login(email);
      }
      return { id: tenant.id, manager: tokens['manager'] as string, viewer: tokens['viewer'] as string };
    },
    async close() {
      await server.close(500);
      await connection.close();
      await database.close();
    },
  };
}

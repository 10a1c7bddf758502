/**
 * A real host for the plugin host's integration tests: the embedded MongoDB-compatible server on
 * port 0, core modules + the plugin module, the whole app (with /health) on an HTTP server on
 * port 0, every log line captured, and recording fakes behind the ports.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { createApp } from '../../../../core/app/create-app.js';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModules } from '../../../../core/app/core-modules.js';
import type { Cache } from '../../../../core/cache/cache.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createLogger } from '../../../../core/logging/logger.js';
import type { PluginRegistryEntry } from '../../../../core/plugin-api/index.js';
import { createPluginModule } from '../../../../core/plugins/plugin-module.js';
import type { PluginModule, PluginModuleOptions } from '../../../../core/plugins/plugin-module.js';
import { ROLES } from '../../../../core/security/access-tokens.js';
import type { Role } from '../../../../core/security/access-tokens.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';
import { adsDemoPlugin } from '../../../../plugins/ads-demo/index.js';
import {
  createCollectionPurger,
  createMemoryEventBus,
  createRecordingJobs,
  createRecordingSyncStarter,
} from './fake-ports.js';
import type { MemoryEventBus, RecordingJobs, RecordingSyncStarter } from './fake-ports.js';
import { testPlugins } from './test-plugins.js';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
export const TEST_ENCRYPTION_KEY = 'test-encryption-key-0123456789-abcdefghijk';
export const TEST_PASSWORD = 'correct horse battery';
const CHEAP_PASSWORDS = { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } as const;

export interface TestTenant {
  readonly id: string;
  readonly slug: string;
  /** Access tokens by role. */
  readonly tokens: Readonly<Record<Role, string>>;
  readonly userIds: Readonly<Record<Role, string>>;
}

export interface PluginTestApp {
  readonly url: string;
  readonly connection: Connection;
  readonly core: CoreModules;
  readonly plugins: PluginModule;
  readonly jobs: RecordingJobs;
  readonly syncs: RecordingSyncStarter;
  readonly events: MemoryEventBus;
  /** Every log line the host wrote, as raw JSON text. */
  readonly logLines: string[];
  api(path: string, options?: { method?: string; token?: string; body?: unknown }): Promise<Response>;
  seedTenant(label?: string): Promise<TestTenant>;
  close(): Promise<void>;
}

export interface PluginTestAppOptions {
  readonly cache?: Cache;
  readonly module?: PluginModuleOptions;
  readonly registry?: readonly PluginRegistryEntry[];
}

export async function startPluginTestApp(options: PluginTestAppOptions = {}): Promise<PluginTestApp> {
  const database = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: 'stratum_plugins_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const config = loadConfig({
    JWT_SECRET: TEST_JWT_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    NODE_ENV: 'test',
  });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const tenantContext = new TenantContext();
  const cache = options.cache ?? createMemoryCache();
  const core = createCoreModules(
    { connection, config, logger, cache, tenantContext },
    { passwordPolicy: CHEAP_PASSWORDS },
  );
  const jobs = createRecordingJobs();
  const syncs = createRecordingSyncStarter();
  const events = createMemoryEventBus();
  const plugins = createPluginModule(
    {
      connection,
      tenantContext,
      logger,
      encryptionKey: config.encryptionKey,
      registry: options.registry ?? [adsDemoPlugin, ...testPlugins],
      audit: core.services.audit,
      tenants: core.services.tenants,
      cache,
      events,
      jobs,
      syncs,
      purger: createCollectionPurger(connection),
    },
    { timeouts: { setup: 300, check: 300, call: 300 }, ...options.module },
  );
  await core.ensureIndexes();
  await plugins.ensureIndexes();
  const app = createApp({
    config,
    logger,
    connection,
    modules: {
      routes: [...core.routes, ...plugins.routes],
      apiMiddleware: core.apiMiddleware,
      guard: core.guard,
    },
    collectDefaultMetrics: false,
  });
  const server = await startHttpServer(app.express, 0);

  const api: PluginTestApp['api'] = (path, requestOptions = {}) => {
    const headers: Record<string, string> = {};
    if (requestOptions.token !== undefined) headers.authorization = `Bearer ${requestOptions.token}`;
    let body: string | undefined;
    if (requestOptions.body !== undefined) {
      body = JSON.stringify(requestOptions.body);
      headers['content-type'] = 'application/json';
    }
    const url = path.startsWith('/health') ? `${server.url}${path}` : `${server.url}/api/v1${path}`;
    return fetch(url, { method: requestOptions.method ?? 'GET', headers, body });
  };

  const seedTenant = async (label = 't'): Promise<TestTenant> => {
    const slug = `${label}-${randomBytes(4).toString('hex')}`;
    const tenant = await core.services.tenants.create({
      name: `Tenant ${slug}`,
      slug,
      currency: 'USD',
      timezone: 'America/New_York',
    });
    const tokens = {} as Record<Role, string>;
    const userIds = {} as Record<Role, string>;
    for (const role of ROLES) {
      const email = `${role}@${slug}.example.com`;
      const user = await core.services.users.create(tenant.id, {
        email,
        password: TEST_PASSWORD,
        role,
        name: role,
      });
      userIds[role] = user.id;
      const response = await api('/auth/login', { method: 'POST', body: { email, password: TEST_PASSWORD } });
      if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}`);
      tokens[role] = ((await response.json()) as { accessToken: string }).accessToken;
    }
    return { id: tenant.id, slug, tokens, userIds };
  };

  return {
    url: server.url,
    connection,
    core,
    plugins,
    jobs,
    syncs,
    events,
    logLines,
    api,
    seedTenant,
    async close() {
      plugins.runtime.close();
      await server.close(500);
      app.dispose();
      await connection.close();
      await database.close();
    },
  };
}

/**
 * A real host for the WhatsApp channel tests: the embedded MongoDB-compatible server on port 0,
 * core + platform modules (plugin runtime, egress guard allowing the loopback fake), the chat
 * engine of chat/chat-module.ts (or a given one), the WhatsApp channel module, and the whole app
 * on an HTTP server on port 0 with the webhook router mounted as core/main.ts mounts it.
 */
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { createChatModule } from '../../../chat/chat-module.js';
import { createWhatsappChannelModule } from '../../../chat/channels/whatsapp/whatsapp-channel-module.js';
import type {
  WhatsappChannelModule,
  WhatsappChannelModuleDeps,
} from '../../../chat/channels/whatsapp/whatsapp-channel-module.js';
import type { ChatEngine } from '../../../chat/engine/chat-engine.js';
import { createApp } from '../../../core/app/create-app.js';
import { createCoreModules } from '../../../core/app/core-modules.js';
import type { CoreModules } from '../../../core/app/core-modules.js';
import { createPlatformModules } from '../../../core/app/platform-modules.js';
import type { PlatformModules } from '../../../core/app/platform-modules.js';
import { createMemoryCache } from '../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../core/db/embedded/server.js';
import { createInProcessEventBus } from '../../../core/events/in-process-event-bus.js';
import { startHttpServer } from '../../../core/http/http-server.js';
import type { PluginRegistryEntry } from '../../../core/plugin-api/index.js';
import { TenantContext } from '../../../core/tenancy/tenant-context.js';
import { createChannelWhatsappCloudPlugin } from '../../../plugins/channel-whatsapp-cloud/index.js';

const TEST_PASSWORD = 'whatsapp test password';

export interface WhatsappTestHost {
  readonly url: string;
  readonly webhookUrl: string;
  readonly connection: Connection;
  readonly core: CoreModules;
  readonly platform: PlatformModules;
  readonly whatsapp: WhatsappChannelModule;
  readonly logs: string[];
  /**
   * A tenant with one user per given phone (E.164) and, when given their config, the Cloud
   * and/or whatsapp-web channels installed and enabled.
   */
  createTenant(options: {
    readonly slug: string;
    readonly users?: readonly {
      readonly email: string;
      readonly phone?: string;
      readonly locale?: string;
      readonly role?: 'viewer' | 'analyst' | 'manager' | 'admin';
    }[];
    readonly whatsapp?: Readonly<Record<string, unknown>>;
    readonly whatsappWeb?: Readonly<Record<string, unknown>>;
  }): Promise<{ readonly tenantId: string; readonly userIds: readonly string[] }>;
  /** An access token of a user created by `createTenant`. */
  login(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function startWhatsappTestHost(
  options: {
    readonly engine?: ChatEngine;
    readonly registry?: readonly PluginRegistryEntry[];
    readonly bridge?: WhatsappChannelModuleDeps['bridge'];
    readonly sweeper?: WhatsappChannelModuleDeps['sweeper'];
  } = {},
): Promise<WhatsappTestHost> {
  const database = await startEmbeddedServer({ port: 0 });
  const connection = await mongoose
    .createConnection(database.uri, { dbName: 'whatsapp_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const config = loadConfig({
    JWT_SECRET: 'whatsapp-test-jwt-secret-0123456789abcdef',
    ENCRYPTION_KEY: 'whatsapp-test-encryption-key-0123456789ab',
    NODE_ENV: 'test',
    STRATUM_EGRESS_ALLOW: '127.0.0.1',
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
  const core = createCoreModules(
    { connection, config, logger, cache, tenantContext },
    { passwordPolicy: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } },
  );
  await core.ensureIndexes();
  const bus = createInProcessEventBus({ logger });
  const registry = options.registry ?? [
    createChannelWhatsappCloudPlugin({ retry: { baseDelayMs: 5, maxDelayMs: 50 } }),
  ];
  const platform = createPlatformModules({
    connection,
    config,
    logger,
    cache,
    tenantContext,
    services: core.services,
    bus,
    registry,
  });
  await platform.ensureIndexes();
  let engine = options.engine;
  if (engine === undefined) {
    const chat = createChatModule({
      connection,
      tenantContext,
      logger,
      kpis: platform.analytics.service,
      tenants: core.services.tenants,
      auth: core.services.auth,
      embedTokens: core.embed.authenticator.live,
      syncRuns: platform.ingest.syncRuns,
    });
    await chat.ensureIndexes();
    engine = chat.engine;
  }
  const whatsapp = createWhatsappChannelModule({
    connection,
    tenantContext,
    runtime: platform.plugins.runtime,
    plugins: platform.plugins.service,
    users: core.services.users,
    encryptionKey: config.encryptionKey,
    engine,
    logger,
    ...(options.bridge === undefined ? {} : { bridge: options.bridge }),
    ...(options.sweeper === undefined ? {} : { sweeper: options.sweeper }),
  });
  await whatsapp.ensureIndexes();
  const app = createApp({
    config,
    logger,
    connection,
    modules: { ...core, routes: [...core.routes, ...platform.routes, ...whatsapp.routes] },
    collectDefaultMetrics: false,
    mount: (express) => express.use(whatsapp.router),
  });
  const server = await startHttpServer(app.express, 0);
  return {
    url: server.url,
    webhookUrl: `${server.url}/webhooks/whatsapp`,
    connection,
    core,
    platform,
    whatsapp,
    logs,
    async createTenant({ slug, users = [], whatsapp: whatsappConfig, whatsappWeb }) {
      const tenant = await core.services.tenants.create({
        name: slug,
        slug,
        currency: 'USD',
        timezone: 'America/New_York',
      });
      const userIds: string[] = [];
      for (const user of users) {
        const created = await core.services.users.create(tenant.id, {
          email: user.email,
          password: TEST_PASSWORD,
          role: user.role ?? 'manager',
          name: user.email,
          ...(user.phone === undefined ? {} : { phone: user.phone }),
          ...(user.locale === undefined ? {} : { locale: user.locale }),
        });
        userIds.push(created.id);
      }
      if (whatsappConfig !== undefined) {
        await platform.plugins.service.install(tenant.id, 'channel-whatsapp-cloud', {
          config: whatsappConfig,
        });
        await platform.plugins.service.enable(tenant.id, 'channel-whatsapp-cloud');
      }
      if (whatsappWeb !== undefined) {
        await platform.plugins.service.install(tenant.id, 'channel-whatsapp-web', { config: whatsappWeb });
        await platform.plugins.service.enable(tenant.id, 'channel-whatsapp-web');
      }
      return { tenantId: tenant.id, userIds };
    },
    async login(email) {
      const response = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      const body = (await response.json()) as { accessToken?: unknown };
      if (typeof body.accessToken !== 'string')
        throw new Error(`login of ${email} failed: ${response.status}`);
      return body.accessToken;
    },
    async close() {
      await whatsapp.stop();
      platform.plugins.runtime.close();
      await platform.close();
      await server.close(500);
      app.dispose();
      await connection.close();
      await database.close();
    },
  };
}

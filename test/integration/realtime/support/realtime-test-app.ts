/**
 * A real host for the real-time suites: the embedded MongoDB-compatible server (port 0), the core
 * modules, the HTTP app with the SSE router mounted the way the composition root mounts it, an
 * HTTP server on port 0 with socket.io `/live` attached, and an event bus (in process, or on the
 * real Redis). Two instances may share one database and one Redis to act as two nodes.
 */
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { createCoreModules } from '../../../../core/app/core-modules.js';
import type { CoreModules } from '../../../../core/app/core-modules.js';
import { createMemoryCache } from '../../../../core/cache/memory-cache.js';
import { loadConfig } from '../../../../core/config/load-config.js';
import { startEmbeddedServer } from '../../../../core/db/embedded/server.js';
import type { EmbeddedServer } from '../../../../core/db/embedded/server.js';
import type { EventBus } from '../../../../core/events/event-bus.js';
import { createInProcessEventBus } from '../../../../core/events/in-process-event-bus.js';
import { createRedisEventBus } from '../../../../core/events/redis-event-bus.js';
import { createHttpApp } from '../../../../core/http/create-http-app.js';
import { startHttpServer } from '../../../../core/http/http-server.js';
import { createLogger } from '../../../../core/logging/logger.js';
import type { LiveEventBufferOptions } from '../../../../core/realtime/live-event-buffer.js';
import { createRealtimeAuthenticator } from '../../../../core/realtime/realtime-auth.js';
import { attachLiveSocketServer } from '../../../../core/realtime/socket-server.js';
import type { LiveSocketServer } from '../../../../core/realtime/socket-server.js';
import { createSseRouter } from '../../../../core/realtime/sse.js';
import type { SseRouter } from '../../../../core/realtime/sse.js';
import type { Role } from '../../../../core/security/access-tokens.js';
import { ROLES } from '../../../../core/security/access-tokens.js';
import { createEmbedTokenService } from '../../../../core/security/embed-tokens.js';
import type { EmbedTokenService } from '../../../../core/security/embed-tokens.js';
import { TenantContext } from '../../../../core/tenancy/tenant-context.js';

const JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
const ENCRYPTION_KEY = 'test-encryption-key-0123456789-abcdefghijk';
const PASSWORD = 'correct horse battery';
const CHEAP_PASSWORDS = { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 } as const;

export interface SeededTenant {
  readonly id: string;
  readonly slug: string;
  readonly emails: Readonly<Record<Role, string>>;
}

export interface RealtimeTestAppOptions {
  /** Another instance's database, so both act as nodes of one deployment. */
  readonly databaseUri?: string;
  /** Redis bus and socket.io adapter on this client, isolated by `redisPrefix`. */
  readonly redis?: Redis;
  readonly redisPrefix?: string;
  readonly heartbeatMs?: number;
  readonly buffer?: LiveEventBufferOptions;
  /** Where log lines go (level debug); silent when omitted. */
  readonly logDestination?: DestinationStream;
}

export interface RealtimeTestApp {
  readonly url: string;
  readonly databaseUri: string;
  readonly modules: CoreModules;
  readonly bus: EventBus;
  readonly sockets: LiveSocketServer;
  readonly sse: SseRouter;
  readonly embedTokens: EmbedTokenService;
  seedTenant(label?: string): Promise<SeededTenant>;
  /** An access token of the tenant's user with that role. */
  accessToken(tenant: SeededTenant, role?: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startRealtimeTestApp(options: RealtimeTestAppOptions = {}): Promise<RealtimeTestApp> {
  const database: EmbeddedServer | undefined =
    options.databaseUri === undefined ? await startEmbeddedServer({ port: 0 }) : undefined;
  const databaseUri = options.databaseUri ?? database?.uri ?? '';
  const connection: Connection = await mongoose
    .createConnection(databaseUri, { dbName: 'stratum_realtime_test', serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  const config = loadConfig({ JWT_SECRET, ENCRYPTION_KEY, NODE_ENV: 'test' });
  const logger =
    options.logDestination === undefined
      ? createLogger({ level: 'silent' })
      : createLogger({ level: 'debug', destination: options.logDestination });
  const modules = createCoreModules(
    { connection, config, logger, cache: createMemoryCache(), tenantContext: new TenantContext() },
    { passwordPolicy: CHEAP_PASSWORDS, rateLimitKeyPrefix: `rt-${randomBytes(4).toString('hex')}:` },
  );
  await modules.ensureIndexes();

  const bus =
    options.redis === undefined
      ? createInProcessEventBus({ logger })
      : await createRedisEventBus({
          redis: options.redis,
          channelPrefix: options.redisPrefix ?? 'rt:',
          logger,
        });
  const embedTokens = createEmbedTokenService({ secret: config.jwtSecret });
  const authenticate = createRealtimeAuthenticator({
    auth: modules.services.auth,
    apiKeys: modules.services.apiKeys,
    embedTokens,
  });
  const sse = createSseRouter({
    bus,
    authenticate,
    logger,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.buffer === undefined ? {} : { buffer: options.buffer }),
  });
  const app = createHttpApp({
    logger,
    routes: modules.routes,
    apiMiddleware: modules.apiMiddleware,
    guard: modules.guard,
    mount: (express) => express.use(sse.router),
  });
  const server = await startHttpServer(app, 0);
  const sockets = await attachLiveSocketServer({
    httpServer: server.server,
    bus,
    authenticate,
    logger,
    ...(options.redis === undefined
      ? {}
      : { redis: options.redis, keyPrefix: `${options.redisPrefix ?? 'rt:'}sio` }),
  });

  const seedTenant = async (label = 't'): Promise<SeededTenant> => {
    const slug = `${label}-${randomBytes(4).toString('hex')}`;
    const tenant = await modules.services.tenants.create({
      name: `Tenant ${slug}`,
      slug,
      currency: 'USD',
      timezone: 'America/New_York',
    });
    const emails = {} as Record<Role, string>;
    for (const role of ROLES) {
      const email = `${role}@${slug}.example.com`;
      await modules.services.users.create(tenant.id, { email, password: PASSWORD, role, name: role });
      emails[role] = email;
    }
    return { id: tenant.id, slug, emails };
  };

  const accessToken = async (tenant: SeededTenant, role: Role = 'viewer'): Promise<string> => {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: tenant.emails[role], password: PASSWORD }),
    });
    if (response.status !== 200)
      throw new Error(`login answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  return {
    url: server.url,
    databaseUri,
    modules,
    bus,
    sockets,
    sse,
    embedTokens,
    seedTenant,
    accessToken,
    async close() {
      await sockets.close();
      sse.close();
      await bus.close();
      await server.close(200);
      await connection.close();
      await database?.close();
    },
  };
}

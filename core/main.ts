/**
 * The composition root of the host: reads config, opens connections, wires the core modules,
 * seeds the demo on a first start, listens, and registers how to stop each thing it started.
 * `stratum start` (core/cli/start-command.ts) runs it until SIGTERM/SIGINT.
 */
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { DestinationStream, Logger } from 'pino';
import { createApp } from './app/create-app.js';
import type { ExtraHealthComponent, StratumApp } from './app/create-app.js';
import { createCoreModules } from './app/core-modules.js';
import { createPlatformModules } from './app/platform-modules.js';
import type { PlatformModules, PlatformOptions } from './app/platform-modules.js';
import type { CoreModuleOptions, CoreModules } from './app/core-modules.js';
import { createLifecycle } from './app/lifecycle.js';
import type { Lifecycle, ShutdownStepRun } from './app/lifecycle.js';
import { createCache } from './cache/create-cache.js';
import type { Cache } from './cache/cache.js';
import { connectRedis } from './cache/redis-connection.js';
import { loadConfig } from './config/load-config.js';
import type { Config, Environment } from './config/load-config.js';
import { closeDatabaseConnection, describeMongoUri, openDatabaseConnection } from './db/connection.js';
import { startDemoPortal } from './embed/demo-portal.js';
import { ensureDemoPortal } from './embed/demo-portal-setup.js';
import { createWidgetAssetsRouter } from './embed/widget-assets.js';
import { createAdminConsoleRouter } from './admin-console/admin-console.router.js';
import { createConsoleAuthRoutes } from './admin-console/console-auth.routes.js';
import { startEmbeddedDatabaseProcess } from './db/embedded-process.js';
import { startHttpServer } from './http/http-server.js';
import type { RunningHttpServer } from './http/http-server.js';
import { createLogger } from './logging/logger.js';
import { createCoreSeedStore } from './seed/core-seed-store.js';
import { demoCredentialsHint, seedDemoOnFirstStart } from './seed/demo-seed.js';
import type { DemoSeedResult } from './seed/demo-seed.js';
import { createInProcessEventBus } from './events/in-process-event-bus.js';
import { createRedisEventBus } from './events/redis-event-bus.js';
import type { EventBus } from './events/event-bus.js';
import type { JobQueue, PluginRegistryEntry } from './plugin-api/index.js';
import { attachLiveSocketServer } from './realtime/socket-server.js';
import { createRealtimeAuthenticator } from './realtime/realtime-auth.js';
import { createSseRouter } from './realtime/sse.js';
import { seedDemoPlugins } from './seed/demo-plugins.js';
import type { DemoPluginSeedResult } from './seed/demo-plugins.js';
import { TenantContext } from './tenancy/tenant-context.js';
import { pluginRegistry } from '../plugins/index.js';
import { createChatModule } from '../chat/chat-module.js';
import { createWhatsappChannelModule } from '../chat/channels/whatsapp/whatsapp-channel-module.js';

/** In-flight requests get this long to finish after SIGTERM before their sockets are cut. */
export const HTTP_GRACE_MS = 10_000;
/** Running jobs get this long to finish after SIGTERM; then they are aborted and unlocked for another worker. */
export const JOBS_GRACE_MS = 10_000;

/** Everything wired, for hooks that start more work (jobs, plugins) before the host listens. */
export interface HostContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly connection: Connection;
  readonly redis: Redis | undefined;
  readonly cache: Cache;
  readonly tenantContext: TenantContext;
  readonly modules: CoreModules;
  readonly bus: EventBus;
  readonly platform: PlatformModules;
}

/** What a background hook started: its health component and how to stop it. */
export interface BackgroundWork {
  readonly healthComponents?: Readonly<Record<string, ExtraHealthComponent>>;
  readonly stop: ShutdownStepRun;
}

export interface StartStratumOptions {
  readonly env?: Environment;
  readonly cwd?: string;
  /** Where log lines go (stdout by default). */
  readonly logDestination?: DestinationStream;
  /** Receives the one human line about where the host listens and how to log in. */
  readonly announce?: (line: string) => void;
  /** Called if a part the host cannot live without dies (the embedded database child). */
  readonly onFatal?: (message: string) => void;
  /** Further top-level routers (admin console, webhooks), mounted before the JSON 404. */
  readonly mount?: (app: Express, context: HostContext) => void;
  /** Tuning of the core modules (rate limits, password cost); production defaults when absent. */
  readonly coreModuleOptions?: CoreModuleOptions;
  /** More work started before listening (stopped after HTTP), e.g. a test's own jobs. */
  readonly startBackgroundWork?: (context: HostContext) => Promise<BackgroundWork | undefined>;
  /** Job workers in this process: all queues (default), some, or none (`--no-worker` API nodes). */
  readonly worker?: boolean | { readonly queues: readonly JobQueue[] };
  /** The plugins the host can install (default: the static registry `plugins/index.ts`). */
  readonly registry?: readonly PluginRegistryEntry[];
  /** Tuning of the platform (queue policies, plugin timeouts); production defaults when absent. */
  readonly platformOptions?: PlatformOptions;
  /** Merged over the demo tenants' ads-demo configuration at first start (e.g. a small `size`). */
  readonly demoPluginConfig?: Readonly<Record<string, unknown>>;
}

export interface RunningStratum {
  readonly url: string;
  readonly app: StratumApp;
  readonly context: HostContext;
  readonly lifecycle: Lifecycle;
  readonly demo: DemoSeedResult | undefined;
  /** The demo plugin installations made at this start (first start only). */
  readonly demoPlugins: DemoPluginSeedResult | undefined;
  /** The sample customer portal (second origin), when it started. */
  readonly demoPortal: { readonly url: string } | undefined;
}

/**
 * Stops accepting and waits for in-flight requests (cut after HTTP_GRACE_MS). A keep-alive
 * connection whose request finishes during the wait would otherwise idle until its keep-alive
 * timeout; sweeping idle connections lets the server close as soon as the last request ends.
 */
async function closeHttpServer(server: RunningHttpServer): Promise<void> {
  const sweep = setInterval(() => server.server.closeIdleConnections(), 100);
  try {
    await server.close(HTTP_GRACE_MS);
  } finally {
    clearInterval(sweep);
  }
}

async function resolveDatabaseUri(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
  onFatal: (message: string) => void,
): Promise<string> {
  if (config.mongodbUri !== undefined) return config.mongodbUri;
  const embedded = await startEmbeddedDatabaseProcess({
    dataDir: config.dataDir,
    logger,
    onUnexpectedExit: onFatal,
  });
  lifecycle.onShutdown('embedded database', () => embedded.stop(), { timeoutMs: 25_000 });
  return embedded.uri;
}

async function seedOnFirstStart(context: HostContext): Promise<DemoSeedResult | undefined> {
  // Production databases get demo users only on request (`stratum seed --demo`).
  if (context.config.isProduction) return undefined;
  try {
    const store = createCoreSeedStore({
      services: context.modules.services,
      connection: context.connection,
      tenantContext: context.tenantContext,
    });
    return await seedDemoOnFirstStart(store, context.config.demoPassword);
  } catch (error) {
    // The host is useful without demo data; say how to finish the seed instead of not starting.
    context.logger.error({ err: error }, 'demo seed failed; run `stratum seed --demo` to complete it');
    return undefined;
  }
}

interface Startup {
  readonly config: Config;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly onFatal: (message: string) => void;
  readonly coreModuleOptions: CoreModuleOptions | undefined;
  readonly registry: readonly PluginRegistryEntry[];
  readonly platformOptions: PlatformOptions | undefined;
}

async function openEventBus(
  redis: Redis | undefined,
  logger: Logger,
  lifecycle: Lifecycle,
): Promise<EventBus> {
  const bus =
    redis === undefined
      ? createInProcessEventBus({ logger })
      : await createRedisEventBus({ redis, channelPrefix: 'stratum:', logger });
  lifecycle.onShutdown('event bus', () => bus.close());
  return bus;
}

async function wireHost({
  config,
  logger,
  lifecycle,
  onFatal,
  coreModuleOptions,
  registry,
  platformOptions,
}: Startup): Promise<HostContext> {
  const uri = await resolveDatabaseUri(config, logger, lifecycle, onFatal);
  const connection = await openDatabaseConnection(uri);
  lifecycle.onShutdown('database connection', () => closeDatabaseConnection(connection));
  logger.info({ database: describeMongoUri(uri) }, 'database connected');
  let redis: Redis | undefined;
  if (config.redisUrl !== undefined) {
    const connected = await connectRedis(config.redisUrl, { logger, connectionName: 'stratum-api' });
    lifecycle.onShutdown('redis', async () => {
      await connected.quit();
    });
    redis = connected;
  }
  const cache = createCache({
    redis,
    onError: (error, operation) => logger.warn({ err: error, operation }, 'cache operation failed'),
  });
  const tenantContext = new TenantContext();
  const modules = createCoreModules(
    { connection, config, logger, cache, tenantContext, ...(redis ? { redis } : {}) },
    coreModuleOptions,
  );
  await modules.ensureIndexes();
  const bus = await openEventBus(redis, logger, lifecycle);
  const platform = createPlatformModules(
    { connection, config, logger, cache, tenantContext, services: modules.services, bus, registry },
    platformOptions,
  );
  lifecycle.onShutdown('plugins', () => platform.close());
  await platform.ensureIndexes();
  return { config, logger, connection, redis, cache, tenantContext, modules, bus, platform };
}

async function startWorkers(
  context: HostContext,
  worker: StartStratumOptions['worker'],
  lifecycle: Lifecycle,
) {
  if (worker === false) return;
  const queues = worker === undefined || worker === true ? undefined : worker.queues;
  await context.platform.jobs.start(queues === undefined ? {} : { queues });
  lifecycle.onShutdown('job workers', () => context.platform.jobs.stop({ timeoutMs: JOBS_GRACE_MS }), {
    timeoutMs: JOBS_GRACE_MS + 5_000,
  });
}

/**
 * The sample customer portal (outside production, DEMO_PORTAL_PORT): a convenience, so a failure
 * (port taken, no tenant `demo`) is logged and the host runs on without it.
 */
async function startDemoPortalIfWanted(
  context: HostContext,
  stratumUrl: string,
  lifecycle: Lifecycle,
): Promise<{ readonly url: string } | undefined> {
  const { config, logger, modules } = context;
  if (config.demoPortalPort === undefined) return undefined;
  try {
    const port = config.demoPortalPort;
    const setupFor = (origins: readonly string[]) =>
      ensureDemoPortal(
        {
          tenants: modules.services.tenants,
          apiKeys: modules.services.apiKeys,
          sites: modules.embed.sites,
          dataDir: config.dataDir,
        },
        origins,
      );
    const originsOf = (p: number) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`];
    const setup = await setupFor(originsOf(port));
    if (setup === undefined) return undefined;
    const portal = await startDemoPortal({
      stratumUrl,
      apiKey: setup.apiKey,
      siteId: setup.siteId,
      port,
      host: config.host,
      logger,
    });
    lifecycle.onShutdown('demo portal', () => portal.close());
    // Port 0 (tests) is known only now: the site must allow the real origin.
    if (port === 0) await setupFor(originsOf(Number(new URL(portal.url).port)));
    logger.info({ url: portal.url }, 'demo portal listening');
    return { url: portal.url };
  } catch (error) {
    logger.warn({ err: error }, 'demo portal did not start');
    return undefined;
  }
}

async function seedPluginsOnFirstStart(
  context: HostContext,
  demo: DemoSeedResult | undefined,
  overrides?: Readonly<Record<string, unknown>>,
): Promise<DemoPluginSeedResult | undefined> {
  if (demo === undefined || demo.createdTenants.length === 0) return undefined;
  try {
    return await seedDemoPlugins(context, demo.createdTenants, overrides);
  } catch (error) {
    context.logger.error({ err: error }, 'demo plugin seed failed; run `stratum seed --demo` to complete it');
    return undefined;
  }
}

/**
 * Starts the host. A failure part-way stops what was already started and rethrows; a bad
 * environment throws ConfigError before anything starts.
 */
export async function startStratum(options: StartStratumOptions = {}): Promise<RunningStratum> {
  const config = loadConfig(
    options.env ?? process.env,
    options.cwd === undefined ? {} : { cwd: options.cwd },
  );
  const logger = createLogger({
    level: config.logLevel,
    base: { service: 'stratum' },
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  if (config.generatedSecrets.length > 0) {
    logger.info(
      { secrets: config.generatedSecrets, dataDir: config.dataDir },
      'generated secrets kept in the data directory',
    );
  }
  const lifecycle = createLifecycle(logger);
  const onFatal = options.onFatal ?? ((message: string) => logger.fatal(message));
  try {
    const context = await wireHost({
      config,
      logger,
      lifecycle,
      onFatal,
      coreModuleOptions: options.coreModuleOptions,
      registry: options.registry ?? pluginRegistry,
      platformOptions: options.platformOptions,
    });
    const demo = await seedOnFirstStart(context);
    await startWorkers(context, options.worker, lifecycle);
    const demoPlugins = await seedPluginsOnFirstStart(context, demo, options.demoPluginConfig);
    const authenticateLive = createRealtimeAuthenticator({
      auth: context.modules.services.auth,
      apiKeys: context.modules.services.apiKeys,
      // Checks the site as it is now (still there, Origin among its origins), not only the token.
      embedTokens: context.modules.embed.authenticator.live,
    });
    const sse = createSseRouter({ bus: context.bus, authenticate: authenticateLive, logger });
    const chat = createChatModule({
      connection: context.connection,
      tenantContext: context.tenantContext,
      logger,
      kpis: context.platform.analytics.service,
      tenants: context.modules.services.tenants,
      auth: context.modules.services.auth,
      embedTokens: context.modules.embed.authenticator.live,
      syncRuns: context.platform.ingest.syncRuns,
      alerts: context.platform.rules.alerts,
    });
    await chat.ensureIndexes();
    const whatsapp = createWhatsappChannelModule({
      connection: context.connection,
      tenantContext: context.tenantContext,
      runtime: context.platform.plugins.runtime,
      plugins: context.platform.plugins.service,
      users: context.modules.services.users,
      encryptionKey: config.encryptionKey,
      engine: chat.engine,
      logger,
      // whatsapp-web sessions (a Chromium each) run where jobs run, not on `--no-worker` API nodes.
      bridge: { startSessions: options.worker !== false },
    });
    await whatsapp.ensureIndexes();
    whatsapp.start();
    // Answers already promised (200 sent, whatsapp-web message collected) finish before the database closes.
    lifecycle.onShutdown('whatsapp answers', () => whatsapp.stop(), { timeoutMs: 15_000 });
    const background = await options.startBackgroundWork?.(context);
    if (background !== undefined) lifecycle.onShutdown('background work', background.stop);
    const app = createApp({
      config,
      logger,
      connection: context.connection,
      modules: {
        ...context.modules,
        routes: [
          ...context.modules.routes,
          ...context.platform.routes,
          ...chat.routes,
          ...whatsapp.routes,
          ...createConsoleAuthRoutes(context.modules.services.auth),
        ],
      },
      redis: context.redis,
      healthComponents: {
        jobs: { check: () => context.platform.jobs.health(), critical: false },
        ...background?.healthComponents,
      },
      mount: (express: Express) => {
        express.use(sse.router);
        express.use(createWidgetAssetsRouter());
        express.use(createAdminConsoleRouter());
        express.use(whatsapp.router);
        options.mount?.(express, context);
      },
    });
    lifecycle.onShutdown('app', () => app.dispose());
    const server = await startHttpServer(app.express, config.port, config.host);
    lifecycle.onShutdown('http server', () => closeHttpServer(server), { timeoutMs: HTTP_GRACE_MS + 2_000 });
    const sockets = await attachLiveSocketServer({
      httpServer: server.server,
      bus: context.bus,
      authenticate: authenticateLive,
      logger,
      ...(context.redis === undefined ? {} : { redis: context.redis, keyPrefix: 'stratum:sio' }),
    });
    chat.attachSockets(sockets.io);
    // Live streams would hold the HTTP close for its whole grace period: end them first.
    lifecycle.onShutdown('realtime', async () => {
      sse.close();
      await chat.close();
      await sockets.close();
    });
    const demoPortal = await startDemoPortalIfWanted(context, server.url, lifecycle);
    app.readiness.satisfy('indexes');
    // The catalog was validated while wiring (a bad registry fails the start); plugins are ready.
    app.readiness.satisfy('plugins');
    lifecycle.onShutdown('readiness: draining', () => app.readiness.startDraining());
    logger.info({ url: server.url }, 'listening');
    options.announce?.(
      `Stratum listening on ${server.url} — ${demoCredentialsHint(demo, config.demoPassword !== undefined)}`,
    );
    return { url: server.url, app, context, lifecycle, demo, demoPlugins, demoPortal };
  } catch (error) {
    await lifecycle.shutdown('start-up failed');
    throw error;
  }
}

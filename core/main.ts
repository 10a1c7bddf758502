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
import type { CoreModuleOptions, CoreModules } from './app/core-modules.js';
import { createLifecycle } from './app/lifecycle.js';
import type { Lifecycle, ShutdownStepRun } from './app/lifecycle.js';
import { createCache } from './cache/create-cache.js';
import type { Cache } from './cache/cache.js';
import { connectRedis } from './cache/redis-connection.js';
import { loadConfig } from './config/load-config.js';
import type { Config, Environment } from './config/load-config.js';
import { closeDatabaseConnection, describeMongoUri, openDatabaseConnection } from './db/connection.js';
import { startEmbeddedDatabaseProcess } from './db/embedded-process.js';
import { startHttpServer } from './http/http-server.js';
import type { RunningHttpServer } from './http/http-server.js';
import { createLogger } from './logging/logger.js';
import { createCoreSeedStore } from './seed/core-seed-store.js';
import { demoCredentialsHint, seedDemoOnFirstStart } from './seed/demo-seed.js';
import type { DemoSeedResult } from './seed/demo-seed.js';
import { TenantContext } from './tenancy/tenant-context.js';

/** In-flight requests get this long to finish after SIGTERM before their sockets are cut. */
export const HTTP_GRACE_MS = 10_000;

/** Everything wired, for hooks that start more work (jobs, plugins) before the host listens. */
export interface HostContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly connection: Connection;
  readonly redis: Redis | undefined;
  readonly cache: Cache;
  readonly tenantContext: TenantContext;
  readonly modules: CoreModules;
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
  /** Jobs (agenda) hook in here when they land: started before listening, stopped after HTTP. */
  readonly startBackgroundWork?: (context: HostContext) => Promise<BackgroundWork | undefined>;
}

export interface RunningStratum {
  readonly url: string;
  readonly app: StratumApp;
  readonly context: HostContext;
  readonly lifecycle: Lifecycle;
  readonly demo: DemoSeedResult | undefined;
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
}

async function wireHost({
  config,
  logger,
  lifecycle,
  onFatal,
  coreModuleOptions,
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
  return { config, logger, connection, redis, cache, tenantContext, modules };
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
    });
    const demo = await seedOnFirstStart(context);
    const background = await options.startBackgroundWork?.(context);
    if (background !== undefined) lifecycle.onShutdown('background work', background.stop);
    const app = createApp({
      config,
      logger,
      connection: context.connection,
      modules: context.modules,
      redis: context.redis,
      ...(background?.healthComponents === undefined
        ? {}
        : { healthComponents: background.healthComponents }),
      ...(options.mount === undefined
        ? {}
        : { mount: (express: Express) => options.mount?.(express, context) }),
    });
    lifecycle.onShutdown('app', () => app.dispose());
    const server = await startHttpServer(app.express, config.port, config.host);
    lifecycle.onShutdown('http server', () => closeHttpServer(server), { timeoutMs: HTTP_GRACE_MS + 2_000 });
    app.readiness.satisfy('indexes');
    // The plugin platform will own this gate once plugins load at start.
    app.readiness.satisfy('plugins');
    lifecycle.onShutdown('readiness: draining', () => app.readiness.startDraining());
    logger.info({ url: server.url }, 'listening');
    options.announce?.(
      `Stratum listening on ${server.url} — ${demoCredentialsHint(demo, config.demoPassword !== undefined)}`,
    );
    return { url: server.url, app, context, lifecycle, demo };
  } catch (error) {
    await lifecycle.shutdown('start-up failed');
    throw error;
  }
}

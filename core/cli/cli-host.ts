/**
 * The host as a CLI command needs it: the same database the server uses and the core modules,
 * without HTTP. Where the database is: MONGODB_URI; else the embedded database a running
 * `stratum start` holds (its address file); else the data directory opened in this process.
 */
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { createCoreModules } from '../app/core-modules.js';
import { createPlatformModules } from '../app/platform-modules.js';
import type { PlatformModules } from '../app/platform-modules.js';
import type { CoreModules } from '../app/core-modules.js';
import { createCache } from '../cache/create-cache.js';
import { connectRedis } from '../cache/redis-connection.js';
import { loadConfig } from '../config/load-config.js';
import type { Config, Environment } from '../config/load-config.js';
import { closeDatabaseConnection, openDatabaseConnection } from '../db/connection.js';
import { readEmbeddedAddress } from '../db/embedded-process.js';
import { startEmbeddedServer } from '../db/embedded/server.js';
import type { EmbeddedServer } from '../db/embedded/server.js';
import { UnavailableError } from '../errors/errors.js';
import type { EventBus } from '../events/event-bus.js';
import { createInProcessEventBus } from '../events/in-process-event-bus.js';
import { createRedisEventBus } from '../events/redis-event-bus.js';
import { createLogger } from '../logging/logger.js';
import type { PluginRegistryEntry } from '../plugin-api/index.js';
import { TenantContext } from '../tenancy/tenant-context.js';

export interface CliHost {
  readonly config: Config;
  readonly logger: Logger;
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly modules: CoreModules;
  /** Where the database was found, for messages: `MONGODB_URI`, `running server`, `data directory`. */
  readonly databaseSource: string;
  /** The plugin platform, when the command asked for it (`platform` option). */
  readonly platform: PlatformModules | undefined;
  readonly bus: EventBus | undefined;
  close(): Promise<void>;
}

interface DatabaseTarget {
  readonly uri: string;
  readonly source: string;
  readonly embedded?: EmbeddedServer;
}

async function locateDatabase(config: Config): Promise<DatabaseTarget> {
  if (config.mongodbUri !== undefined) return { uri: config.mongodbUri, source: 'MONGODB_URI' };
  const running = await readEmbeddedAddress(config.dataDir);
  if (running !== undefined) return { uri: running.uri, source: 'the running server' };
  const dataDir = join(config.dataDir, 'db');
  try {
    const embedded = await startEmbeddedServer({ port: 0, dataDir });
    return { uri: embedded.uri, source: dataDir, embedded };
  } catch (error) {
    throw new UnavailableError(
      `Cannot open the database in ${dataDir}: ${(error as Error).message}. ` +
        'Stop that process, or point MONGODB_URI at a database server.',
      { code: 'DATABASE_UNAVAILABLE', cause: error },
    );
  }
}

export interface OpenCliHostOptions {
  readonly env?: Environment;
  readonly cwd?: string;
  /** Also wires the plugin platform (jobs, ingest, plugins) with this registry. */
  readonly platform?: { readonly registry: readonly PluginRegistryEntry[] };
}

export async function openCliHost(options: OpenCliHostOptions = {}): Promise<CliHost> {
  const config = loadConfig(
    options.env ?? process.env,
    options.cwd === undefined ? {} : { cwd: options.cwd },
  );
  // A command's own output is its result; logs go to stderr and only when something is wrong.
  const logger = createLogger({
    level:
      config.logLevel === 'info' || config.logLevel === 'debug' || config.logLevel === 'trace'
        ? 'warn'
        : config.logLevel,
    base: { service: 'stratum-cli' },
    destination: process.stderr,
  });
  const target = await locateDatabase(config);
  const closers: (() => Promise<void>)[] = [];
  if (target.embedded !== undefined) {
    const embedded = target.embedded;
    closers.push(() => embedded.close());
  }
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const connection = await openDatabaseConnection(target.uri, { appName: 'stratum-cli' });
    closers.push(() => closeDatabaseConnection(connection));
    let redis: Redis | undefined;
    if (config.redisUrl !== undefined) {
      const connected = await connectRedis(config.redisUrl, { logger, connectionName: 'stratum-cli' });
      closers.push(async () => {
        await connected.quit();
      });
      redis = connected;
    }
    const cache = createCache({ redis });
    const tenantContext = new TenantContext();
    const modules = createCoreModules({
      connection,
      config,
      logger,
      cache,
      tenantContext,
      ...(redis ? { redis } : {}),
    });
    await modules.ensureIndexes();
    let platform: PlatformModules | undefined;
    let bus: EventBus | undefined;
    if (options.platform !== undefined) {
      // With Redis, a foreground sync's progress and results reach the API nodes' live clients.
      const opened =
        redis === undefined
          ? createInProcessEventBus({ logger })
          : await createRedisEventBus({ redis, channelPrefix: 'stratum:', logger });
      closers.push(() => opened.close());
      bus = opened;
      const wired = createPlatformModules({
        connection,
        config,
        logger,
        cache,
        tenantContext,
        services: modules.services,
        bus: opened,
        registry: options.platform.registry,
      });
      closers.push(() => wired.close());
      await wired.ensureIndexes();
      platform = wired;
    }
    return {
      config,
      logger,
      connection,
      tenantContext,
      modules,
      databaseSource: target.source,
      platform,
      bus,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Opens the host, runs `work`, and always closes (flushing an embedded database opened here). */
export async function withCliHost<T>(
  options: OpenCliHostOptions,
  work: (host: CliHost) => Promise<T>,
): Promise<T> {
  const host = await openCliHost(options);
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}

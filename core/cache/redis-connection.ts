import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { UnavailableError } from '../errors/errors.js';
import type { HealthCheckResult } from '../observability/health-registry.js';

export interface RedisConnectionOptions {
  readonly logger?: Logger;
  readonly connectTimeoutMs?: number;
  /** Bounds every command, so a stalled Redis turns into an error instead of a hung request. */
  readonly commandTimeoutMs?: number;
  /** Shown in `CLIENT LIST`; helps when several processes share Redis. */
  readonly connectionName?: string;
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0`, for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '<invalid redis url>';
  }
}

/**
 * Opens a Redis connection and waits until it is ready; throws UnavailableError (without the
 * password) when it cannot. Later connection errors are logged, not thrown: ioredis reconnects,
 * and the cache and rate limiter degrade meanwhile.
 */
export async function connectRedis(url: string, options: RedisConnectionOptions = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    maxRetriesPerRequest: 1,
    connectionName: options.connectionName ?? 'stratum',
  });
  let lastErrorLogged = 0;
  redis.on('error', (error: unknown) => {
    // ioredis emits on every failed reconnect; one line per 10 s is enough to see an outage.
    const now = Date.now();
    if (now - lastErrorLogged < 10_000) return;
    lastErrorLogged = now;
    options.logger?.warn({ err: error, redis: describeRedisUrl(url) }, 'redis connection error');
  });
  try {
    await redis.connect();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new UnavailableError(`Redis is unreachable at ${describeRedisUrl(url)}`, {
      code: 'REDIS_UNAVAILABLE',
      cause: error,
    });
  }
}

/** Health check for the components registry: PING round trip; `down` (not a throw) on failure. */
export function redisHealthCheck(redis: Redis): () => Promise<HealthCheckResult> {
  return async () => {
    const started = performance.now();
    try {
      await redis.ping();
      return { status: 'up', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch {
      return { status: 'down', detail: `redis ${redis.status}` };
    }
  };
}

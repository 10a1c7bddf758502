import type { Redis } from 'ioredis';
import type { Cache, CacheErrorHandler, CacheKey } from './cache.js';
import { createVersionedCache } from './versioned-cache.js';
import type { CacheStore } from './versioned-cache.js';

export interface RedisCacheOptions {
  /** Prefix of every key, so several deployments (or test runs) can share one Redis. */
  readonly keyPrefix?: string;
  readonly onError?: CacheErrorHandler;
}

function parseVersion(raw: string | null | undefined): number {
  const version = raw === null || raw === undefined ? 0 : Number(raw);
  return Number.isSafeInteger(version) ? version : 0;
}

/**
 * Redis-backed cache for the scaled-out shape. The tenant id is a hash tag (`{tenant}`) so an
 * entry and its tenant's version share a cluster slot and are read with one MGET. The caller
 * owns the connection (it is shared with rate limits and pub/sub).
 */
export function createRedisCache(redis: Redis, options: RedisCacheOptions = {}): Cache {
  const prefix = options.keyPrefix ?? 'stratum:';
  const store: CacheStore = {
    read: async (entryKey, versionKey) => {
      const [entry, version] = await redis.mget(entryKey, versionKey);
      return { entry: entry ?? undefined, version: parseVersion(version) };
    },
    write: async (entryKey, entry, ttlMs) => {
      await redis.set(entryKey, entry, 'PX', ttlMs);
    },
    remove: async (entryKey) => {
      await redis.del(entryKey);
    },
    version: async (versionKey) => parseVersion(await redis.get(versionKey)),
    incrementVersion: async (versionKey) => redis.incr(versionKey),
  };
  const keyspace = {
    entryKey: (key: CacheKey) => `${prefix}cache:{${key.tenantId}}:${key.key}`,
    versionKey: (tenantId: string) => `${prefix}data-version:{${tenantId}}`,
  };
  return createVersionedCache(store, keyspace, options.onError);
}

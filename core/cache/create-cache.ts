import type { Redis } from 'ioredis';
import type { Cache, CacheErrorHandler } from './cache.js';
import { createMemoryCache } from './memory-cache.js';
import { createRedisCache } from './redis-cache.js';

export interface CreateCacheOptions {
  /** When given (REDIS_URL is set), the cache is shared through Redis; otherwise in-process. */
  readonly redis?: Redis | undefined;
  readonly keyPrefix?: string;
  readonly onError?: CacheErrorHandler;
}

export function createCache(options: CreateCacheOptions = {}): Cache {
  const common = options.onError === undefined ? {} : { onError: options.onError };
  if (options.redis === undefined) return createMemoryCache(common);
  return createRedisCache(options.redis, {
    ...common,
    ...(options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix }),
  });
}

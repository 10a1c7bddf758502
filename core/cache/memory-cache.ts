import { LRUCache } from 'lru-cache';
import type { Cache, CacheErrorHandler, CacheKey } from './cache.js';
import { createVersionedCache } from './versioned-cache.js';
import type { CacheStore } from './versioned-cache.js';

export interface MemoryCacheOptions {
  /** Upper bound of the serialized entries' total length (UTF-16 code units ≈ bytes). */
  readonly maxSizeChars?: number;
  readonly maxEntries?: number;
  readonly onError?: CacheErrorHandler;
}

/** In-process LRU for the single-machine shape; data versions live in this process. */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const entries = new LRUCache<string, string>({
    max: options.maxEntries ?? 50_000,
    maxSize: options.maxSizeChars ?? 64 * 1024 * 1024,
    sizeCalculation: (entry, key) => entry.length + key.length,
  });
  const versions = new Map<string, number>();

  const store: CacheStore = {
    read: async (entryKey, versionKey) => ({
      entry: entries.get(entryKey),
      version: versions.get(versionKey) ?? 0,
    }),
    write: async (entryKey, entry, ttlMs) => {
      entries.set(entryKey, entry, { ttl: ttlMs });
    },
    remove: async (entryKey) => {
      entries.delete(entryKey);
    },
    version: async (versionKey) => versions.get(versionKey) ?? 0,
    incrementVersion: async (versionKey) => {
      const next = (versions.get(versionKey) ?? 0) + 1;
      versions.set(versionKey, next);
      return next;
    },
  };
  const keyspace = {
    entryKey: (key: CacheKey) => `${key.tenantId}:${key.key}`,
    versionKey: (tenantId: string) => tenantId,
  };
  return createVersionedCache(store, keyspace, options.onError);
}

import { UnavailableError } from '../errors/errors.js';
import { assertCacheKey, assertTtl } from './cache.js';
import type { Cache, CacheErrorHandler, CacheKey } from './cache.js';

/** What a backend stores: the serialized entry string, or undefined when absent. */
export interface CacheStore {
  /** Reads the entry and the tenant's data version together (one round trip in Redis). */
  read(entryKey: string, versionKey: string): Promise<{ entry: string | undefined; version: number }>;
  write(entryKey: string, entry: string, ttlMs: number): Promise<void>;
  remove(entryKey: string): Promise<void>;
  version(versionKey: string): Promise<number>;
  incrementVersion(versionKey: string): Promise<number>;
}

export interface CacheKeyspace {
  entryKey(key: CacheKey): string;
  versionKey(tenantId: string): string;
}

// Entry format: `<version>|<json>`, or `-|<json>` when unversioned; cheaper than nesting JSON.
const UNVERSIONED = '-';

function encode(value: unknown, version: number | undefined): string {
  return `${version === undefined ? UNVERSIONED : version}|${JSON.stringify(value)}`;
}

function decode<T>(entry: string, currentVersion: number | undefined): T | undefined {
  const separator = entry.indexOf('|');
  if (separator < 0) return undefined;
  const tag = entry.slice(0, separator);
  const expected = currentVersion === undefined ? UNVERSIONED : String(currentVersion);
  if (tag !== expected) return undefined;
  return JSON.parse(entry.slice(separator + 1)) as T;
}

const ignore: CacheErrorHandler = () => undefined;

/** Builds the {@link Cache} contract (versions, JSON, single-flight, fail-open) over a store. */
export function createVersionedCache(
  store: CacheStore,
  keyspace: CacheKeyspace,
  onError: CacheErrorHandler = ignore,
): Cache {
  const inFlight = new Map<string, Promise<unknown>>();

  const lookup = async <T>(
    key: CacheKey,
  ): Promise<{ value: T | undefined; version: number | undefined; ok: boolean }> => {
    assertCacheKey(key);
    const versioned = key.versioned !== false;
    try {
      const { entry, version } = await store.read(keyspace.entryKey(key), keyspace.versionKey(key.tenantId));
      const tagVersion = versioned ? version : undefined;
      return {
        value: entry === undefined ? undefined : decode<T>(entry, tagVersion),
        version: tagVersion,
        ok: true,
      };
    } catch (error) {
      onError(error, 'get');
      return { value: undefined, version: undefined, ok: false };
    }
  };

  const store_ = async (
    key: CacheKey,
    value: unknown,
    ttlMs: number,
    version: number | undefined,
  ): Promise<void> => {
    try {
      await store.write(keyspace.entryKey(key), encode(value, version), ttlMs);
    } catch (error) {
      onError(error, 'set');
    }
  };

  const strict = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw new UnavailableError('Cache invalidation failed', { code: 'CACHE_UNAVAILABLE', cause: error });
    }
  };

  const loadAndStore = async <T>(key: CacheKey, ttlMs: number, load: () => Promise<T>): Promise<T> => {
    const found = await lookup<T>(key);
    if (found.value !== undefined) return found.value;
    const value = await load();
    if (found.ok && value !== undefined) await store_(key, value, ttlMs, found.version);
    return value;
  };

  return {
    async get<T>(key: CacheKey) {
      return (await lookup<T>(key)).value;
    },
    async set(key, value, ttlMs) {
      assertCacheKey(key);
      assertTtl(ttlMs);
      if (value === undefined) return;
      let version: number | undefined;
      if (key.versioned !== false) {
        try {
          version = await store.version(keyspace.versionKey(key.tenantId));
        } catch (error) {
          onError(error, 'set');
          return;
        }
      }
      await store_(key, value, ttlMs, version);
    },
    async delete(key) {
      assertCacheKey(key);
      await strict(() => store.remove(keyspace.entryKey(key)));
    },
    async wrap<T>(key: CacheKey, ttlMs: number, load: () => Promise<T>): Promise<T> {
      assertCacheKey(key);
      assertTtl(ttlMs);
      const flightKey = `${key.versioned === false ? 'u' : 'v'}|${keyspace.entryKey(key)}`;
      const pending = inFlight.get(flightKey);
      if (pending !== undefined) return (await pending) as T;
      const flight = loadAndStore(key, ttlMs, load).finally(() => {
        if (inFlight.get(flightKey) === flight) inFlight.delete(flightKey);
      });
      inFlight.set(flightKey, flight);
      return flight;
    },
    async dataVersion(tenantId) {
      assertCacheKey({ tenantId, key: '-' });
      return strict(() => store.version(keyspace.versionKey(tenantId)));
    },
    async bumpDataVersion(tenantId) {
      assertCacheKey({ tenantId, key: '-' });
      const version = await strict(() => store.incrementVersion(keyspace.versionKey(tenantId)));
      // Callers arriving after the bump must not join loads that started before it.
      const tenantPrefix = keyspace.entryKey({ tenantId, key: '' });
      for (const flightKey of inFlight.keys()) {
        if (flightKey.slice(2).startsWith(tenantPrefix)) inFlight.delete(flightKey);
      }
      return version;
    },
  };
}

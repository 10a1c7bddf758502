/** Cache lifetimes named by the product spec. */
export const CACHE_TTLS_MS = {
  campaignList: 5 * 60_000,
  kpis: 15 * 60_000,
  predictions: 30 * 60_000,
  sessions: 24 * 60 * 60_000,
} as const;

/** Where an entry lives: always inside one tenant's namespace. */
export interface CacheKey {
  readonly tenantId: string;
  /** Free-form within the tenant, e.g. `kpis:2026-11-01:2026-11-30:meta`. */
  readonly key: string;
  /**
   * Versioned entries (the default) are only served while the tenant's data version is the one
   * they were computed under; bumping the version invalidates all of them at once. Entries not
   * derived from synced data (sessions) pass `false`.
   */
  readonly versioned?: boolean;
}

/**
 * One cache for the host: in-process LRU on a single machine, Redis when scaled out. Values go
 * through JSON in both, so they behave the same (a Date comes back as an ISO string; treat what
 * you get as a fresh copy). Reading and writing entries fail open (a broken Redis means a miss,
 * reported through `onError`); invalidation (`delete`, `bumpDataVersion`) throws, because a
 * silently failed invalidation serves stale numbers.
 */
export interface Cache {
  get<T>(key: CacheKey): Promise<T | undefined>;
  /** Stores under the tenant's current data version; prefer `wrap` for computed values. */
  set(key: CacheKey, value: unknown, ttlMs: number): Promise<void>;
  delete(key: CacheKey): Promise<void>;
  /**
   * Returns the cached value or loads, stores and returns it. Concurrent misses of one key in
   * this process share one load. The entry is tagged with the version read *before* loading, so
   * a sync finishing mid-load cannot leave a stale value behind. `undefined` is never stored.
   */
  wrap<T>(key: CacheKey, ttlMs: number, load: () => Promise<T>): Promise<T>;
  dataVersion(tenantId: string): Promise<number>;
  /** Invalidates every versioned entry of the tenant; returns the new version. */
  bumpDataVersion(tenantId: string): Promise<number>;
}

/** Called with failures the cache absorbed (a read or write that fell back to a miss). */
export type CacheErrorHandler = (error: unknown, operation: string) => void;

const FORBIDDEN_TENANT_CHARS = /[:{}\s]/;

export function assertCacheKey(key: CacheKey): void {
  if (key.tenantId === '' || FORBIDDEN_TENANT_CHARS.test(key.tenantId)) {
    throw new TypeError(`Invalid tenant id for a cache key: "${key.tenantId}"`);
  }
  if (key.key === '') throw new TypeError('Cache key must not be empty');
}

export function assertTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0)
    throw new TypeError(`Cache TTL must be a positive integer of ms, got ${ttlMs}`);
}

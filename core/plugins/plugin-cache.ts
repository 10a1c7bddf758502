import type { Cache } from '../cache/cache.js';
import type { PluginCache } from '../plugin-api/index.js';

/** Keys of the plugin's entries inside its tenant's namespace. */
export const pluginCacheKey = (pluginId: string, key: string) => `plugin:${pluginId}:${key}`;

/**
 * The installation's cache: the host cache under the tenant, keys prefixed `plugin:<id>:`.
 * Entries follow the tenant's data version (a sync invalidates them), as derived values should.
 */
export function createPluginCache(
  cache: Cache,
  scope: { readonly tenantId: string; readonly pluginId: string },
): PluginCache {
  const keyOf = (key: string) => ({ tenantId: scope.tenantId, key: pluginCacheKey(scope.pluginId, key) });
  return {
    get: (key) => cache.get(keyOf(key)),
    set: (key, value, ttlMs) => cache.set(keyOf(key), value, ttlMs),
    wrap: (key, ttlMs, load) => cache.wrap(keyOf(key), ttlMs, load),
  };
}

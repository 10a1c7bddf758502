import { createCircuitBreaker, createKeyedLimiter } from '../../connectors/shared/index.js';
import type { CircuitBreakerOptions } from '../../connectors/shared/index.js';
import type { MetaClientOptions } from '../../connectors/meta/index.js';
import { definePlugin } from '../../core/plugin-api/index.js';
import { createAdsMetaActions } from './actions.js';
import { createAdsMetaSource } from './ads-source.js';
import { createAdsMetaHealthCheck } from './health.js';
import { adsMetaManifest } from './manifest.js';
import { createMetaRuntime } from './meta-runtime.js';

/** Process-wide tuning of the plugin (tests and benchmarks shorten the waits). */
export interface AdsMetaPluginOptions {
  /** Concurrent Meta calls per tenant (default 2). */
  readonly maxConcurrentPerTenant?: number;
  readonly breaker?: CircuitBreakerOptions;
  /** Retries of one call (default: 5 retries, 500 ms base, advised waits up to 15 min). */
  readonly retry?: MetaClientOptions['retry'];
}

/** Builds the plugin; its limiter and breaker are shared by every installation (keyed by tenant). */
export function createAdsMetaPlugin(options: AdsMetaPluginOptions = {}) {
  const shared = {
    limiter: createKeyedLimiter(options.maxConcurrentPerTenant ?? 2),
    breaker: createCircuitBreaker(options.breaker),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  };
  return definePlugin({
    manifest: adsMetaManifest,
    setup(ctx) {
      const runtime = createMetaRuntime(ctx, shared);
      return {
        health: createAdsMetaHealthCheck(runtime),
        ads: createAdsMetaSource(runtime),
        actions: createAdsMetaActions(runtime),
      };
    },
  });
}

/** The ads-meta plugin: Meta Marketing API accounts, campaigns, daily insights and campaign actions. */
export const adsMetaPlugin = createAdsMetaPlugin();

export { adsMetaConfigSchema } from './config.js';
export type { AdsMetaConfig } from './config.js';
export { adsMetaManifest } from './manifest.js';

import { definePlugin } from '../../core/plugin-api/index.js';
import { createAdsGoogleActions } from './actions.js';
import { createAdsGoogleSource } from './ads-source.js';
import { createAdsGoogleHealthCheck } from './health.js';
import { adsGoogleManifest } from './manifest.js';
import { createAdsGoogleRuntime } from './runtime.js';

/** The Google Ads plugin: customers, campaigns and daily metrics through the Google Ads API, plus campaign actions. */
export const adsGooglePlugin = definePlugin({
  manifest: adsGoogleManifest,
  setup(ctx) {
    const runtime = createAdsGoogleRuntime(ctx);
    return {
      health: createAdsGoogleHealthCheck(runtime),
      ads: createAdsGoogleSource(runtime),
      actions: createAdsGoogleActions(runtime),
    };
  },
});

export { adsGoogleConfigSchema } from './config.js';
export type { AdsGoogleConfig } from './config.js';
export { adsGoogleManifest } from './manifest.js';
export { ADS_GOOGLE_BATCH_SIZE, createAdsGoogleSource, metricsWindow } from './ads-source.js';
export { createAdsGoogleActions } from './actions.js';
export { SUNSET_WARNING_DAYS, createAdsGoogleHealthCheck } from './health.js';
export { ACCESS_TOKEN_STATE_KEY, createAdsGoogleRuntime } from './runtime.js';
export type { AdsGoogleRuntime, AdsGoogleRuntimeOptions } from './runtime.js';
export { toPluginError } from './errors.js';

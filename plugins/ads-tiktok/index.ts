import { definePlugin } from '../../core/plugin-api/index.js';
import { createTiktokActions } from './actions.js';
import { createTiktokSource } from './ads-source.js';
import { createTiktokHealthCheck } from './health.js';
import { adsTiktokManifest } from './manifest.js';
import { createTiktokRuntime } from './runtime.js';

/** The ads-tiktok plugin: TikTok API for Business through the host's guarded egress. */
export const adsTiktokPlugin = definePlugin({
  manifest: adsTiktokManifest,
  setup(ctx) {
    const runtime = createTiktokRuntime(ctx);
    return {
      health: createTiktokHealthCheck(runtime),
      ads: createTiktokSource(runtime),
      actions: createTiktokActions(runtime),
    };
  },
});

export { adsTiktokConfigSchema } from './config.js';
export type { AdsTiktokConfig } from './config.js';
export { adsTiktokManifest } from './manifest.js';
export { TIKTOK_REPORT_WINDOW_DAYS, createTiktokSource, metricsStart } from './ads-source.js';
export { createTiktokActions } from './actions.js';
export { createTiktokHealthCheck } from './health.js';

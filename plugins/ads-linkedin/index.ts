import { definePlugin } from '../../core/plugin-api/index.js';
import { createLinkedinActions } from './actions.js';
import { createLinkedinSource } from './ads-source.js';
import { createLinkedinHealthCheck } from './health.js';
import { adsLinkedinManifest } from './manifest.js';
import { createLinkedinRuntime } from './runtime.js';

/** The ads-linkedin plugin: LinkedIn Marketing API through the host's guarded egress. */
export const adsLinkedinPlugin = definePlugin({
  manifest: adsLinkedinManifest,
  setup(ctx) {
    const runtime = createLinkedinRuntime(ctx);
    return {
      health: createLinkedinHealthCheck(runtime),
      ads: createLinkedinSource(runtime),
      actions: createLinkedinActions(runtime),
    };
  },
});

export { adsLinkedinConfigSchema } from './config.js';
export type { AdsLinkedinConfig } from './config.js';
export { adsLinkedinManifest } from './manifest.js';
export {
  LINKEDIN_MAX_ELEMENTS_PER_CALL,
  analyticsWindowDays,
  campaignGroups,
  createLinkedinSource,
} from './ads-source.js';
export { createLinkedinActions } from './actions.js';
export { createLinkedinHealthCheck } from './health.js';

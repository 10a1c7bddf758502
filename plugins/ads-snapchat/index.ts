import { definePlugin } from '../../core/plugin-api/index.js';
import { createSnapchatActions } from './actions.js';
import { createSnapchatSource } from './ads-source.js';
import { createSnapchatHealthCheck } from './health.js';
import { adsSnapchatManifest } from './manifest.js';
import { createSnapchatRuntime } from './runtime.js';

/** The ads-snapchat plugin: Snapchat Marketing API through the host's guarded egress. */
export const adsSnapchatPlugin = definePlugin({
  manifest: adsSnapchatManifest,
  setup(ctx) {
    const runtime = createSnapchatRuntime(ctx);
    return {
      health: createSnapchatHealthCheck(runtime),
      ads: createSnapchatSource(runtime),
      actions: createSnapchatActions(runtime),
    };
  },
});

export { adsSnapchatConfigSchema } from './config.js';
export type { AdsSnapchatConfig } from './config.js';
export { adsSnapchatManifest } from './manifest.js';
export {
  SNAPCHAT_STATS_WINDOW_DAYS,
  createSnapchatSource,
  statsWindowDays,
  statsWindows,
} from './ads-source.js';
export { createSnapchatActions } from './actions.js';
export { createSnapchatHealthCheck } from './health.js';

import { definePlugin } from '../../core/plugin-api/index.js';
import { createConversionsHealthCheck } from './health.js';
import { conversionsCapiManifest } from './manifest.js';
import { createConversionsSink } from './sink.js';

/** The conversions-capi plugin: one installation delivers to every configured conversion API. */
export const conversionsCapiPlugin = definePlugin({
  manifest: conversionsCapiManifest,
  setup(ctx) {
    return {
      health: createConversionsHealthCheck(ctx.config),
      conversions: createConversionsSink(ctx.config, ctx.http),
    };
  },
});

export { conversionsCapiConfigSchema } from './config.js';
export type { ConversionsCapiConfig } from './config.js';
export { conversionsCapiManifest } from './manifest.js';

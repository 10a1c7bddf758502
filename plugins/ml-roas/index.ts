import { definePlugin } from '../../core/plugin-api/index.js';
import { mlRoasManifest } from './manifest.js';
import { createModelStore } from './model-store.js';
import { bumpGeneration, createMlPredictor } from './predictor.js';
import { trainModels } from './training.js';

/**
 * The ml-roas predictor: response curves, forecasts and budget proposals. Trains nightly on the
 * `ml` queue and after large syncs; predictions are cached for 30 minutes.
 */
export const mlRoasPlugin = definePlugin({
  manifest: mlRoasManifest,
  setup(ctx) {
    const store = createModelStore(ctx.state);
    ctx.events.subscribe('sync.completed', async (event) => {
      await bumpGeneration(ctx.state);
      if (event.rows >= ctx.config.retrainAfterRows) await ctx.scheduler.runNow('train', { reason: 'sync' });
    });
    return {
      predictor: createMlPredictor(ctx, store),
      jobs: {
        train: async (_run, call) => {
          await trainModels(ctx, store, call.signal);
        },
      },
    };
  },
});

export { mlRoasManifest } from './manifest.js';
export { mlRoasConfigSchema } from './config.js';
export type { MlRoasConfig } from './config.js';
export { trainingWindow, PREDICTION_TTL_MS } from './predictor.js';

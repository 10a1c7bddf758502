import type { MetaClientOptions } from '../../connectors/meta/index.js';
import { definePlugin } from '../../core/plugin-api/index.js';
import { createAdLibrarySource } from './competitor-source.js';
import { createAdLibraryHealthCheck } from './health.js';
import { competitorsMetaAdLibraryManifest } from './manifest.js';

/** Process-wide tuning (tests shorten the retry waits). */
export interface CompetitorsMetaAdLibraryOptions {
  readonly retry?: MetaClientOptions['retry'];
}

export function createCompetitorsMetaAdLibraryPlugin(options: CompetitorsMetaAdLibraryOptions = {}) {
  return definePlugin({
    manifest: competitorsMetaAdLibraryManifest,
    setup(ctx) {
      return {
        health: createAdLibraryHealthCheck(ctx, options.retry),
        competitors: createAdLibrarySource(ctx, options.retry),
      };
    },
  });
}

/** Competitors' ads from the Meta Ad Library (`ads_archive`). */
export const competitorsMetaAdLibraryPlugin = createCompetitorsMetaAdLibraryPlugin();

export { competitorsMetaAdLibraryConfigSchema } from './config.js';
export type { CompetitorsMetaAdLibraryConfig } from './config.js';
export { competitorsMetaAdLibraryManifest } from './manifest.js';
export type { AdLibraryState } from './competitor-source.js';

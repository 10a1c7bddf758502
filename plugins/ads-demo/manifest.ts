import type { PluginManifest } from '../../core/plugin-api/index.js';
import { adsDemoConfigSchema } from './config.js';

/** What ads-demo declares about itself. */
export const adsDemoManifest = {
  id: 'ads-demo',
  name: 'Demo ad platforms (simulated)',
  version: '1.0.0',
  kind: 'ad-platform',
  description:
    'A seeded simulation of Meta, Google Ads, TikTok, Snapchat and LinkedIn accounts: about 400 days of campaigns with seasonality, diminishing returns, late data and a few anomalies. Safe to install anywhere: it calls no network.',
  configSchema: adsDemoConfigSchema,
  secretFields: ['apiKey'],
  permissions: ['accounts:write', 'campaigns:write', 'metrics:write', 'campaigns:act'],
  schedules: {
    sync: { cron: '20 * * * *', queue: 'sync' },
  },
  hostVersionRange: '^0.1.0',
} as const satisfies PluginManifest<'ad-platform', typeof adsDemoConfigSchema>;

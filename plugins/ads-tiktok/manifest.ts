import { TIKTOK_API_VERSION } from '../../connectors/tiktok/index.js';
import type { PluginManifest } from '../../core/plugin-api/index.js';
import { adsTiktokConfigSchema } from './config.js';

/** What ads-tiktok declares about itself. */
export const adsTiktokManifest = {
  id: 'ads-tiktok',
  name: 'TikTok Ads',
  version: '1.0.0',
  kind: 'ad-platform',
  description:
    'Advertisers, campaigns and daily campaign performance from the TikTok API for Business (v1.3), with pause, resume and daily budget changes.',
  configSchema: adsTiktokConfigSchema,
  secretFields: ['accessToken'],
  permissions: [
    'accounts:write',
    'campaigns:write',
    'metrics:write',
    'campaigns:act',
    'events:publish',
    'egress:http',
  ],
  schedules: {
    sync: { cron: '35 * * * *', queue: 'sync' },
  },
  hostVersionRange: '^0.1.0',
  apiVersion: TIKTOK_API_VERSION,
} as const satisfies PluginManifest<'ad-platform', typeof adsTiktokConfigSchema>;

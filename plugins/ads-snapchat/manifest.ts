import { SNAPCHAT_API_VERSION } from '../../connectors/snapchat/index.js';
import type { PluginManifest } from '../../core/plugin-api/index.js';
import { adsSnapchatConfigSchema } from './config.js';

/** What ads-snapchat declares about itself. */
export const adsSnapchatManifest = {
  id: 'ads-snapchat',
  name: 'Snapchat Ads',
  version: '1.0.0',
  kind: 'ad-platform',
  description:
    'Ad accounts, campaigns and daily campaign stats from the Snapchat Marketing API (v1, OAuth refresh tokens), with pause, resume and daily budget changes.',
  configSchema: adsSnapchatConfigSchema,
  secretFields: ['clientSecret', 'refreshToken'],
  permissions: [
    'accounts:write',
    'campaigns:write',
    'metrics:write',
    'campaigns:act',
    'events:publish',
    'egress:http',
  ],
  schedules: {
    sync: { cron: '40 * * * *', queue: 'sync' },
  },
  hostVersionRange: '^0.1.0',
  apiVersion: SNAPCHAT_API_VERSION,
} as const satisfies PluginManifest<'ad-platform', typeof adsSnapchatConfigSchema>;

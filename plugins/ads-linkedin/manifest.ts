import { LINKEDIN_API_VERSION } from '../../connectors/linkedin/index.js';
import type { PluginManifest } from '../../core/plugin-api/index.js';
import { adsLinkedinConfigSchema } from './config.js';

/** What ads-linkedin declares about itself. */
export const adsLinkedinManifest = {
  id: 'ads-linkedin',
  name: 'LinkedIn Ads',
  version: '1.0.0',
  kind: 'ad-platform',
  description:
    'Ad accounts, campaigns and daily campaign analytics (UTC days) from the LinkedIn Marketing API (LinkedIn-Version 202603), with pause, resume and daily budget changes.',
  configSchema: adsLinkedinConfigSchema,
  secretFields: ['accessToken', 'refreshToken', 'clientSecret'],
  permissions: [
    'accounts:write',
    'campaigns:write',
    'metrics:write',
    'campaigns:act',
    'events:publish',
    'egress:http',
  ],
  schedules: {
    sync: { cron: '45 * * * *', queue: 'sync' },
  },
  hostVersionRange: '^0.1.0',
  apiVersion: LINKEDIN_API_VERSION,
} as const satisfies PluginManifest<'ad-platform', typeof adsLinkedinConfigSchema>;

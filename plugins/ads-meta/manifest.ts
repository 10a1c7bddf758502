import { META_API_VERSION } from '../../connectors/meta/index.js';
import type { PluginManifest } from '../../core/plugin-api/index.js';
import { adsMetaConfigSchema } from './config.js';

/** What ads-meta declares about itself. */
export const adsMetaManifest = {
  id: 'ads-meta',
  name: 'Meta Ads (Facebook & Instagram)',
  version: '1.0.0',
  kind: 'ad-platform',
  description:
    'Syncs ad accounts, campaigns and daily campaign insights from the Meta Marketing API (async report jobs for long ranges), and pauses, resumes or re-budgets campaigns for rules.',
  configSchema: adsMetaConfigSchema,
  secretFields: ['accessToken', 'appSecret'],
  permissions: [
    'accounts:write',
    'campaigns:write',
    'metrics:write',
    'campaigns:act',
    'egress:http',
    'events:publish',
  ],
  schedules: {
    sync: { cron: '35 */3 * * *', queue: 'sync' },
  },
  hostVersionRange: '^0.1.0',
  apiVersion: META_API_VERSION,
} as const satisfies PluginManifest<'ad-platform', typeof adsMetaConfigSchema>;

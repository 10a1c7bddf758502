import { GOOGLE_ADS_API_VERSION } from '../../connectors/google-ads/index.js';
import type { PluginManifest } from '../../core/plugin-api/index.js';
import { adsGoogleConfigSchema } from './config.js';

/** What ads-google declares about itself. */
export const adsGoogleManifest = {
  id: 'ads-google',
  name: 'Google Ads',
  version: '1.0.0',
  kind: 'ad-platform',
  description:
    'Syncs Google Ads customers, campaigns and daily campaign performance (cost, clicks, impressions, conversions and conversion value) through the Google Ads API, and pauses, resumes and re-budgets campaigns.',
  configSchema: adsGoogleConfigSchema,
  secretFields: ['clientSecret', 'refreshToken', 'accessToken', 'developerToken'],
  permissions: [
    'accounts:write',
    'campaigns:write',
    'metrics:write',
    'campaigns:act',
    'events:publish',
    'egress:http',
  ],
  schedules: {
    sync: { cron: '35 */2 * * *', queue: 'sync' },
  },
  hostVersionRange: '^0.1.0',
  apiVersion: GOOGLE_ADS_API_VERSION,
} as const satisfies PluginManifest<'ad-platform', typeof adsGoogleConfigSchema>;

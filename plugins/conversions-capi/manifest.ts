import type { PluginManifest } from '../../core/plugin-api/index.js';
import { conversionsCapiConfigSchema } from './config.js';

/** What conversions-capi declares about itself. */
export const conversionsCapiManifest = {
  id: 'conversions-capi',
  name: 'Conversion APIs (Meta, Google Ads, TikTok, Snapchat, LinkedIn)',
  version: '1.0.0',
  kind: 'conversions',
  description:
    'Sends server-side conversions (hashed identifiers, deduplicated by event id) to Meta CAPI, Google Ads click conversion uploads, the TikTok Events API, Snapchat CAPI v3 and the LinkedIn Conversions API.',
  configSchema: conversionsCapiConfigSchema,
  secretFields: [
    'metaAccessToken',
    'googleAdsAccessToken',
    'googleAdsDeveloperToken',
    'tiktokAccessToken',
    'snapchatAccessToken',
    'linkedinAccessToken',
  ],
  permissions: ['egress:http'],
  schedules: {},
  hostVersionRange: '^0.1.0',
} as const satisfies PluginManifest<'conversions', typeof conversionsCapiConfigSchema>;

import { META_API_VERSION } from '../../connectors/meta/index.js';
import type { PluginManifest } from '../../core/plugin-api/index.js';
import { competitorsMetaAdLibraryConfigSchema } from './config.js';

/** What competitors-meta-ad-library declares about itself. */
export const competitorsMetaAdLibraryManifest = {
  id: 'competitors-meta-ad-library',
  name: 'Meta Ad Library (competitor ads)',
  version: '0.1.0',
  kind: 'competitor-source',
  description:
    "Reads competitors' ads from the Meta Ad Library by Page id or keywords for the countries you choose. Commercial ads are listed only where delivered in the EU and never with spend; spend and impressions are published as ranges for political and issue ads only.",
  configSchema: competitorsMetaAdLibraryConfigSchema,
  secretFields: ['accessToken'],
  permissions: ['egress:http'],
  schedules: {},
  hostVersionRange: '^0.1.0',
  apiVersion: META_API_VERSION,
} as const satisfies PluginManifest<'competitor-source', typeof competitorsMetaAdLibraryConfigSchema>;

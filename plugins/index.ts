import type { PluginRegistryEntry } from '../core/plugin-api/index.js';
import { adsDemoPlugin } from './ads-demo/index.js';
import { adsGooglePlugin } from './ads-google/index.js';
import { adsLinkedinPlugin } from './ads-linkedin/index.js';
import { adsMetaPlugin } from './ads-meta/index.js';
import { adsSnapchatPlugin } from './ads-snapchat/index.js';
import { adsTiktokPlugin } from './ads-tiktok/index.js';
import { channelWhatsappCloudPlugin } from './channel-whatsapp-cloud/index.js';
import { channelWhatsappWebPlugin } from './channel-whatsapp-web/index.js';
import { competitorsMetaAdLibraryPlugin } from './competitors-meta-ad-library/index.js';
import { conversionsCapiPlugin } from './conversions-capi/index.js';
import { mlRoasPlugin } from './ml-roas/index.js';
import { rulesPlugin } from './rules/index.js';

/** The static plugin registry: every plugin the host can install. Only the composition root imports it. */
export const pluginRegistry = [
  adsDemoPlugin,
  adsMetaPlugin,
  adsGooglePlugin,
  adsTiktokPlugin,
  adsSnapchatPlugin,
  adsLinkedinPlugin,
  rulesPlugin,
  mlRoasPlugin,
  channelWhatsappCloudPlugin,
  channelWhatsappWebPlugin,
  conversionsCapiPlugin,
  competitorsMetaAdLibraryPlugin,
] as const satisfies readonly PluginRegistryEntry[];

import type { PluginRegistryEntry } from '../core/plugin-api/index.js';
import { adsDemoPlugin } from './ads-demo/index.js';
import { adsGooglePlugin } from './ads-google/index.js';
import { adsLinkedinPlugin } from './ads-linkedin/index.js';
import { adsMetaPlugin } from './ads-meta/index.js';
import { adsSnapchatPlugin } from './ads-snapchat/index.js';
import { adsTiktokPlugin } from './ads-tiktok/index.js';

/** The static plugin registry: every plugin the host can install. Only the composition root imports it. */
export const pluginRegistry = [
  adsDemoPlugin,
  adsMetaPlugin,
  adsGooglePlugin,
  adsTiktokPlugin,
  adsSnapchatPlugin,
  adsLinkedinPlugin,
] as const satisfies readonly PluginRegistryEntry[];

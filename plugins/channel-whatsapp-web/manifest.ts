import type { PluginManifest } from '../../core/plugin-api/index.js';
import { channelWhatsappWebConfigSchema } from './config.js';

/** What channel-whatsapp-web declares about itself. */
export const channelWhatsappWebManifest = {
  id: 'channel-whatsapp-web',
  name: 'WhatsApp Web (unofficial)',
  version: '1.0.0',
  kind: 'channel',
  description:
    "For teams without a WhatsApp Business account: drives WhatsApp Web in the system Chromium (whatsapp-web.js); an admin links it by scanning a QR code shown in the console. Unofficial: it breaks when WhatsApp Web changes and may violate WhatsApp's terms for some uses — the WhatsApp Cloud API channel is the recommended one.",
  configSchema: channelWhatsappWebConfigSchema,
  secretFields: [],
  permissions: ['messages:send', 'events:publish'],
  schedules: {},
  hostVersionRange: '^0.1.0',
} as const satisfies PluginManifest<'channel', typeof channelWhatsappWebConfigSchema>;

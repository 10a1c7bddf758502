import { WHATSAPP_API_VERSION } from '../../connectors/whatsapp-cloud/index.js';
import type { PluginManifest } from '../../core/plugin-api/index.js';
import { channelWhatsappCloudConfigSchema } from './config.js';

/** What channel-whatsapp-cloud declares about itself. */
export const channelWhatsappCloudManifest = {
  id: 'channel-whatsapp-cloud',
  name: 'WhatsApp (Cloud API)',
  version: '1.0.0',
  kind: 'channel',
  description:
    'Answers KPI questions on WhatsApp through the official WhatsApp Cloud API: webhook deliveries are verified with the app secret, senders are matched to users by their phone number, replies are sent through the Graph API. Point the Meta app webhook at /webhooks/whatsapp.',
  configSchema: channelWhatsappCloudConfigSchema,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  permissions: ['messages:send', 'egress:http'],
  schedules: {},
  hostVersionRange: '^0.1.0',
  apiVersion: WHATSAPP_API_VERSION,
} as const satisfies PluginManifest<'channel', typeof channelWhatsappCloudConfigSchema>;

import { z } from 'zod';
import { WHATSAPP_API_VERSION_PATTERN } from '../../connectors/whatsapp-cloud/index.js';

const graphId = (what: string) => z.string().regex(/^\d{5,20}$/, `Expected the numeric ${what}`);

/**
 * Configuration of a channel-whatsapp-cloud installation. `accessToken`, `appSecret` and
 * `verifyToken` are secrets (encrypted at rest, write-only in the API).
 */
export const channelWhatsappCloudConfigSchema = z
  .object({
    /** The sending number's id (WhatsApp Manager → API setup); webhooks are routed by it. */
    phoneNumberId: graphId('phone number id'),
    /** The WhatsApp Business Account (WABA) id. */
    businessAccountId: graphId('WhatsApp Business Account id'),
    /** A System User token with `whatsapp_business_messaging`. */
    accessToken: z.string().min(20).max(2_000),
    /** The Meta app's secret: webhook deliveries are signed with it (`X-Hub-Signature-256`). */
    appSecret: z.string().min(16).max(200),
    /** The token typed into the app's webhook settings, echoed back by the subscription handshake. */
    verifyToken: z.string().min(8).max(128),
    /** Sends per second from this number (Meta allows about 80 by default). */
    maxMessagesPerSecond: z.number().int().min(1).max(80).default(20),
    /** Replaces `https://graph.facebook.com` (tests, proxies); the host's egress guard still applies. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Pins another Graph API version than the connector's. */
    apiVersion: z.string().regex(WHATSAPP_API_VERSION_PATTERN, 'Expected a version such as v25.0').optional(),
  })
  .strict();

/** Parsed channel-whatsapp-cloud configuration. */
export type ChannelWhatsappCloudConfig = z.output<typeof channelWhatsappCloudConfigSchema>;

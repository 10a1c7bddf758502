/**
 * WhatsApp Cloud API connector: a pure client (HTTP through the given client, no storage) that
 * sends text messages and read receipts, splits long answers, classifies Graph errors, and
 * parses and authenticates webhook deliveries.
 * @packageDocumentation
 */
export {
  WHATSAPP_API_VERSION,
  WHATSAPP_API_VERSION_PATTERN,
  WHATSAPP_DEFAULT_BASE_URL,
  WHATSAPP_TEXT_LIMIT,
} from './api-version.js';
export { createWhatsappCloudClient } from './client.js';
export type {
  WhatsappClientStats,
  WhatsappCloudClient,
  WhatsappCloudClientOptions,
  WhatsappPhoneNumberInfo,
  WhatsappSendResult,
} from './client.js';
export { classifyWhatsappResponse, readWhatsappGraphError } from './errors.js';
export type { WhatsappGraphError } from './errors.js';
export {
  WHATSAPP_SIGNATURE_HEADER,
  signWhatsappWebhook,
  verifyWhatsappSignature,
  verifyWhatsappSubscription,
} from './signature.js';
export { splitWhatsappText } from './split-text.js';
export {
  WHATSAPP_STATUSES,
  e164ToWaId,
  parseWhatsappWebhook,
  waIdToE164,
  whatsappWebhookSchema,
} from './webhook.js';
export type {
  ParsedWhatsappWebhook,
  WhatsappInboundMessage,
  WhatsappStatus,
  WhatsappStatusUpdate,
} from './webhook.js';

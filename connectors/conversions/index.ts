/** Server-to-server conversion clients (reference §7): Meta CAPI, Google Ads uploads, TikTok, Snapchat, LinkedIn. */
export { createGoogleAdsConversionsClient, toGoogleClickConversion } from './google-ads.js';
export type { GoogleAdsConversionsOptions } from './google-ads.js';
export { createLinkedinConversionsClient, toLinkedinEvent } from './linkedin.js';
export type { LinkedinConversionsOptions } from './linkedin.js';
export { createMetaConversionsClient, toMetaEvent } from './meta.js';
export type { MetaConversionsOptions } from './meta.js';
export { SNAPCHAT_EVENT_NAMES, createSnapchatConversionsClient, toSnapchatEvent } from './snapchat.js';
export type { SnapchatConversionsOptions } from './snapchat.js';
export { createTiktokConversionsClient, toTiktokEvent } from './tiktok.js';
export type { TiktokConversionsOptions } from './tiktok.js';
export type {
  ConversionLimits,
  ConversionOutcome,
  ConversionRecord,
  ConversionUpload,
  ConversionsClient,
} from './types.js';

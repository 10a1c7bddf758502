/** TikTok API for Business connector: client, errors, mapping to unified records, API version. */
export { TIKTOK_API_VERSION, TIKTOK_DEFAULT_BASE_URL } from './api-version.js';
export { TIKTOK_ADVERTISER_FIELDS, TIKTOK_CAMPAIGN_FIELDS, createTikTokClient } from './client.js';
export type { TikTokClient, TikTokClientOptions, TikTokPage, TikTokReportRequest } from './client.js';
export { tiktokBodyError, tiktokHttpError } from './errors.js';
export {
  DEFAULT_TIKTOK_CONVERSION_MAPPING,
  mapAdvertiser,
  mapCampaign,
  mapReportRow,
  RowBuilder,
  reportMetrics,
} from './mapping.js';
export type {
  Mapped,
  TikTokConversionMapping,
  UnifiedAccount,
  UnifiedCampaign,
  UnifiedCampaignStatus,
  UnifiedDailyMetric,
  UnifiedObjective,
} from './mapping.js';
export { currencyExponent, decimalToCount, decimalToMinorUnits, minorUnitsToMajor } from './money.js';

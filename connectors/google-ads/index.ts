/** The Google Ads API connector: a pure client (auth, GAQL pages, errors, mutations) and row mapping. */
export {
  GOOGLE_ADS_API_VERSION,
  GOOGLE_ADS_DEFAULT_BASE_URL,
  GOOGLE_OAUTH_TOKEN_URL,
} from './api-version.js';
export { createGoogleAdsClient, customerIdSchema } from './client.js';
export type {
  GoogleAdsClient,
  GoogleAdsClientOptions,
  GoogleAdsClientStats,
  MutateService,
  SearchPage,
} from './client.js';
export { googleAdsErrorFromResponse, parseDurationMs, readGoogleAdsError } from './errors.js';
export type { GoogleAdsErrorInfo } from './errors.js';
export { currencyExponent, majorToMinor, microsToMinor, minorToMicros } from './money.js';
export { createAccessTokenProvider, refreshTokenId } from './oauth.js';
export type {
  AccessTokenCache,
  AccessTokenProvider,
  AccessTokenProviderOptions,
  CachedAccessToken,
  GoogleAdsCredentials,
} from './oauth.js';
export { CAMPAIGNS_QUERY, CUSTOMER_QUERY, campaignQuery, dailyMetricsQuery } from './queries.js';
export type { ConversionMetric } from './queries.js';
export { mapCampaignRow, mapCustomerRow, mapMetricRow } from './rows.js';
export type {
  GoogleAdsAccount,
  GoogleAdsCampaign,
  GoogleAdsCampaignStatus,
  GoogleAdsDailyRow,
  RowResult,
  UnifiedObjective,
} from './rows.js';
